import { limits } from '@kindred/protocol';
import { reasonDialog } from './ReasonDialog';

/**
 * Confirms a ban and asks for its reason (the listening contract: "This will end any active
 * chats.").
 */
export const BanDialog = reasonDialog({
  title: (pseudonym) => `Ban ${pseudonym}?`,
  intro: 'Are you sure? This will end any active chats. They will be signed out everywhere.',
  field: { label: 'Reason', hint: 'Kept in the audit log.', maxLength: limits.banReasonMax },
  requiredError: 'Reason is required',
  submit: { label: 'Ban', variant: 'danger' },
});
