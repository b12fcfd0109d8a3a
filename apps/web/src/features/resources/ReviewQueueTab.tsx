import { useAdminTitle } from '../admin/AdminLayout';
import { EditorList } from './EditorList';
import { ResourceStatsTable } from './ResourceStatsTable';

/** /admin/resources: resources sent for review, oldest first; each opens in the editor. */
export function ReviewQueueTab() {
  useAdminTitle('Resources');
  return (
    <div className="flex flex-col gap-10">
      <section aria-labelledby="resource-review-title" className="flex flex-col gap-4">
        <div className="flex flex-col gap-1">
          <h2 id="resource-review-title" className="text-2xl">
            Resources waiting for review
          </h2>
          <p className="text-muted">
            Open one to read it, then publish it or send it back with a reason.
          </p>
        </div>
        <EditorList
          scope={{ status: 'in_review' }}
          label="Waiting for review"
          empty="Nothing is waiting for review."
        />
      </section>
      <ResourceStatsTable />
    </div>
  );
}
