import type { NotificationType } from '@kindred/protocol';
import type { NotificationRow } from '../../db/schema';
import { escapeHtml } from '../../lib/html';

/** What a notification says in the app (behind sign-in: pseudonyms may appear). */
export interface InAppText {
  title: string;
  body: string;
  link: string;
}

/**
 * The e-mail and push texts of each type. Discretion first: a shared inbox or a lock screen must
 * never show what someone wrote or who they are, so these never name anyone and never quote.
 */
const outside: Record<NotificationType, { subject: string; line: string }> = {
  message_request: {
    subject: 'You have a new message request on Kindred',
    line: 'Someone you talked with on Kindred would like to send you messages.',
  },
  request_accepted: {
    subject: 'You have a new message on Kindred',
    line: 'A message request you sent on Kindred was accepted.',
  },
  new_message: {
    subject: 'You have a new message on Kindred',
    line: 'You have a new message on Kindred.',
  },
  support_reply: {
    subject: 'Kindred Support has answered you',
    line: 'There is a new answer to your support request on Kindred.',
  },
  chat_request: {
    subject: 'Someone would like to talk on Kindred',
    line: 'A sharer has asked to talk with you. Open Kindred to answer.',
  },
  listener_free: {
    subject: 'A listener is free on Kindred',
    line: 'A listener is free to talk with you now. Open Kindred to keep your place.',
  },
  listener_approved: {
    subject: 'About your Kindred listener application',
    line: 'There is news about your listener application on Kindred.',
  },
  listener_rejected: {
    subject: 'About your Kindred listener application',
    line: 'There is news about your listener application on Kindred.',
  },
  moderation_notice: {
    subject: 'A note from the Kindred team',
    line: 'The Kindred team has left you a note. Please read it when you next sign in.',
  },
  account_security: {
    subject: 'Security notice for your Kindred account',
    line: 'Something changed in how your Kindred account is accessed. Please sign in to check.',
  },
  appointment_booked: {
    subject: 'A session was booked on Kindred',
    line: 'A session with you was booked on Kindred.',
  },
  appointment_rescheduled: {
    subject: 'A session was moved on Kindred',
    line: 'One of your sessions on Kindred has a new time.',
  },
  appointment_cancelled: {
    subject: 'A session was cancelled on Kindred',
    line: 'One of your sessions on Kindred was cancelled.',
  },
  appointment_reminder: {
    subject: 'Your Kindred session starts soon',
    line: 'One of your sessions on Kindred starts soon.',
  },
};

/** The digest of chat messages that arrived while e-mail waited for its hourly window. */
export const digestText = {
  subject: 'You have new messages on Kindred',
  line: 'You have new messages on Kindred.',
};

/** "24 hours", "15 minutes": how far ahead a reminder is. */
function startsIn(minutes: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (minutes % 1440 === 0) return plural(minutes / 1440, 'day').replace(/^1 day$/, '24 hours');
  if (minutes % 60 === 0) return plural(minutes / 60, 'hour');
  return plural(minutes, 'minute');
}

/** The in-app texts, built from what the event says (pseudonyms only, never an e-mail). */
export const inAppText = {
  messageRequest: (from: string): InAppText => ({
    title: 'New message request',
    body: `${from} would like to send you messages.`,
    link: '/messages?tab=requests',
  }),
  requestAccepted: (by: string, conversationId: string): InAppText => ({
    title: 'Message request accepted',
    body: `${by} accepted your request. You can write to each other now.`,
    link: `/messages/${conversationId}`,
  }),
  newMessage: (from: string, conversationId: string): InAppText => ({
    title: 'New message',
    body: `${from} wrote to you.`,
    link: `/messages/${conversationId}`,
  }),
  supportReply: (conversationId: string): InAppText => ({
    title: 'Kindred Support replied',
    body: 'There is a new answer to your support request.',
    link: `/support/${conversationId}`,
  }),
  chatRequest: (from: string): InAppText => ({
    title: 'Someone would like to talk',
    body: `${from} has asked to talk with you.`,
    link: '/listener/queue',
  }),
  listenerFree: (): InAppText => ({
    title: 'A listener is free',
    body: 'A listener is free to talk. Come back to the page to be connected; your place is kept.',
    link: '/sharer/find-listener',
  }),
  listenerApproved: (): InAppText => ({
    title: 'You are approved as a listener',
    body: 'Welcome to the team. You can go available whenever you are ready.',
    link: '/dashboard',
  }),
  listenerRejected: (): InAppText => ({
    title: 'About your listener application',
    body: 'Your application was not approved this time. The reason is on your application page.',
    link: '/listener/apply',
  }),
  registrationAttempt: (): InAppText => ({
    title: 'Someone tried to register with your e-mail',
    body:
      'Someone tried to create a new Kindred account with your e-mail address. Nothing was ' +
      'changed. If it was you, just sign in; if not, you need do nothing.',
    link: '/dashboard',
  }),
  appointmentBooked: (by: string, appointmentId: string): InAppText => ({
    title: 'New session booked',
    body: `${by} booked a session with you.`,
    link: `/appointments/${appointmentId}`,
  }),
  appointmentRescheduled: (by: string, appointmentId: string): InAppText => ({
    title: 'Session moved',
    body: `${by} moved your session to a new time.`,
    link: `/appointments/${appointmentId}`,
  }),
  /** `by` null: Kindred cancelled it (the two can no longer reach each other). */
  appointmentCancelled: (by: string | null, appointmentId: string): InAppText => ({
    title: 'Session cancelled',
    body: by ? `${by} cancelled your session.` : 'Your session was cancelled.',
    link: `/appointments/${appointmentId}`,
  }),
  appointmentReminder: (minutesBefore: number, appointmentId: string): InAppText => ({
    title: 'Your session starts soon',
    body: `Your session starts in ${startsIn(minutesBefore)}.`,
    link: `/appointments/${appointmentId}`,
  }),
  moderationNotice: (): InAppText => ({
    title: 'A note from the Kindred team',
    body: 'Please read the note from the team.',
    link: '/dashboard',
  }),
};

/** The e-mail for one notification, with its link on this deployment. */
export function emailFor(
  notification: Pick<NotificationRow, 'type' | 'link'>,
  recipient: { pseudonym: string; publicUrl: string },
): { subject: string; text: string; html: string } {
  const { subject, line } = outside[notification.type as NotificationType] ?? outside.new_message;
  return composeEmail(subject, line, `${recipient.publicUrl}${notification.link}`, recipient);
}

/** One e-mail for several chat-message notifications. */
export function digestEmailFor(recipient: { pseudonym: string; publicUrl: string }) {
  const url = `${recipient.publicUrl}/messages`;
  return composeEmail(digestText.subject, digestText.line, url, recipient);
}

/** The push payload: as discreet as the e-mail, with the in-app link to open. */
export function pushFor(notification: Pick<NotificationRow, 'type' | 'link'>) {
  const { subject, line } = outside[notification.type as NotificationType] ?? outside.new_message;
  return { title: subject, body: line, link: notification.link };
}

function composeEmail(
  subject: string,
  line: string,
  url: string,
  recipient: { pseudonym: string },
): { subject: string; text: string; html: string } {
  // Not even the recipient's own pseudonym: in a shared inbox it would tell who they are here.
  void recipient;
  const greeting = 'Hello,';
  const text = `${greeting}\n\n${line}\n\nOpen Kindred: ${url}\n`;
  const html =
    `<p>${escapeHtml(greeting)}</p><p>${escapeHtml(line)}</p>` +
    `<p><a href="${escapeHtml(url)}">Open Kindred</a></p>`;
  return { subject, text, html };
}
