import {
  debriefResponseSchema,
  escalateResponseSchema,
  listenerPauseResponseSchema,
} from '@kindred/protocol';
import { apiJson } from '../../lib/api';

/** The calls of the crisis path a chat's members make (docs/API.md, wellbeing). */
const chatPath = (sessionId: string, what: string) =>
  `/chat/sessions/${encodeURIComponent(sessionId)}/${what}`;

/** Asks the Kindred team to look in on this chat. */
export const alertStaff = (sessionId: string) =>
  apiJson('POST', chatPath(sessionId, 'escalate'), escalateResponseSchema, { body: {} });

/** A listener takes a break: unavailable for `minutes`. */
export const pauseListening = (minutes: number) =>
  apiJson('POST', '/listeners/me/pause', listenerPauseResponseSchema, { body: { minutes } });

export const debriefQueryKey = (sessionId: string) => ['debrief', sessionId] as const;

export const readDebrief = (sessionId: string, signal?: AbortSignal) =>
  apiJson('GET', chatPath(sessionId, 'debrief'), debriefResponseSchema, { signal });

export const writeDebrief = (sessionId: string, text: string) =>
  apiJson('PUT', chatPath(sessionId, 'debrief'), debriefResponseSchema, { body: { text } });
