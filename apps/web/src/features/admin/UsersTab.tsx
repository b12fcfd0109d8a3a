import { roles, type AdminUser, type AdminUsersQuery, type Role } from '@kindred/protocol';
import { TitledSection } from '../../components/ui/Card';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { Button } from '../../components/ui/Button';
import { Options, SelectField } from '../../components/ui/SelectField';
import { TextField } from '../../components/ui/TextField';
import { showToast } from '../../components/ui/toast-store';
import { errorMessage } from '../../lib/api-error';
import { useMe } from '../identity/me-query';
import {
  adminUserAppointmentsQueryOptions,
  adminUsersQueryOptions,
  refreshAdminData,
  setUserActive,
} from './admin-api';
import { formatDateTime, humanize } from './admin-format';
import { useAdminTitle } from './AdminLayout';
import { BanDialog } from './BanDialog';
import { ExpandableRow, PagedTable, useRowExpansion } from './PagedTable';
import { QueryState, tdClasses } from './QueryState';
import { usePager } from './use-pager';
import { useDebouncedValue } from './use-debounced-value';

const PAGE_SIZE = 20;
type StatusFilter = '' | 'active' | 'banned';

function StatusBadge({ active }: { active: boolean }) {
  return active ? (
    <span className="rounded-full bg-secondary-soft px-2 py-0.5 font-semibold text-secondary-strong">
      Active
    </span>
  ) : (
    <span className="rounded-full bg-danger-soft px-2 py-0.5 font-semibold text-danger-text">
      Banned
    </span>
  );
}

