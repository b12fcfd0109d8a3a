/**
 * Who may call what. Every route of the API, called by six kinds of caller, answers with the
 * status this table expects, and no route is left out: a route the app serves that has no row
 * here fails the test, so a new endpoint must say who may use it.
 *
 * Callers: anonymous (no token); user (signed in, unrelated to anything in the URL); member (the
 * owner or member of the resource in the URL: the user themself for /users/me); nonMember
 * (signed in, member of a resource of the same kind, but not this one); banned (a token issued
 * before a ban); admin (a team member who is not a member of the resource).
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  appointments,
  bookingAvailability,
  messageRequests,
  moderationEvents,
  pastSessions,
  resources,
  userNotices,
  users,
} from '../src/db/schema';
import { hashPassword } from '../src/features/identity';
// The identity module does not export its signer; minting tokens with it spares the matrix
// five password checks per row (signing in through the API would add seconds to every run).
import { createTokenSigner } from '../src/features/identity';
import { approvalOffNoStaleCheck, useTestApp } from './app';
import { newUserData, PASSWORD } from './factories';
import { multipartFile, pdfBytes, tinyPng } from './multipart';
import { setUser, storeConversation, storeListeningChat } from './rows';

const roles = ['anonymous', 'user', 'member', 'nonMember', 'banned', 'admin'] as const;
type Role = (typeof roles)[number];
type Expected = Record<Role, number>;

interface Actor {
  id: string;
  email: string;
  token: string;
}

/** Fresh for every row: nothing one row does can change what another sees. */
interface World {
  /** Sharer, member of `chatId`, `directId`, `supportId`; the usual "member". */
  a: Actor;
  /** Listener in `chatId` and `directId` with a. */
  b: Actor;
  /** In a chat and a direct conversation of their own, with `c`. */
  o: Actor;
  u: Actor;
  admin: Actor;
  chatId: string;
  otherChatId: string;
  directId: string;
  supportId: string;
  /** a's message in the listening chat. */
  messageId: string;
  /** a's message in the direct conversation. */
  directMessageId: string;
  /** a's report about b. */
  reportId: string;
  /** a's flagged message, queued for review. */
  eventId: string;
  /** A notice for a. */
  noticeId: string;
  /** o's pending message request to a. */
  requestId: string;
  /** b's draft PDF resource in the library (no file uploaded yet). */
  resourceId: string;
  /** a's booked session with listener b (b takes bookings from anyone, all day, in hours). */
  appointmentId: string;
  /** Free hours of b's, each handed out once (a booking or a move per call). */
  freeStarts: string[];
}

interface Row {
  /** Which world actor is the member (default a). */
  member?: 'a' | 'b';
  request: (
    w: World,
    caller: Actor | undefined,
  ) => { url: string; payload?: unknown; headers?: Record<string, string> };
  expect: Expected;
}

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
/** Every signed-in caller is refused the same way; anonymous 401, banned 403. */
const signedIn = (user: number, member: number, nonMember: number, admin: number): Expected => ({
  anonymous: 401,
  banned: 403,
  user,
  member,
  nonMember,
  admin,
});
/** The same request, without a body, for every caller. */
const plainRow = (url: string, expected: Expected): Row => ({
  request: () => ({ url }),
  expect: expected,
});
/** A direct conversation's own controls: only its members get past the 404. */
const directMembersOnly = (path: string, payload?: unknown): Row => ({
  request: (w) => ({ url: `/conversations/${w.directId}${path}`, payload }),
  expect: signedIn(404, 200, 404, 404),
});
/** Open to anyone signed in, with the same outcome for each. */
const anySignedIn = (status: number) => signedIn(status, status, status, status);
/** Team only: everyone else 403 ADMIN_REQUIRED. */
const adminOnly = (status: number) => signedIn(403, 403, 403, status);
/** No sign-in needed: the same answer for every caller. */
const open = (status: number): Expected =>
  Object.fromEntries(roles.map((role) => [role, status])) as Expected;

