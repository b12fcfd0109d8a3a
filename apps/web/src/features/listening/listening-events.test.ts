import type { ChatRequestEvent } from '@kindred/protocol';
import { describe, expect, it } from 'vitest';
import type { ChatSocket } from '../../lib/socket';
import { attachListeningHandlers, onChatEnded, onChatRequest } from './listening-events';

/** Just enough of a socket to deliver server events to the handlers attached to it. */
function fakeSocket() {
  const listeners = new Map<string, ((payload: unknown) => void)[]>();
  return {
    socket: {
      on(event: string, listener: (payload: unknown) => void) {
        listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      },
    } as unknown as ChatSocket,
    receive(event: string, payload: unknown) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
  };
}

const request = (sessionId: string): ChatRequestEvent => ({
  session_id: sessionId,
  sharer: { id: '0b5a7a3e-4c1d-4f8e-9a57-3f0c2b6d9e11', pseudonym: 'Quiet_Fox' },
  topic: null,
});
const SESSION_A = '6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f';
const SESSION_B = '7a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

describe('chat requests that arrive before anything on the page listens', () => {
  it('are given to the first subscriber, once', () => {
    const { socket, receive } = fakeSocket();
    attachListeningHandlers(socket);
    // The part of the page that announces requests has not loaded yet.
    receive('chat_request', request(SESSION_A));

    const first: ChatRequestEvent[] = [];
    const stop = onChatRequest((r) => first.push(r));
    expect(first.map((r) => r.session_id)).toEqual([SESSION_A]);
    stop();

    const second: ChatRequestEvent[] = [];
    const stopSecond = onChatRequest((r) => second.push(r));
    expect(second).toEqual([]);
    receive('chat_request', request(SESSION_B));
    expect(second.map((r) => r.session_id)).toEqual([SESSION_B]);
    stopSecond();
  });

  it('are not carried over to the next sign-in (a new socket)', () => {
    const first = fakeSocket();
    attachListeningHandlers(first.socket);
    first.receive('chat_request', request(SESSION_A));
    attachListeningHandlers(fakeSocket().socket);

    const heard: ChatRequestEvent[] = [];
    const stop = onChatRequest((r) => heard.push(r));
    expect(heard).toEqual([]);
    stop();
  });
});

describe('a chat request repeated after its chat ended', () => {
  const ended = (sessionId: string) => ({
    session_id: sessionId,
    ended_by: null,
    feedback_required: true,
    reason: 'ended',
  });

  it('is not heard: the listener is not taken back to a chat that is over', () => {
    const { socket, receive } = fakeSocket();
    attachListeningHandlers(socket);
    const heard: string[] = [];
    const endings: string[] = [];
    const stop = onChatRequest((r) => heard.push(r.session_id));
    const stopEnded = onChatEnded((e) => endings.push(e.session_id));

    receive('chat_ended', ended(SESSION_A));
    // The server looked up the listener's unopened requests just before the chat ended.
    receive('chat_request', request(SESSION_A));
    receive('chat_request', request(SESSION_B));
    stop();
    stopEnded();
    expect(endings).toEqual([SESSION_A]);
    expect(heard).toEqual([SESSION_B]);
  });

  it('is not kept for a page still loading, and the next sign-in hears that chat again', () => {
    const first = fakeSocket();
    attachListeningHandlers(first.socket);
    first.receive('chat_request', request(SESSION_A));
    first.receive('chat_ended', ended(SESSION_A));
    const heard: string[] = [];
    const stop = onChatRequest((r) => heard.push(r.session_id));
    expect(heard).toEqual([]);
    stop();

    const second = fakeSocket();
    attachListeningHandlers(second.socket);
    const stopSecond = onChatRequest((r) => heard.push(r.session_id));
    second.receive('chat_request', request(SESSION_A));
    expect(heard).toEqual([SESSION_A]);
    stopSecond();
  });
});
