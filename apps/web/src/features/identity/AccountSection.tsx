import type { Me } from '@kindred/protocol';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { showToast } from '../../components/ui/toast-store';
import { clearSession } from './session-actions';
import { DataExportButton } from './DataExportButton';
import { DeleteAccountForm } from './DeleteAccountForm';
import { ProfileSection } from './ProfileSection';

/** Your data: download a copy, or delete the account. */
export function AccountSection({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState(false);

  const onDeleted = () => {
    setDeleting(false);
    clearSession(queryClient);
    showToast('Your account has been deleted. Take care.', 'info');
    void navigate('/', { replace: true });
  };

  return (
    <ProfileSection title="Your data" intro="Get a copy of what Kindred stores about you.">
      <DataExportButton />
      <div className="flex flex-col items-start gap-2 border-t border-line pt-5">
        <h3 className="text-xl">Delete my account</h3>
        <p className="text-muted">
          Removes your account and everything attached to it. This cannot be undone.
        </p>
        <Button variant="danger" onClick={() => setDeleting(true)}>
          Delete my account
        </Button>
      </div>
      <Dialog open={deleting} onClose={() => setDeleting(false)} title="Delete your account?">
        <DeleteAccountForm
          authProvider={me.auth_provider}
          onCancel={() => setDeleting(false)}
          onDeleted={onDeleted}
        />
      </Dialog>
    </ProfileSection>
  );
}