const matrix: Record<string, Row> = {
  // ── public ──
  'GET /config': plainRow('/config', open(200)),
  'POST /auth/register': {
    request: () => ({ url: '/auth/register', payload: newUserData() }),
    expect: open(201),
  },
  'POST /auth/login': {
    request: (w) => ({ url: '/auth/login', payload: { email: w.u.email, password: PASSWORD } }),
    expect: open(200),
  },
  'POST /auth/google': {
    request: () => ({ url: '/auth/google', payload: { credential: 'x' } }),
    expect: open(400),
  },
  // No refresh cookie: nobody has a session to refresh.
  'POST /auth/refresh': plainRow('/auth/refresh', open(401)),
  'POST /auth/logout': plainRow('/auth/logout', open(200)),
  'POST /auth/forgot-password': {
    request: (w) => ({ url: '/auth/forgot-password', payload: { email: w.u.email } }),
    expect: open(202),
  },
  'POST /auth/reset-password': {
    request: () => ({
      url: '/auth/reset-password',
      payload: { token: 'x'.repeat(43), password: 'Another-Horse-42' },
    }),
    expect: open(400),
  },
  'POST /auth/verify-email': {
    request: () => ({ url: '/auth/verify-email', payload: { token: 'x'.repeat(43) } }),
    expect: open(400),
  },
  'POST /contact/': {
    request: () => ({
      url: '/contact',
      payload: { email: 'someone@example.org', subject: 'Locked out', message: 'Help' },
    }),
    expect: open(202),
  },
  'POST /auth/verify-email/resend': plainRow('/auth/verify-email/resend', anySignedIn(202)),
  // A wrong current password: the check is reached, nothing changes.
  'POST /auth/change-password': {
    request: () => ({
      url: '/auth/change-password',
      payload: { current_password: 'Not-The-One-1', new_password: 'Another-Horse-42' },
    }),
    expect: anySignedIn(403),
  },
  'POST /auth/change-email': {
    request: () => ({
      url: '/auth/change-email',
      payload: { email: 'moved@example.org', password: 'Not-The-One-1' },
    }),
    expect: anySignedIn(403),
  },
  'GET /users/me/sessions/': plainRow('/users/me/sessions/', anySignedIn(200)),
  'DELETE /users/me/sessions/': plainRow('/users/me/sessions/', anySignedIn(200)),
  'DELETE /users/me/sessions/{id}': plainRow(`/users/me/sessions/${UNKNOWN}`, anySignedIn(404)),

  // ── the signed-in user's own things ──
  'GET /users/me': plainRow('/users/me', anySignedIn(200)),
  'PATCH /users/me': {
    request: () => ({ url: '/users/me', payload: { bio: 'Hello' } }),
    expect: anySignedIn(200),
  },
  'DELETE /users/me': {
    request: () => ({ url: '/users/me', payload: { password: PASSWORD } }),
    expect: anySignedIn(200),
  },
  'POST /users/me/avatar': {
    request: () => ({ url: '/users/me/avatar', ...png() }),
    expect: anySignedIn(200),
  },
  // Only listeners may change availability; b is the listener.
  'PATCH /users/me/availability': {
    member: 'b',
    request: () => ({ url: '/users/me/availability', payload: { availability: 'unavailable' } }),
    expect: signedIn(403, 409, 403, 403),
  },
  'GET /users/me/export': plainRow('/users/me/export', anySignedIn(200)),
  'GET /users/me/notices': plainRow('/users/me/notices', anySignedIn(200)),
  'GET /users/me/blocked': plainRow('/users/me/blocked', anySignedIn(200)),
  'POST /users/me/notices/{id}/ack': {
    request: (w) => ({ url: `/users/me/notices/${w.noticeId}/ack` }),
    expect: signedIn(404, 200, 404, 404),
  },
  'GET /users/avatars/{file}': plainRow('/users/avatars/none.png', anySignedIn(404)),
  'GET /users/{id}': {
    request: (w) => ({ url: `/users/${w.b.id}` }),
    expect: anySignedIn(200),
  },
  'POST /users/{id}/block': {
    request: (w) => ({ url: `/users/${w.b.id}/block`, payload: {} }),
    expect: anySignedIn(200),
  },
  'DELETE /users/{id}/block': {
    request: (w) => ({ url: `/users/${w.b.id}/block` }),
    expect: anySignedIn(200),
  },
  'POST /users/{id}/report': {
    request: (w) => ({
      url: `/users/${w.b.id}/report`,
      payload: { reason: 'spam', description: 'Adverts' },
    }),
    expect: anySignedIn(201),
  },

  // ── listening chats ──
  'POST /match/find-listeners': {
    request: () => ({ url: '/match/find-listeners', payload: {} }),
    expect: anySignedIn(200),
  },
  'GET /match/preferences': plainRow('/match/preferences', anySignedIn(200)),
  'PUT /match/preferences': {
    request: () => ({
      url: '/match/preferences',
      payload: {
        preferred_languages: [],
        preferred_topics: [],
        preferred_listener_min_rating: null,
        avoid_previous_matches: true,
      },
    }),
    expect: anySignedIn(200),
  },
  // b is busy in a chat with a: nobody can have them.
  'POST /match/request-chat': {
    request: (w) => ({ url: '/match/request-chat', payload: { listener_id: w.b.id } }),
    expect: signedIn(400, 409, 409, 400),
  },
  'GET /chat/sessions/active': plainRow('/chat/sessions/active', anySignedIn(200)),
  'POST /chat/sessions/{sessionId}/end': {
    request: (w) => ({ url: `/chat/sessions/${w.chatId}/end` }),
    expect: signedIn(404, 200, 404, 404),
  },
  'GET /chat/sessions/{sessionId}/messages': {
    request: (w) => ({ url: `/chat/sessions/${w.chatId}/messages` }),
    expect: signedIn(404, 200, 404, 404),
  },
  'POST /chat/sessions/{sessionId}/messages': {
    request: (w) => ({ url: `/chat/sessions/${w.chatId}/messages`, payload: { content: 'Hi' } }),
    expect: signedIn(404, 201, 404, 404),
  },
  'POST /feedback': {
    request: (w) => ({ url: '/feedback', payload: { chat_session_id: w.chatId, rating: 5 } }),
    // The chat is still going: members may not rate it yet.
    expect: signedIn(404, 400, 404, 404),
  },
  'POST /reports': {
    request: (w) => ({
      url: '/reports',
      payload: {
        reported_user_id: w.b.id,
        chat_session_id: w.chatId,
        reason: 'harassment',
        description: 'Rude',
      },
    }),
    expect: signedIn(404, 201, 404, 404),
  },

  // ── direct messages ──
  // Only people who had a listening session lately may write; a and b already have a chat.
  'POST /messages/request': {
    request: (w) => ({ url: '/messages/request', payload: { receiver_id: w.b.id, content: 'Hi' } }),
    expect: signedIn(403, 409, 403, 403),
  },
  'GET /messages/requests': plainRow('/messages/requests', anySignedIn(200)),
  'POST /messages/request/{id}/respond': {
    request: (w) => ({
      url: `/messages/request/${w.requestId}/respond`,
      payload: { action: 'accept' },
    }),
    expect: signedIn(404, 200, 403, 404),
  },
  'GET /messages/contacts': plainRow('/messages/contacts', anySignedIn(200)),
  'POST /messages/send': {
    request: (w) => ({
      url: '/messages/send',
      payload: { conversation_id: w.directId, content: 'Hi' },
    }),
    expect: signedIn(404, 201, 404, 404),
  },
  'PUT /messages/{id}/read': {
    member: 'b',
    request: (w) => ({ url: `/messages/${w.directMessageId}/read` }),
    expect: signedIn(404, 200, 404, 404),
  },
  'GET /conversations': plainRow('/conversations', anySignedIn(200)),
  'GET /conversations/{id}/messages': directMembersOnly('/messages'),
  // The message pipeline's own route: the one answer for everyone outside.
  'POST /conversations/{sessionId}/messages': {
    request: (w) => ({ url: `/conversations/${w.directId}/messages`, payload: { content: 'Hi' } }),
    expect: signedIn(404, 201, 404, 404),
  },
  'POST /conversations/{id}/mute': directMembersOnly('/mute', { duration: '8h' }),
  'DELETE /conversations/{id}/mute': directMembersOnly('/mute'),
  'POST /conversations/{id}/clear': directMembersOnly('/clear'),
  'POST /conversations/{id}/archive': directMembersOnly('/archive'),
  'DELETE /conversations/{id}/archive': directMembersOnly('/archive'),
  'POST /conversations/{id}/attachments': {
    request: (w) => ({ url: `/conversations/${w.directId}/attachments`, ...png() }),
    expect: signedIn(404, 201, 404, 404),
  },
  'GET /attachments/{id}': plainRow(`/attachments/${UNKNOWN}`, anySignedIn(404)),

  // ── listener applications ──
  'GET /listeners/guidelines': plainRow('/listeners/guidelines', anySignedIn(200)),
  'GET /listeners/application': plainRow('/listeners/application', anySignedIn(200)),
  'POST /listeners/apply': {
    request: () => ({
      url: '/listeners/apply',
      payload: { accept_guidelines: true, motivation: 'I like to listen' },
    }),
    expect: anySignedIn(201),
  },

  // ── notifications: each person's own; the unsubscribe link needs no sign-in, only its token ──
  // ── the resource library: published ones for everyone; a draft for its author (b) and the team ──
  'GET /resources': plainRow('/resources', anySignedIn(200)),
  'GET /resources/recommended': plainRow('/resources/recommended', anySignedIn(200)),
  'POST /resources': {
    member: 'b',
    request: () => ({
      url: '/resources',
      payload: { type: 'article', title: 'Breathing', summary: 'Slowly', body: 'In and out' },
    }),
    // Approved listeners and the team write; a and o are sharers.
    expect: signedIn(403, 201, 403, 201),
  },
  'GET /resources/{id}': {
    member: 'b',
    request: (w) => ({ url: `/resources/${w.resourceId}` }),
    expect: signedIn(404, 200, 404, 200),
  },
  'PUT /resources/{id}': {
    member: 'b',
    request: (w) => ({ url: `/resources/${w.resourceId}`, payload: { title: 'Renamed' } }),
    expect: signedIn(404, 200, 404, 200),
  },
  'DELETE /resources/{id}': {
    member: 'b',
    request: (w) => ({ url: `/resources/${w.resourceId}` }),
    // The admin's call deletes it; the author, who goes last, then finds it gone.
    expect: signedIn(404, 404, 404, 200),
  },
  'POST /resources/{id}/file': {
    member: 'b',
    request: (w) => ({
      url: `/resources/${w.resourceId}/file`,
      ...multipartFile({ filename: 'd.pdf', contentType: 'application/pdf', bytes: pdfBytes }),
    }),
    expect: signedIn(404, 200, 404, 200),
  },
  'GET /resources/{id}/download': {
    member: 'b',
    request: (w) => ({ url: `/resources/${w.resourceId}/download` }),
    // No file has been uploaded yet: those who may see the draft are told so.
    expect: signedIn(404, 400, 404, 400),
  },
  'POST /resources/{id}/view': {
    member: 'b',
    request: (w) => ({ url: `/resources/${w.resourceId}/view` }),
    expect: signedIn(404, 200, 404, 200),
  },
  'GET /admin/resources/stats': plainRow('/admin/resources/stats', adminOnly(200)),
  'GET /admin/resources/{id}/stats': {
    request: (w) => ({ url: `/admin/resources/${w.resourceId}/stats` }),
    expect: adminOnly(200),
  },

  'GET /notifications': plainRow('/notifications', anySignedIn(200)),
  'GET /notifications/': plainRow('/notifications/', anySignedIn(200)),
  'PUT /notifications/read-all': plainRow('/notifications/read-all', anySignedIn(200)),
  'PUT /notifications/{id}/read': plainRow(`/notifications/${UNKNOWN}/read`, anySignedIn(404)),
  'GET /notifications/preferences': plainRow('/notifications/preferences', anySignedIn(200)),
  'PUT /notifications/preferences': {
    request: () => ({ url: '/notifications/preferences', payload: { message_email: 'never' } }),
    expect: anySignedIn(200),
  },
  'GET /notifications/push-key': plainRow('/notifications/push-key', anySignedIn(200)),
  'POST /notifications/push-subscriptions': {
    request: () => ({
      url: '/notifications/push-subscriptions',
      payload: {
        endpoint: `https://push.example.test/send/${randomBytes(8).toString('hex')}`,
        keys: {
          p256dh:
            'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
          auth: 'tBHItJI5svbpez7KI4CCXg',
        },
      },
    }),
    expect: anySignedIn(201),
  },
  'DELETE /notifications/push-subscriptions/{id}': plainRow(
    `/notifications/push-subscriptions/${UNKNOWN}`,
    anySignedIn(404),
  ),
  'GET /notifications/unsubscribe': plainRow('/notifications/unsubscribe', open(400)),
  'POST /notifications/unsubscribe': plainRow('/notifications/unsubscribe', open(400)),

  // ── support ──
  'GET /support': plainRow('/support', anySignedIn(200)),
  'GET /support/': plainRow('/support/', anySignedIn(200)),
  'POST /support': {
    request: () => ({ url: '/support', payload: { subject: 'Help', content: 'Hello' } }),
    expect: anySignedIn(201),
  },
  'POST /support/': {
    request: () => ({ url: '/support/', payload: { subject: 'Help', content: 'Hello' } }),
    expect: anySignedIn(201),
  },

  // ── booked sessions: b is the listener, a the sharer; strangers learn nothing (404) ──
  'GET /listeners/me/availability': {
    member: 'b',
    request: () => ({ url: '/listeners/me/availability' }),
    expect: signedIn(403, 200, 403, 403),
  },
  'PUT /listeners/me/availability': {
    member: 'b',
    request: () => ({
      url: '/listeners/me/availability',
      payload: { time_zone: 'Europe/London', accepts_bookings: false, rules: [] },
    }),
    expect: signedIn(403, 200, 403, 403),
  },
  'GET /listeners/{id}/slots': {
    request: (w) => ({
      url: `/listeners/${w.b.id}/slots?from=${w.freeStarts[0]}&to=${w.freeStarts.at(-1)}`,
    }),
    expect: anySignedIn(200),
  },
  'GET /appointments': plainRow('/appointments', anySignedIn(200)),
  'POST /appointments': {
    request: (w) => ({
      url: '/appointments',
      payload: {
        listener_id: w.b.id,
        start: w.freeStarts.shift(),
        duration_minutes: 60,
        topic: 'Talk',
      },
    }),
    expect: anySignedIn(201),
  },
  'GET /appointments/{id}': {
    request: (w) => ({ url: `/appointments/${w.appointmentId}` }),
    expect: signedIn(404, 200, 404, 404),
  },
  'PUT /appointments/{id}': {
    request: (w) => ({ url: `/appointments/${w.appointmentId}`, payload: { topic: 'Sleep' } }),
    expect: signedIn(404, 200, 404, 404),
  },
  'DELETE /appointments/{id}': {
    request: (w) => ({ url: `/appointments/${w.appointmentId}`, payload: { reason: 'Clash' } }),
    expect: signedIn(404, 200, 404, 404),
  },
  'POST /appointments/{id}/reschedule': {
    request: (w) => ({
      url: `/appointments/${w.appointmentId}/reschedule`,
      payload: { start: w.freeStarts.shift() },
    }),
    expect: signedIn(404, 200, 404, 404),
  },
  // Only the listener closes a session, once it has started (this one is in two days).
  'POST /appointments/{id}/complete': {
    member: 'b',
    request: (w) => ({ url: `/appointments/${w.appointmentId}/complete`, payload: {} }),
    expect: signedIn(404, 409, 404, 404),
  },
  'GET /appointments/{id}/calendar.ics': {
    request: (w) => ({ url: `/appointments/${w.appointmentId}/calendar.ics` }),
    expect: signedIn(404, 200, 404, 404),
  },
  'POST /jitsi/create-room': {
    request: (w) => ({ url: '/jitsi/create-room', payload: { appointment_id: w.appointmentId } }),
    expect: signedIn(404, 200, 404, 404),
  },
  'GET /jitsi/room/{appointmentId}': {
    request: (w) => ({ url: `/jitsi/room/${w.appointmentId}` }),
    expect: signedIn(404, 200, 404, 404),
  },

  // ── the team ──
  'GET /admin/stats': plainRow('/admin/stats', adminOnly(200)),
  'GET /admin/charts': plainRow('/admin/charts', adminOnly(200)),
  'GET /admin/users': plainRow('/admin/users', adminOnly(200)),
  'PATCH /admin/users/{userId}/ban': {
    request: (w) => ({
      url: `/admin/users/${w.u.id}/ban`,
      payload: { is_active: false, reason: 'Spam' },
    }),
    expect: adminOnly(200),
  },
  'GET /admin/users/{userId}/appointments': {
    request: (w) => ({ url: `/admin/users/${w.a.id}/appointments` }),
    expect: adminOnly(200),
  },
  'DELETE /admin/users/{userId}': {
    request: (w) => ({ url: `/admin/users/${w.u.id}` }),
    expect: adminOnly(200),
  },
  'GET /admin/reports': plainRow('/admin/reports', adminOnly(200)),
  'PATCH /admin/reports/{reportId}': {
    request: (w) => ({ url: `/admin/reports/${w.reportId}`, payload: { status: 'under_review' } }),
    expect: adminOnly(200),
  },
  'GET /admin/moderation': plainRow('/admin/moderation', adminOnly(200)),
  'GET /admin/moderation/{kind}/{itemId}': {
    request: (w) => ({ url: `/admin/moderation/flagged_message/${w.eventId}` }),
    expect: adminOnly(200),
  },
  'POST /admin/moderation/{kind}/{itemId}/actions': {
    request: (w) => ({
      url: `/admin/moderation/report/${w.reportId}/actions`,
      payload: { action: 'dismiss' },
    }),
    expect: adminOnly(200),
  },
  'GET /admin/wellbeing/': plainRow('/admin/wellbeing/', adminOnly(200)),
  ...Object.fromEntries(
    ['acknowledge', 'check-in', 'note', 'close'].map((action) => [
      `POST /admin/wellbeing/{itemId}/${action}`,
      {
        request: () => ({
          url: `/admin/wellbeing/${UNKNOWN}/${action}`,
          payload: action === 'acknowledge' ? undefined : { text: 'Checking in' },
        }),
        expect: adminOnly(404),
      } satisfies Row,
    ]),
  ),
  'POST /match/talk-now': {
    request: () => ({ url: '/match/talk-now', payload: {} }),
    expect: signedIn(202, 409, 409, 202),
  },
  'GET /match/waiting-list': plainRow('/match/waiting-list', anySignedIn(404)),
  'DELETE /match/waiting-list': plainRow('/match/waiting-list', anySignedIn(404)),
  'POST /chat/sessions/{sessionId}/decline': {
    request: (w) => ({ url: `/chat/sessions/${w.chatId}/decline` }),
    expect: signedIn(404, 403, 404, 404),
  },
  'POST /chat/sessions/{sessionId}/escalate': {
    request: (w) => ({ url: `/chat/sessions/${w.chatId}/escalate`, payload: {} }),
    expect: signedIn(404, 201, 404, 404),
  },
  // Only the chat's listener, and only once a chat that raised a concern has ended (this one is
  // open: 409); its sharer is refused (checked in wellbeing.test.ts), others do not see it.
  'GET /chat/sessions/{sessionId}/debrief': {
    member: 'b',
    request: (w) => ({ url: `/chat/sessions/${w.chatId}/debrief` }),
    expect: signedIn(404, 409, 404, 404),
  },
  'PUT /chat/sessions/{sessionId}/debrief': {
    member: 'b',
    request: (w) => ({
      url: `/chat/sessions/${w.chatId}/debrief`,
      payload: { text: 'That was a heavy one' },
    }),
    expect: signedIn(404, 409, 404, 404),
  },
  'POST /listeners/me/pause': {
    member: 'b',
    request: () => ({ url: '/listeners/me/pause', payload: { minutes: 10 } }),
    expect: signedIn(403, 200, 403, 403),
  },
  'GET /admin/logs': plainRow('/admin/logs', adminOnly(200)),
  'GET /admin/listeners': plainRow('/admin/listeners', adminOnly(200)),
  'GET /admin/listeners/': plainRow('/admin/listeners/', adminOnly(200)),
  // b applied in this world? No: an application that is not pending cannot be decided.
  'PATCH /admin/listeners/{userId}': {
    request: (w) => ({
      url: `/admin/listeners/${w.b.id}`,
      payload: { action: 'suspend', reason: 'Rude' },
    }),
    expect: adminOnly(200),
  },
  'GET /admin/support': plainRow('/admin/support', adminOnly(200)),
  'GET /admin/support/': plainRow('/admin/support/', adminOnly(200)),
  'POST /admin/support/{id}/assign': {
    request: (w) => ({ url: `/admin/support/${w.supportId}/assign` }),
    expect: adminOnly(200),
  },
  'PATCH /admin/support/{id}': {
    request: (w) => ({ url: `/admin/support/${w.supportId}`, payload: { status: 'resolved' } }),
    expect: adminOnly(200),
  },
  'GET /admin/contact-requests': plainRow('/admin/contact-requests', adminOnly(200)),
  'GET /admin/contact-requests/': plainRow('/admin/contact-requests/', adminOnly(200)),
  'PATCH /admin/contact-requests/{id}': {
    request: () => ({ url: `/admin/contact-requests/${UNKNOWN}`, payload: { status: 'resolved' } }),
    expect: adminOnly(404),
  },
};

