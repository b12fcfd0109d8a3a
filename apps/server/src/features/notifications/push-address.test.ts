/**
 * A push endpoint is an address a browser hands the server, and the server then calls it: with
 * PUSH_PUBLIC_ONLY (the production default) nobody can point it at the server's own network.
 */
import https from 'node:https';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { expectCode } from '../../../test/expect';
import { signUp } from '../../../test/factories';
import { type PushService, startPushService } from '../../../test/push-service';
import { notificationDeliveries, notifications, pushSubscriptions } from '../../db/schema';
import { endpointProblem, isInwardAddress, publicOnlyAgent } from './push-address';

let pushes: PushService;
beforeAll(async () => {
  pushes = await startPushService();
});
afterAll(async () => {
  await pushes?.close();
});
const t = useTestApp({ env: { PUSH_PUBLIC_ONLY: 'true' } });

describe('which addresses count as inward', () => {
  it('refuses loopback, private, link-local and mapped addresses, and allows public ones', () => {
    for (const inward of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.5',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      'not-an-address',
    ]) {
      expect(isInwardAddress(inward), inward).toBe(true);
    }
    for (const outward of ['142.250.74.10', '2a00:1450:4009:80b::200a', '::ffff:8.8.8.8']) {
      expect(isInwardAddress(outward), outward).toBe(false);
    }
  });

  it('names what is wrong with an endpoint', () => {
    expect(endpointProblem('https://fcm.googleapis.com/fcm/send/abc')).toBeUndefined();
    expect(endpointProblem('http://updates.push.services.mozilla.com/x')).toMatch(/https/);
    expect(endpointProblem('https://localhost:8443/x')).toMatch(/public/);
    expect(endpointProblem('https://127.0.0.1/x')).toMatch(/public/);
    expect(endpointProblem('https://[::1]/x')).toMatch(/public/);
    expect(endpointProblem('https://169.254.169.254/latest/meta-data')).toMatch(/public/);
  });

  it('refuses a name that resolves inward when the connection is made (no rebinding)', async () => {
    const before = pushes.received.length;
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
      const request = https.request(
        `https://localhost:${new URL(pushes.origin).port}/push/x`,
        { method: 'POST', agent: publicOnlyAgent() },
        () => resolve(new Error('connected') as NodeJS.ErrnoException),
      );
      request.on('error', (e) => resolve(e as NodeJS.ErrnoException));
      request.end();
    });
    expect(error.code).toBe('ERR_INWARD_ADDRESS');
    expect(pushes.received.length).toBe(before);
  });
});

describe('push subscriptions with PUSH_PUBLIC_ONLY', () => {
  it('refuses to save an endpoint on the server’s own network, saying why', async () => {
    const user = await signUp(t.app);
    const browser = pushes.subscribe();
    for (const endpoint of [
      browser.endpoint,
      'https://localhost/push/1',
      'http://push.example.com/1',
      'https://[::1]/push/1',
    ]) {
      const response = await t.api(user, 'POST', '/notifications/push-subscriptions', {
        ...browser,
        endpoint,
      });
      expectCode(response, 400, 'VALIDATION_ERROR');
      expect(response.json().details).toEqual([
        expect.objectContaining({
          path: 'endpoint',
          message: expect.stringMatching(/https|public/),
        }),
      ]);
    }
    const rows = await t.app.database.db
      .select()
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.userId, user.id));
    expect(rows).toEqual([]);
  });

  it('never sends to an inward endpoint saved before the rule, and gives up on it', async () => {
    const user = await signUp(t.app, { roles: ['listener'] });
    expect(
      (
        await t.api(user, 'PATCH', '/users/me', {
          privacy_settings: { allow_message_requests: true },
        })
      ).statusCode,
    ).toBe(200);
    const browser = pushes.subscribe();
    await t.app.database.db.insert(pushSubscriptions).values({
      userId: user.id,
      endpoint: browser.endpoint,
      p256dh: browser.keys.p256dh,
      auth: browser.keys.auth,
    });
    const sharer = await signUp(t.app);
    const sent = await t.api(sharer, 'POST', '/messages/request', {
      receiver_id: user.id,
      content: 'Could we talk again?',
    });
    expect(sent.statusCode).toBe(201);

    await expect
      .poll(
        async () => {
          const [row] = await t.app.database.db
            .select({ status: notificationDeliveries.status, error: notificationDeliveries.error })
            .from(notificationDeliveries)
            .innerJoin(notifications, eq(notifications.id, notificationDeliveries.notificationId))
            .where(
              and(eq(notifications.userId, user.id), eq(notificationDeliveries.channel, 'push')),
            );
          return row;
        },
        { timeout: 15_000 },
      )
      .toMatchObject({ status: 'failed', error: expect.stringMatching(/public/) });
    expect(pushes.requests(browser.endpoint)).toBe(0);
  });
});
