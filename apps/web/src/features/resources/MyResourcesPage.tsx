import { ButtonLink } from '../../components/ui/ButtonLink';
import { usePageTitle } from '../../lib/use-page-title';
import { useMe } from '../identity/me-query';
import { EditorList } from './EditorList';
import { canEditResources } from './permissions';
import { PageHeader } from '../../components/ui/PageHeader';

/** /library/mine: what this editor has written, in every status. */
export function MyResourcesPage() {
  usePageTitle('My resources');
  const { data: me } = useMe();
  if (!me) return null;
  if (!canEditResources(me)) {
    return (
      <div className="mx-auto flex max-w-xl flex-col items-start gap-4 py-8">
        <h1 className="text-3xl">Only editors write resources</h1>
        <p>Approved listeners and the Kindred team write the library's resources.</p>
        <ButtonLink to="/library">Go to the library</ButtonLink>
      </div>
    );
  }
  return (
    <div className="mx-auto flex w-full max-w-3xl flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <PageHeader title="My resources">
          {me.is_admin
            ? 'Drafts and published resources you wrote.'
            : 'Your drafts and what you sent for review. The team publishes them.'}
        </PageHeader>
        <ButtonLink to="/library/new">Write a resource</ButtonLink>
      </div>
      <EditorList
        scope={{ mine: 'true' }}
        label="My resources"
        empty="You have not written anything yet."
      />
    </div>
  );
}