const t = useTestApp({ env: { ...approvalOffNoStaleCheck, RATE_LIMIT_CONTACT_PER_HOUR: '1000' } });
let passwordHash: string;
let banned: Actor;
const signer = () => createTokenSigner(t.config.jwtSecret, () => new Date());

async function actor(options: { roles?: ('sharer' | 'listener')[]; isAdmin?: boolean } = {}) {
  const tag = randomBytes(5).toString('hex');
  const [row] = await t.app.database.db
    .insert(users)
    .values({
      email: `authz-${tag}@example.org`,
      pseudonym: `Az_${tag}`,
      passwordHash,
      roles: options.roles ?? ['sharer'],
      isAdmin: options.isAdmin ?? false,
      listenerStatus: options.roles?.includes('listener') ? 'approved' : 'none',
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  const token = await signer().signAccess({ userId: row.id, isAdmin: row.isAdmin });
  return { id: row.id, email: row.email, token };
}

async function call(
  caller: Actor | undefined,
  method: string,
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) {
  return t.app.inject({
    method: method as 'GET',
    url: `/api/v1${url}`,
    headers: { ...headers, ...(caller ? { authorization: `Bearer ${caller.token}` } : {}) },
    payload: payload as object,
  });
}

/** A small PNG as a multipart upload. */
const png = () => multipartFile({ filename: 'p.png', contentType: 'image/png', bytes: tinyPng });

async function listening(sharer: Actor, listener: Actor) {
  const chat = await storeListeningChat(t.app, sharer.id, listener.id);
  await setUser(t.app, listener.id, { listenerAvailability: 'in_chat' });
  return chat.id;
}

async function direct(x: Actor, y: Actor) {
  const chat = await storeConversation(t.app, {
    kind: 'direct',
    directKey: x.id < y.id ? `${x.id}:${y.id}` : `${y.id}:${x.id}`,
    members: [
      { userId: x.id, role: 'member' },
      { userId: y.id, role: 'member' },
    ],
  });
  return chat.id;
}

async function world(): Promise<World> {
  const db = t.app.database.db;
  const [a, b, o, c, u, admin] = await Promise.all([
    actor(),
    actor({ roles: ['listener'] }),
    actor(),
    actor({ roles: ['listener'] }),
    actor(),
    actor({ isAdmin: true }),
  ]);
  const chatId = await listening(a, b);
  const otherChatId = await listening(o, c);
  const directId = await direct(a, b);
  await direct(o, c);
  // As request-chat would: the pair had a session (message requests depend on it).
  await db.insert(pastSessions).values({
    userLow: a.id < b.id ? a.id : b.id,
    userHigh: a.id < b.id ? b.id : a.id,
    lastSessionAt: new Date(),
  });
  const sent = await call(a, 'POST', `/chat/sessions/${chatId}/messages`, { content: 'Hello' });
  const flagged = await call(a, 'POST', `/chat/sessions/${chatId}/messages`, {
    content: "I can't go on like this",
  });
  const [event] = await db
    .select({ id: moderationEvents.id })
    .from(moderationEvents)
    .where(eq(moderationEvents.messageId, flagged.json().message.id));
  const dm = await call(a, 'POST', `/conversations/${directId}/messages`, { content: 'Hi b' });
  const report = await call(a, 'POST', '/reports', {
    reported_user_id: b.id,
    chat_session_id: chatId,
    reason: 'harassment',
    description: 'Rude',
  });
  const support = await call(a, 'POST', '/support', { subject: 'Help', content: 'Hello' });
  const [notice] = await db
    .insert(userNotices)
    .values({ userId: a.id, message: 'Be kind' })
    .returning();
  const [request] = await db
    .insert(messageRequests)
    .values({ senderId: o.id, receiverId: a.id, content: 'Hello there' })
    .returning();
  const [resource] = await db
    .insert(resources)
    .values({ type: 'pdf', title: 'A draft', summary: 'Not out yet', authorId: b.id })
    .returning();
  // b takes bookings from anyone, every hour of every day; a booked the hour two days ahead.
  await db.insert(bookingAvailability).values({
    userId: b.id,
    timeZone: 'UTC',
    acceptsBookings: true,
    bookingsFrom: 'anyone',
    rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
    durations: [60],
    bufferMinutes: 0,
    minNoticeMinutes: 0,
    horizonDays: 30,
  });
  const hour = (n: number) => {
    const start = new Date(Date.now() + 2 * 24 * 3600_000);
    start.setUTCHours(10 + n, 0, 0, 0);
    return start;
  };
  const session = await storeConversation(t.app, {
    kind: 'appointment',
    members: [
      { userId: a.id, role: 'sharer' },
      { userId: b.id, role: 'listener' },
    ],
  });
  const [appointment] = await db
    .insert(appointments)
    .values({
      sharerId: a.id,
      listenerId: b.id,
      conversationId: session.id,
      startsAt: hour(0),
      endsAt: hour(1),
      durationMinutes: 60,
      topic: 'Talk',
      listenerTimeZone: 'UTC',
      roomName: randomBytes(20).toString('hex'),
    })
    .returning();
  return {
    appointmentId: appointment!.id,
    freeStarts: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((n) => hour(n).toISOString()),
    a,
    b,
    o,
    u,
    admin,
    chatId,
    otherChatId,
    directId,
    supportId: support.json().ticket?.id ?? UNKNOWN,
    messageId: sent.json().message.id,
    directMessageId: dm.json().message?.id ?? UNKNOWN,
    reportId: report.json().report_id,
    eventId: event!.id,
    noticeId: notice!.id,
    requestId: request!.id,
    resourceId: resource!.id,
  };
}

/** The API's routes as "METHOD /path" below /api/v1, from the app's own OpenAPI document. */
function appRoutes(): string[] {
  const spec = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  const found: string[] = [];
  for (const [path, operations] of Object.entries(spec.paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const method of Object.keys(operations)) {
      if (method === 'head') continue;
      found.push(`${method.toUpperCase()} ${path.slice('/api/v1'.length)}`);
    }
  }
  return found.sort();
}

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
  banned = await actor();
  const admin = await actor({ isAdmin: true });
  const ban = await call(admin, 'PATCH', `/admin/users/${banned.id}/ban`, {
    is_active: false,
    reason: 'Authorization matrix',
  });
  expect(ban.statusCode).toBe(200);
}, 30_000);

