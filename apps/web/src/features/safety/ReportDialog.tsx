import { reportReasons } from '@kindred/protocol';
import { useId, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Dialog, DialogActions, DialogForm, DialogSent } from '../../components/ui/Dialog';
import { CharacterCount, controlClasses, FieldLabel } from '../../components/ui/Field';
import { FormAlert } from '../../components/ui/FormAlert';
import { useAsyncAction } from '../../lib/use-async-action';
import { sendReport } from '../listening/listening-api';
import { type ReportTarget, useReportStore } from './report-store';
import { Options } from '../../components/ui/SelectField';

export const DESCRIPTION_MAX = 1000;
export const REPORT_THANKS = 'Thank you. Our team will review this.';

type Reason = (typeof reportReasons)[number];
const reasonLabels: Record<Reason, string> = {
  harassment: 'Harassment',
  inappropriate: 'Inappropriate content',
  spam: 'Spam',
  safety_concern: 'Safety concern',
  other: 'Something else',
};

/** The report form (POST /reports), for whatever `openReport` last asked about. */
export function ReportDialog() {
  const target = useReportStore((state) => state.target);
  const close = useReportStore((state) => state.close);
  return (
    <Dialog
      open={target !== null}
      onClose={close}
      title={target?.messageId ? 'Report a message' : `Report ${target?.pseudonym ?? ''}`.trim()}
    >
      {target && (
        <ReportForm
          key={`${target.userId}:${target.messageId ?? ''}`}
          target={target}
          onClose={close}
        />
      )}
    </Dialog>
  );
}

function ReportForm({ target, onClose }: { target: ReportTarget; onClose: () => void }) {
  const id = useId();
  const [reason, setReason] = useState<Reason | ''>('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<{ reason?: string; description?: string }>({});
  const sending = useAsyncAction();
  const [sent, setSent] = useState(false);

  if (sent) {
    return (
      <DialogSent news={REPORT_THANKS} onClose={onClose}>
        Reports are confidential: {target.pseudonym} won't know who reported them.
      </DialogSent>
    );
  }

  async function submit() {
    const text = description.trim();
    const problems: typeof errors = {};
    if (!reason) problems.reason = 'Choose a reason.';
    if (!text) problems.description = 'Tell us briefly what happened.';
    else if (text.length > DESCRIPTION_MAX)
      problems.description = `Please keep it to ${DESCRIPTION_MAX} characters.`;
    setErrors(problems);
    if (!reason || problems.description) {
      document.getElementById(problems.reason ? `${id}-reason` : `${id}-description`)?.focus();
      return;
    }
    await sending.run(async () => {
      await sendReport({
        reported_user_id: target.userId,
        ...(target.sessionId ? { chat_session_id: target.sessionId } : {}),
        ...(target.messageId ? { message_id: target.messageId } : {}),
        reason,
        description: text,
      });
      setSent(true);
    });
  }

  const length = description.length;
  return (
    <DialogForm onSubmit={submit}>
      {target.excerpt ? (
        <blockquote className="rounded-lg border-l-4 border-line bg-surface px-3 py-2 break-words text-muted">
          <span className="sr-only">The message: </span>
          {target.excerpt}
        </blockquote>
      ) : (
        <p>Tell us what happened with {target.pseudonym}. Our team reads every report.</p>
      )}
      <div className="flex flex-col gap-1">
        <FieldLabel htmlFor={`${id}-reason`}>Reason</FieldLabel>
        <select
          id={`${id}-reason`}
          value={reason}
          required
          onChange={(event) => {
            setReason(event.target.value as Reason | '');
            setErrors((e) => ({ ...e, reason: undefined }));
          }}
          aria-invalid={errors.reason ? true : undefined}
          aria-describedby={errors.reason ? `${id}-reason-error` : undefined}
          className={controlClasses}
        >
          <option value="">Choose a reason</option>
          <Options values={reportReasons} label={(value) => reasonLabels[value]} />
        </select>
        {errors.reason && (
          <p id={`${id}-reason-error`} className="text-sm font-medium text-danger-text">
            {errors.reason}
          </p>
        )}
      </div>
      <div className="flex flex-col gap-1">
        <FieldLabel htmlFor={`${id}-description`}>What happened?</FieldLabel>
        <textarea
          id={`${id}-description`}
          rows={4}
          value={description}
          required
          onChange={(event) => {
            setDescription(event.target.value);
            setErrors((e) => ({ ...e, description: undefined }));
          }}
          aria-invalid={errors.description || length > DESCRIPTION_MAX ? true : undefined}
          aria-describedby={[errors.description ? `${id}-description-error` : '', `${id}-count`]
            .filter(Boolean)
            .join(' ')}
          className={`${controlClasses} resize-y`}
        />
        <div className="flex justify-between gap-4 text-sm">
          <p id={`${id}-description-error`} className="font-medium text-danger-text">
            {errors.description}
          </p>
          <CharacterCount id={`${id}-count`} length={length} max={DESCRIPTION_MAX} />
        </div>
      </div>
      <FormAlert message={sending.error} />
      <DialogActions onCancel={onClose}>
        <Button type="submit" variant="danger" busy={sending.busy}>
          Send report
        </Button>
      </DialogActions>
    </DialogForm>
  );
}
