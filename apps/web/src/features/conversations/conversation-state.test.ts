import type { ChatMessage, Conversation } from '@kindred/protocol';
import { describe, expect, it } from 'vitest';
import {
  applyConversation,
  applyEndedInfo,
  applyHistoryPage,
  applyPresence,
  applyRead,
  applyReactionUpdate,
  emptyConversation,
  isReadByOthers,
  mergeMessages,
  oldestShownId,
  syncPoint,
  visibleMessages,
  wasFlagged,
} from './conversation-state';

const SESSION = '11111111-1111-4111-8111-111111111111';
const ME = '22222222-2222-4222-8222-222222222222';
const PARTNER = '33333333-3333-4333-8333-333333333333';

const idFor = (seq: number) => `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`;

function message(seq: number, overrides: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: idFor(seq),
    message_id: idFor(seq),
    session_id: SESSION,
    seq,
    version_seq: seq,
    client_msg_id: null,
    sender_id: PARTNER,
    sender_pseudonym: 'CaringListener',
    kind: 'text',
    content: `message ${seq}`,
    sent_at: new Date(0).toISOString(),
    edited_at: null,
    deleted_at: null,
    is_own_message: false,
    reactions: [],
    removed: false,
    attachment: null,
    ...overrides,
  };
}

function conversation(lastRead: { me: number; partner: number }): Conversation {
  return {
    session_id: SESSION,
    kind: 'listening',
    status: 'active',
    topic: null,
    started_at: new Date(0).toISOString(),
    expires_at: null,
    last_seq: 10,
    members: [
      {
        user_id: ME,
        pseudonym: 'Me',
        role: 'sharer',
        online: true,
        last_active: null,
        last_read_seq: lastRead.me,
      },
      {
        user_id: PARTNER,
        pseudonym: 'CaringListener',
        role: 'listener',
        online: false,
        last_active: null,
        last_read_seq: lastRead.partner,
      },
    ],
  };
}

const contents = (state: ReturnType<typeof emptyConversation>) =>
  visibleMessages(state).map((m) => m.content);

describe('merging messages', () => {
  it('keeps one copy per id, ordered by seq, whatever the arrival order', () => {
    let state = emptyConversation(SESSION);
    state = mergeMessages(state, [message(3), message(1)]);
    state = mergeMessages(state, [message(2), message(3), message(1)]);
    expect(contents(state)).toEqual(['message 1', 'message 2', 'message 3']);
    expect(state.maxVersionSeq).toBe(3);
  });

  it('lets the higher version_seq win, in either order', () => {
    const original = message(1);
    const edited = message(1, { version_seq: 5, content: 'edited', edited_at: original.sent_at });
    const a = mergeMessages(mergeMessages(emptyConversation(SESSION), [original]), [edited]);
    const b = mergeMessages(mergeMessages(emptyConversation(SESSION), [edited]), [original]);
    expect(contents(a)).toEqual(['edited']);
    expect(contents(b)).toEqual(['edited']);
    expect(a.maxVersionSeq).toBe(5);
  });

  it('shows a deletion and never lets an older copy bring the text back', () => {
    const deleted = message(1, { version_seq: 4, content: '', deleted_at: '2025-01-01T00:00:00Z' });
    let state = mergeMessages(emptyConversation(SESSION), [deleted]);
    state = mergeMessages(state, [message(1)]);
    expect(visibleMessages(state)[0]).toMatchObject({
      content: '',
      deleted_at: expect.any(String),
    });
  });

  it('ignores messages of other conversations and returns the same state when nothing changed', () => {
    const state = mergeMessages(emptyConversation(SESSION), [message(1)]);
    expect(mergeMessages(state, [message(1)])).toBe(state);
    expect(
      mergeMessages(state, [message(2, { session_id: '44444444-4444-4444-8444-444444444444' })]),
    ).toBe(state);
  });

  it('applies reaction updates only when they are newer', () => {
    let state = mergeMessages(emptyConversation(SESSION), [message(1, { version_seq: 3 })]);
    const reactions = [{ emoji: '❤️', count: 1, user_ids: [ME] }];
    state = applyReactionUpdate(state, {
      session_id: SESSION,
      message_id: idFor(1),
      version_seq: 6,
      reactions,
    });
    expect(visibleMessages(state)[0]?.reactions).toEqual(reactions);
    expect(state.maxVersionSeq).toBe(6);
    const stale = applyReactionUpdate(state, {
      session_id: SESSION,
      message_id: idFor(1),
      version_seq: 4,
      reactions: [],
    });
    expect(stale).toBe(state);
  });
});

