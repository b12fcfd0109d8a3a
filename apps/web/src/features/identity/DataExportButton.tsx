import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { apiDownload } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';
import { saveFile } from '../../lib/save-file';

/** "Download my data": GET /users/me/export, saved as a JSON file. */
export function DataExportButton() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function download() {
    setBusy(true);
    setError(null);
    try {
      const { blob, filename } = await apiDownload('/users/me/export', 'kindred-my-data.json');
      saveFile(blob, filename);
    } catch (downloadError) {
      setError(errorMessage(downloadError));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="flex flex-col items-start gap-2">
      <Button variant="secondary" onClick={() => void download()} busy={busy}>
        Download my data
      </Button>
      {error && <p className="text-sm font-medium text-danger-text">{error}</p>}
    </div>
  );
}
