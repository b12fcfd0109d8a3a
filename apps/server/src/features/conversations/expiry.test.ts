import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { signInAgain } from '../../../test/factories';
import { storedDirectChat, storedListeningChat } from '../../../test/scenarios';
import { ManualClock } from '../../lib/clock';

const HOUR = 3600 * 1000;
const clock = new ManualClock(new Date('2026-11-20T10:00:00Z'));
const t = useTestApp({ clock });

describe('24-hour privacy of listening chats', () => {
  it('hides a listening chat after 24 hours and the sweeper deletes it and its messages', async () => {
    const { sharer, chatId } = await storedListeningChat(t.app, { startedAt: clock.now() });
    const post = await t.api(sharer, 'POST', `/chat/sessions/${chatId}/messages`, {
      content: 'Something private',
    });
    expect(post.statusCode).toBe(201);

    clock.advance(23 * HOUR);
    expect(await t.app.sweepExpired(clock.now())).toEqual({
      conversations: 0,
      messages: 0,
    });

    clock.advance(1 * HOUR + 1000);
    // A fresh sign-in: the clock moved past the first access token's 15 minutes too.
    await signInAgain(t.app, sharer);
    const hidden = await t.api(sharer, 'GET', `/chat/sessions/${chatId}/messages`);
    expect(hidden.statusCode).toBe(404);

    expect(await t.app.sweepExpired(clock.now())).toEqual({
      conversations: 1,
      messages: 1,
    });
    expect(await t.app.database.db.query.messages.findMany()).toEqual([]);
  });

  it('keeps persistent conversations (no expiry) untouched', async () => {
    await storedDirectChat(t.app);
    clock.advance(30 * 24 * HOUR);
    const swept = await t.app.sweepExpired(clock.now());
    expect(swept?.conversations).toBe(0);
  });
});