describe('history pages', () => {
  it('shows the latest page, then older pages above it', () => {
    let state = applyHistoryPage(
      emptyConversation(SESSION),
      { messages: [message(51), message(52)], has_more: true },
      false,
    );
    expect(state.hasMoreBefore).toBe(true);
    expect(oldestShownId(state)).toBe(idFor(51));
    state = applyHistoryPage(
      state,
      { messages: [message(49), message(50)], has_more: false },
      true,
    );
    expect(state.hasMoreBefore).toBe(false);
    expect(contents(state)).toEqual(['message 49', 'message 50', 'message 51', 'message 52']);
  });

  it('does not show an old message that sync brought in above the loaded window', () => {
    let state = applyHistoryPage(
      emptyConversation(SESSION),
      { messages: [message(51), message(52)], has_more: true },
      false,
    );
    state = mergeMessages(state, [message(3, { version_seq: 60, content: 'old, edited' })]);
    state = mergeMessages(state, [message(53)]);
    expect(contents(state)).toEqual(['message 51', 'message 52', 'message 53']);
    expect(state.maxVersionSeq).toBe(60);
  });
});

describe('members', () => {
  it('marks own messages read once the partner has read up to them', () => {
    let state = applyConversation(emptyConversation(SESSION), conversation({ me: 0, partner: 1 }));
    const mine = message(2, { sender_id: ME, is_own_message: true });
    expect(isReadByOthers(mine, state.conversation, ME)).toBe(false);
    state = applyRead(state, { session_id: SESSION, user_id: PARTNER, last_read_seq: 2 });
    expect(isReadByOthers(mine, state.conversation, ME)).toBe(true);
  });

  it('never moves a read marker back (a late join or sync answer)', () => {
    let state = applyConversation(emptyConversation(SESSION), conversation({ me: 0, partner: 5 }));
    state = applyRead(state, { session_id: SESSION, user_id: PARTNER, last_read_seq: 3 });
    state = applyConversation(state, conversation({ me: 0, partner: 4 }));
    expect(state.conversation?.members[1]?.last_read_seq).toBe(5);
  });

  it('updates presence of a member', () => {
    let state = applyConversation(emptyConversation(SESSION), conversation({ me: 0, partner: 0 }));
    state = applyPresence(state, {
      user_id: PARTNER,
      online: true,
      last_active: '2025-01-01T10:00:00Z',
    });
    expect(state.conversation?.members[1]).toMatchObject({ online: true });
    expect(applyPresence(state, { user_id: 'someone-else', online: true, last_active: null })).toBe(
      state,
    );
  });
});

describe('applyEndedInfo', () => {
  const open = applyConversation(emptyConversation(SESSION), conversation({ me: 0, partner: 0 }));
  const local = { ended_by: ME, feedback_required: false, reason: 'ended' } as const;
  const event = { ended_by: ME, feedback_required: true, reason: 'ended' } as const;

  it('ends the conversation and remembers how', () => {
    const ended = applyEndedInfo(open, local, 'local');
    expect(ended.conversation?.status).toBe('ended');
    expect(ended.ended).toEqual(local);
  });

  it('lets chat_ended override what the page assumed, never the other way round', () => {
    const fromEvent = applyEndedInfo(applyEndedInfo(open, local, 'local'), event, 'event');
    expect(fromEvent.ended).toEqual(event);
    const thenLocal = applyEndedInfo(fromEvent, local, 'local');
    expect(thenLocal.ended).toEqual(event);
  });

  it('keeps the information for a conversation not loaded yet', () => {
    const ended = applyEndedInfo(emptyConversation(SESSION), event, 'event');
    expect(ended.conversation).toBeNull();
    expect(ended.ended).toEqual(event);
  });
});

describe('syncPoint', () => {
  it('is the highest version seen when nothing is missing', () => {
    const state = mergeMessages(emptyConversation(SESSION), [message(1), message(2), message(3)]);
    expect(syncPoint(state)).toBe(3);
  });

  it('stops below a message that never arrived, even when later ones did', () => {
    // Seq 3 was lost (its node died between commit and emit); 4 and 5 arrived live.
    const state = mergeMessages(
      emptyConversation(SESSION),
      [1, 2, 4, 5].map((seq) => message(seq)),
    );
    expect(syncPoint(state)).toBe(2);
  });

  it('starts from the first loaded history page, not from seq 1', () => {
    const page = { messages: [message(41), message(42)], has_more: true };
    const state = applyHistoryPage(emptyConversation(SESSION), page, false);
    expect(syncPoint(state)).toBe(42);
  });

  it('is 0 for an empty conversation', () => {
    expect(syncPoint(emptyConversation(SESSION))).toBe(0);
  });
});

describe('whether a chat was flagged for this member', () => {
  it('is known from this page (a crisis card, guidance) or from the chat after a reload', () => {
    const empty = emptyConversation(SESSION);
    expect(wasFlagged(empty)).toBe(false);
    expect(wasFlagged({ ...empty, flagged: true })).toBe(true);
    const reloaded = applyConversation(empty, {
      ...conversation({ me: 0, partner: 0 }),
      safety_flagged: true,
    });
    expect(wasFlagged(reloaded)).toBe(true);
    const calm = applyConversation(empty, conversation({ me: 0, partner: 0 }));
    expect(wasFlagged(calm)).toBe(false);
  });
});
