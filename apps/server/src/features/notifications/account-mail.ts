import type { DomainEvents } from '../../lib/events';
import { escapeHtml } from '../../lib/html';

type AccountMail = DomainEvents['account.mail'];

/** What each account mail says; like every Kindred mail it names nobody. */
const texts: Record<AccountMail['kind'], { subject: string; line: string; action?: string }> = {
  password_reset: {
    subject: 'Reset your Kindred password',
    line:
      'Someone asked to reset the password of your Kindred account. The link works once, for ' +
      '30 minutes. If it was not you, ignore this mail: nothing changes.',
    action: 'Choose a new password',
  },
  email_verify: {
    subject: 'Confirm your e-mail address for Kindred',
    line:
      'Please confirm that this address is yours. Until then Kindred cannot send you password ' +
      'resets or notifications by e-mail.',
    action: 'Confirm my address',
  },
  email_change: {
    subject: 'Confirm your new e-mail address for Kindred',
    line: 'Someone asked to use this address for a Kindred account. If it was you, confirm it.',
    action: 'Confirm this address',
  },
  password_changed: {
    subject: 'Your Kindred password was changed',
    line:
      'The password of your Kindred account was just changed and other devices were signed ' +
      'out. If it was not you, reset your password now and contact us.',
  },
  email_changed: {
    subject: 'Your Kindred e-mail address was changed',
    line:
      'Your Kindred account now uses another e-mail address, so mail will no longer come here. ' +
      'If it was not you, contact us at once.',
  },
};

/** The mail for an account event: subject, text and HTML with its single-use link if any. */
export function accountMailFor(mail: AccountMail) {
  const { subject, line, action } = texts[mail.kind];
  const link = mail.url && action ? { url: mail.url, action } : undefined;
  const text = `Hello,\n\n${line}\n${link ? `\n${link.action}: ${link.url}\n` : ''}`;
  const html =
    `<p>Hello,</p><p>${escapeHtml(line)}</p>` +
    (link ? `<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.action)}</a></p>` : '');
  return { subject, text, html };
}
