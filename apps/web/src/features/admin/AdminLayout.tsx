import { NavLink, Outlet } from 'react-router';
import { ButtonLink } from '../../components/ui/ButtonLink';
import { usePageTitle } from '../../lib/use-page-title';
import { useMe } from '../identity/me-query';

const sections = [
  { to: '/admin', label: 'Dashboard', end: true },
  { to: '/admin/users', label: 'Users' },
  { to: '/admin/wellbeing', label: 'Wellbeing' },
  { to: '/admin/moderation', label: 'Reports & Moderation' },
  { to: '/admin/listeners', label: 'Listeners' },
  { to: '/admin/support', label: 'Support' },
  { to: '/admin/resources', label: 'Resources' },
  { to: '/admin/logs', label: 'Audit log' },
] as const;

const tabClasses = ({ isActive }: { isActive: boolean }) =>
  `inline-flex min-h-11 items-center whitespace-nowrap border-b-4 px-2.5 font-semibold no-underline hover:bg-primary-soft sm:px-3 ${
    isActive ? 'border-primary-strong text-primary-stronger' : 'border-transparent text-ink'
  }`;

/** Shown to signed-in people who are not admins. */
function NotAllowed() {
  usePageTitle('Not allowed');
  return (
    <div className="mx-auto flex max-w-xl flex-col items-start gap-4 py-8">
      <h1 className="text-3xl">You're not allowed to see this page</h1>
      <p>
        The admin area is only for the Kindred team. If you think you should have access, ask an
        administrator.
      </p>
      <ButtonLink to="/dashboard">Go to your dashboard</ButtonLink>
    </div>
  );
}

/** /admin/*: the admin area's frame (heading and section links) for admins only. */
export function AdminLayout() {
  const { data: me } = useMe();
  if (!me) return null;
  if (!me.is_admin) return <NotAllowed />;
  return (
    <div className="flex min-w-0 flex-col gap-6">
      <h1 className="text-3xl">Admin</h1>
      <nav aria-label="Admin sections" className="overflow-x-auto">
        {/* On a phone the sections wrap onto a second line instead of running off the screen. */}
        <ul className="flex flex-wrap gap-x-1 border-b border-line md:flex-nowrap">
          {sections.map((section) => (
            <li key={section.to}>
              <NavLink
                to={section.to}
                end={'end' in section ? section.end : false}
                className={tabClasses}
              >
                {section.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}

/** The title of an admin section, shown in the browser tab: "Users · Admin · Kindred". */
export function useAdminTitle(section: string): void {
  usePageTitle(`${section} · Admin`);
}
