import type { KindredApp } from '../../app';
import { callApi, type SignedInUser, signUp } from '../../../test/factories';
import { updateUser } from '../identity';

/** An approved listener, available for a listening chat right now. */
export async function availableListener(app: KindredApp, realName?: string) {
  const listener = await signUp(app, { roles: ['listener'], realName });
  await updateUser(app.database.db, listener.id, {
    listenerStatus: 'approved',
    listenerAvailability: 'available',
  });
  return listener;
}

/**
 * Two people who just had a listening session (a sharer requested the listener), as the
 * matching feature makes them: from now on each may send the other a message request.
 */
export async function pairAfterSession(
  app: KindredApp,
): Promise<{ sharer: SignedInUser; listener: SignedInUser; sessionId: string }> {
  const listener = await availableListener(app);
  const sharer = await signUp(app);
  const response = await callApi(app, sharer, 'POST', '/match/request-chat', {
    listener_id: listener.id,
  });
  if (response.statusCode !== 201) throw new Error(`request-chat failed: ${response.body}`);
  return { sharer, listener, sessionId: response.json().session_id };
}

/** A request from `from` to `to`, accepted by `to`: their direct conversation's id. */
export async function directConversation(
  app: KindredApp,
  from: SignedInUser,
  to: SignedInUser,
  content = 'Thank you for listening yesterday',
): Promise<string> {
  const sent = await callApi(app, from, 'POST', '/messages/request', {
    receiver_id: to.id,
    content,
  });
  if (sent.statusCode !== 201) throw new Error(`request failed: ${sent.body}`);
  const accepted = await callApi(
    app,
    to,
    'POST',
    `/messages/request/${sent.json().data.request_id}/respond`,
    { action: 'accept' },
  );
  if (accepted.statusCode !== 200) throw new Error(`accept failed: ${accepted.body}`);
  return accepted.json().data.conversation_id;
}