describe('authorization matrix', () => {
  it('has a row for every route the API serves, and none for routes it does not', () => {
    const served = appRoutes();
    expect(
      served.filter((route) => !(route in matrix)),
      'routes without a row',
    ).toEqual([]);
    expect(
      // A plugin's '/' route also answers without the slash; the document lists one of them.
      Object.keys(matrix).filter(
        (route) => !served.includes(route) && !served.includes(`${route}/`),
      ),
      'rows for routes that do not exist',
    ).toEqual([]);
  });

  it.each(Object.entries(matrix))('%s', async (route, row) => {
    const [method, template] = route.split(' ') as [string, string];
    const w = await world();
    const callers: Record<Role, Actor | undefined> = {
      anonymous: undefined,
      banned,
      user: w.u,
      nonMember: w.o,
      admin: w.admin,
      member: w[row.member ?? 'a'],
    };
    const seen: Partial<Record<Role, number>> = {};
    // The member goes last: theirs is the call most likely to change something.
    for (const role of ['anonymous', 'banned', 'user', 'nonMember', 'admin', 'member'] as const) {
      const { url, payload, headers } = row.request(w, callers[role]);
      expect(url.startsWith('/'), template).toBe(true);
      const response = await call(callers[role], method, url, payload, headers);
      seen[role] = response.statusCode;
      expect(response.statusCode, `${role}: ${response.body}`).toBeLessThan(500);
      if (response.statusCode >= 400) expect(response.json().success, role).toBe(false);
      if (role === 'banned' && row.expect.banned === 403) {
        expect(response.json().code).toBe('ACCOUNT_BANNED');
      }
    }
    expect(seen).toEqual(row.expect);
  });
});
