import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const base = { DATA_DIR: '/tmp/kindred-config-test', JWT_SECRET: 'x'.repeat(40) };

describe('loadConfig', () => {
  it('starts with nothing set: PGlite, port 3000, no Redis, seeding on', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      redisUrl: undefined,
      seedDemo: true,
    });
    expect(config.rateLimits.auth).toEqual({ max: 5, windowMs: 60_000 });
  });

  it.each([
    ['PORT', 'eighty'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['REDIS_URL', 'localhost:6379'],
    ['JWT_SECRET', 'short'],
    ['CORS_ORIGINS', 'not a url'],
    ['SEED_DEMO', 'maybe'],
    ['TRUST_PROXY', 'yes please'],
  ])('fails fast naming %s when it is %j', (name, value) => {
    expect(() => loadConfig({ ...base, [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, [name]: value })).toThrow(new RegExp(name));
  });

  it('requires JWT_SECRET in production', () => {
    expect(() => loadConfig({ DATA_DIR: base.DATA_DIR, NODE_ENV: 'production' })).toThrow(
      /JWT_SECRET/,
    );
  });

  it('creates demo users and listens on all interfaces only outside production as asked', () => {
    const dev = loadConfig(base);
    expect(dev).toMatchObject({ seedDemo: true, host: 'localhost' });
    const prod = loadConfig({ ...base, NODE_ENV: 'production' });
    expect(prod).toMatchObject({ seedDemo: false, host: '0.0.0.0' });
    expect(loadConfig({ ...base, NODE_ENV: 'production', SEED_DEMO: 'true' }).seedDemo).toBe(true);
  });

  it.each([
    ['false', false],
    ['true', true],
    ['1', 1],
    ['10.0.0.0/8,127.0.0.1', '10.0.0.0/8,127.0.0.1'],
  ])('reads TRUST_PROXY=%s', (value, expected) => {
    expect(loadConfig({ ...base, TRUST_PROXY: value }).trustProxy).toBe(expected);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ ...base, REDIS_URL: '' }).redisUrl).toBeUndefined();
  });
});