/** A user's booked sessions, each with who changed it and when. */
function UserAppointments({ userId }: { userId: string }) {
  const query = useQuery(adminUserAppointmentsQueryOptions(userId));
  if (query.isPending) return <p className="text-muted">Loading booked sessions…</p>;
  if (query.isError) return <p role="alert">Booked sessions could not be loaded.</p>;
  const { appointments } = query.data;
  if (appointments.length === 0) return <p className="text-muted">No booked sessions.</p>;
  return (
    <ul aria-label="Booked sessions" className="flex flex-col gap-2">
      {appointments.map((a) => (
        <li key={a.id}>
          <span className="font-semibold">{formatDateTime(a.start)}</span> · {humanize(a.status)}
          {a.late_cancel ? ' (late)' : ''} · as {a.role} with {a.partner.pseudonym}
          <ul className="ml-4 text-muted">
            {a.history.map((change) => (
              <li key={`${change.action}-${change.at}`}>
                {humanize(change.action)} by {change.by?.pseudonym ?? 'Kindred'},{' '}
                {formatDateTime(change.at)}
                {change.reason ? `: ${change.reason}` : ''}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

function UserDetails({ user }: { user: AdminUser }) {
  return (
    <dl className="grid gap-x-6 gap-y-1 sm:grid-cols-[max-content_1fr]">
      <dt className="font-semibold">User id</dt>
      <dd className="break-all">{user.id}</dd>
      <dt className="font-semibold">Joined</dt>
      <dd>{formatDateTime(user.created_at)}</dd>
      <dt className="font-semibold">Listener status</dt>
      <dd>{humanize(user.listener_status)}</dd>
      <dt className="font-semibold">Administrator</dt>
      <dd>{user.is_admin ? 'Yes' : 'No'}</dd>
      <dt className="font-semibold">Open reports against them</dt>
      <dd>
        {user.open_reports > 0 ? (
          <Link
            to={`/admin/moderation?reported_user_id=${user.id}`}
            className="font-semibold text-primary-strong underline"
          >
            {user.open_reports} open {user.open_reports === 1 ? 'report' : 'reports'}
          </Link>
        ) : (
          'None'
        )}
      </dd>
      <dt className="font-semibold">Booked sessions</dt>
      <dd>
        <UserAppointments userId={user.id} />
      </dd>
    </dl>
  );
}

/** /admin/users: find people, see their standing, ban or unban them. */
export function UsersTab() {
  useAdminTitle('Users');
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [status, setStatus] = useState<StatusFilter>('');
  const pager = usePager(PAGE_SIZE);
  const expansion = useRowExpansion('user-details');
  const [banning, setBanning] = useState<AdminUser | null>(null);
  const [unbanning, setUnbanning] = useState<string | null>(null);
  const debouncedSearch = useDebouncedValue(search.trim());

  const query: AdminUsersQuery = {
    ...pager.query,
    search: debouncedSearch || undefined,
    role: role || undefined,
    is_active: status === '' ? undefined : status === 'active' ? 'true' : 'false',
  };
  const users = useQuery(adminUsersQueryOptions(query));

  async function ban(user: AdminUser, reason: string) {
    await setUserActive(user.id, { is_active: false, reason });
    setBanning(null);
    showToast(`${user.pseudonym} is banned`);
    await refreshAdminData(queryClient);
  }

  async function unban(user: AdminUser) {
    setUnbanning(user.id);
    try {
      await setUserActive(user.id, { is_active: true });
      showToast(`${user.pseudonym} can use Kindred again`);
      await refreshAdminData(queryClient);
    } catch (error) {
      showToast(errorMessage(error), 'error');
    } finally {
      setUnbanning(null);
    }
  }

  return (
    <TitledSection headingId="admin-users-heading" title="Users" className="flex flex-col gap-4">
      <div
        role="search"
        aria-label="Filter users"
        className="grid gap-3 sm:grid-cols-[2fr_1fr_1fr]"
      >
        <TextField
          label="Search"
          type="search"
          hint="Pseudonym or email"
          value={search}
          onChange={(event) => {
            setSearch(event.target.value);
            pager.firstPage();
          }}
        />
        <SelectField
          label="Role"
          value={role}
          onChange={(event) => {
            setRole(event.target.value as Role | '');
            pager.firstPage();
          }}
        >
          <option value="">All roles</option>
          <Options values={roles} label={humanize} />
        </SelectField>
        <SelectField
          label="Status"
          value={status}
          onChange={(event) => {
            setStatus(event.target.value as StatusFilter);
            pager.firstPage();
          }}
        >
          <option value="">All</option>
          <option value="active">Active</option>
          <option value="banned">Banned</option>
        </SelectField>
      </div>
      <QueryState query={users} loading="Loading users…">
        {(data) => (
          <PagedTable
            caption="Users"
            columns={['Pseudonym', 'Email', 'Roles', 'Rating', 'Chats', 'Status', 'Actions']}
            empty="No users match these filters."
            rows={data.users}
            paging={data}
            pagingLabel="Users"
            pager={pager}
            busy={users.isFetching}
          >
            {(user) => {
              const row = expansion(user.id);
              return (
                <ExpandableRow key={user.id} expansion={row} details={<UserDetails user={user} />}>
                  <th scope="row" className={`${tdClasses} font-semibold`}>
                    {user.pseudonym}
                    {user.is_admin && (
                      <span className="ml-2 text-xs font-normal text-muted">(admin)</span>
                    )}
                  </th>
                  <td className={`${tdClasses} break-all`}>{user.email}</td>
                  <td className={tdClasses}>{user.roles.map(humanize).join(', ')}</td>
                  <td className={`${tdClasses} tabular-nums`}>
                    {user.listener_rating === null ? '—' : user.listener_rating.toFixed(1)}
                  </td>
                  <td className={`${tdClasses} tabular-nums`}>{user.listener_total_chats}</td>
                  <td className={tdClasses}>
                    <StatusBadge active={user.is_active} />
                  </td>
                  <td className={tdClasses}>
                    <div className="flex flex-wrap gap-1">
                      <Button
                        variant="ghost"
                        {...row.toggle}
                        aria-label={`View details of ${user.pseudonym}`}
                      >
                        View details
                      </Button>
                      {user.id !== me?.id &&
                        (user.is_active ? (
                          <Button
                            variant="danger"
                            aria-haspopup="dialog"
                            aria-label={`Ban ${user.pseudonym}`}
                            onClick={() => setBanning(user)}
                          >
                            Ban
                          </Button>
                        ) : (
                          <Button
                            variant="secondary"
                            aria-label={`Unban ${user.pseudonym}`}
                            busy={unbanning === user.id}
                            onClick={() => void unban(user)}
                          >
                            Unban
                          </Button>
                        ))}
                    </div>
                  </td>
                </ExpandableRow>
              );
            }}
          </PagedTable>
        )}
      </QueryState>
      <BanDialog
        user={banning}
        onClose={() => setBanning(null)}
        onSubmit={(reason) => (banning ? ban(banning, reason) : Promise.resolve())}
      />
    </TitledSection>
  );
}
