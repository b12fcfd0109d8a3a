/**
 * The situations many tests start from, built the way the product builds them: people sign up
 * and call the API; only what no API sets (a listener's profile, a chat nobody matched) is
 * written straight to the database.
 */
import type { KindredApp } from '../src/app';
import { callApi, createConversation, type SignedInUser, signUp } from './factories';
import { setUser, type UserFields } from './rows';

/** Answers the call, or throws with the response when its status is not the expected one. */
async function expectStatus(
  response: ReturnType<typeof callApi>,
  status: number,
  what: string,
): Promise<{ json(): unknown; body: string }> {
  const answered = await response;
  if (answered.statusCode !== status) {
    throw new Error(`${what}: ${answered.statusCode} ${answered.body}`);
  }
  return answered;
}

/**
 * An approved listener, available for a listening chat right now. Their availability is set in
 * their row (with any `profile` columns), unless `goesAvailable`: then the profile is stored and
 * they go available through the API, as on the queue page (away until a socket connects).
 */
export async function approvedListener(
  app: KindredApp,
  options: { realName?: string; profile?: UserFields; goesAvailable?: boolean } = {},
): Promise<SignedInUser> {
  const listener = await signUp(app, { roles: ['listener'], realName: options.realName });
  if (options.goesAvailable) {
    if (options.profile) await setUser(app, listener.id, options.profile);
    await callApi(app, listener, 'PATCH', '/users/me/availability', { availability: 'available' });
  } else {
    await setUser(app, listener.id, {
      listenerStatus: 'approved',
      listenerAvailability: 'available',
      ...options.profile,
    });
  }
  return listener;
}

/**
 * A sharer and an approved listener in an active listening chat that the sharer asked for
 * (POST /match/request-chat): from now on each may also send the other a message request.
 * Either person may be given; the listener is made with `approvedListener` otherwise.
 */
export async function listeningChat(
  app: KindredApp,
  options: {
    listener?: SignedInUser;
    sharer?: SignedInUser;
    goesAvailable?: boolean;
    topic?: string;
  } = {},
): Promise<{ sharer: SignedInUser; listener: SignedInUser; chatId: string }> {
  const listener =
    options.listener ?? (await approvedListener(app, { goesAvailable: options.goesAvailable }));
  const sharer = options.sharer ?? (await signUp(app));
  const started = await expectStatus(
    callApi(app, sharer, 'POST', '/match/request-chat', {
      listener_id: listener.id,
      ...(options.topic === undefined ? {} : { topic: options.topic }),
    }),
    201,
    'request-chat',
  );
  return { sharer, listener, chatId: (started.json() as { session_id: string }).session_id };
}

/**
 * A sharer and a listener in a listening chat stored as matching would store it, without the
 * matching itself: for what happens inside a chat.
 */
export async function storedListeningChat(
  app: KindredApp,
  options: { startedAt?: Date } = {},
): Promise<{ sharer: SignedInUser; listener: SignedInUser; chatId: string }> {
  const sharer = await signUp(app, { roles: ['sharer'] });
  const listener = await signUp(app, { roles: ['listener'] });
  const chat = await createConversation(app, {
    members: [{ id: sharer.id }, { id: listener.id }],
    startedAt: options.startedAt,
  });
  return { sharer, listener, chatId: chat.id };
}

/** A message request from `from` to `to`, accepted by `to`: their direct conversation's id. */
export async function acceptedRequest(
  app: KindredApp,
  from: SignedInUser,
  to: SignedInUser,
  content = 'Thank you for listening yesterday',
): Promise<string> {
  const sent = await expectStatus(
    callApi(app, from, 'POST', '/messages/request', { receiver_id: to.id, content }),
    201,
    'message request',
  );
  const requestId = (sent.json() as { data: { request_id: string } }).data.request_id;
  const accepted = await expectStatus(
    callApi(app, to, 'POST', `/messages/request/${requestId}/respond`, { action: 'accept' }),
    200,
    'accept',
  );
  return (accepted.json() as { data: { conversation_id: string } }).data.conversation_id;
}

/**
 * Two people in a direct conversation, as the product opens one: `a` had a listening chat with
 * listener `b` (ended first when `sessionEnded`), then sent `b` a message request with `content`,
 * which `b` accepted; the request is the conversation's first message.
 */
export async function directChat(
  app: KindredApp,
  options: { content?: string; sessionEnded?: boolean } = {},
): Promise<{ a: SignedInUser; b: SignedInUser; id: string }> {
  const { sharer: a, listener: b, chatId } = await listeningChat(app);
  if (options.sessionEnded) await callApi(app, a, 'POST', `/chat/sessions/${chatId}/end`);
  const id = await acceptedRequest(app, a, b, options.content);
  return { a, b, id };
}

/** Two sharers in a direct conversation stored straight away (no request): an empty chat. */
export async function storedDirectChat(
  app: KindredApp,
): Promise<{ a: SignedInUser; b: SignedInUser; id: string }> {
  const a = await signUp(app);
  const b = await signUp(app);
  const { id } = await createConversation(app, {
    kind: 'direct',
    members: [{ id: a.id }, { id: b.id }],
  });
  return { a, b, id };
}

export interface OpenedTicket {
  id: string;
  session_id: string;
  status: string;
  subject: string;
}

/** A support ticket the user opened (POST /support): its first message is `content`. */
export async function supportTicket(
  app: KindredApp,
  user: SignedInUser,
  options: { subject?: string; content?: string } = {},
): Promise<OpenedTicket> {
  const response = await expectStatus(
    callApi(app, user, 'POST', '/support', {
      subject: options.subject ?? 'Help',
      content: options.content ?? 'Hello',
    }),
    201,
    'support ticket',
  );
  return (response.json() as { ticket: OpenedTicket }).ticket;
}

/** Sends a chat message through the API and returns the answer's body (201 expected). */
export async function say(
  app: KindredApp,
  user: SignedInUser,
  chatId: string,
  content: string,
): Promise<{ message: { id: string }; crisis_support?: { title: string } }> {
  const sent = await expectStatus(
    callApi(app, user, 'POST', `/chat/sessions/${chatId}/messages`, { content }),
    201,
    'send a message',
  );
  return sent.json() as { message: { id: string }; crisis_support?: { title: string } };
}
