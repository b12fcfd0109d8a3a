import { Button } from '../../components/ui/Button';
import { apiDownload } from '../../lib/api';
import { saveFile } from '../../lib/save-file';
import { useAsyncAction } from '../../lib/use-async-action';

/** "Download my data": GET /users/me/export, saved as a JSON file. */
export function DataExportButton() {
  const { busy, error, run } = useAsyncAction();

  const download = () =>
    run(async () => {
      const { blob, filename } = await apiDownload('/users/me/export', 'kindred-my-data.json');
      saveFile(blob, filename);
    });

  return (
    <div className="flex flex-col items-start gap-2">
      <Button variant="secondary" onClick={() => void download()} busy={busy}>
        Download my data
      </Button>
      {error && <p className="text-sm font-medium text-danger-text">{error}</p>}
    </div>
  );
}
