import { reasonDialog } from './ReasonDialog';

/** Asks for the warning a user will see (and must acknowledge) the next time they use Kindred. */
export const WarnDialog = reasonDialog({
  title: (pseudonym) => `Warn ${pseudonym}`,
  field: {
    label: 'Warning',
    hint: 'They will see this the next time they use Kindred, and must acknowledge it.',
    maxLength: 500,
  },
  requiredError: 'Warning is required',
  submit: { label: 'Send warning' },
});
