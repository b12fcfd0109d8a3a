import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirLockedError, LOCK_FILE, lockDataDir } from './data-dir-lock';

const freshDir = () => mkdtempSync(path.join(tmpdir(), 'kindred-lock-unit-'));
const holder = (pid: number, extra: object = {}) =>
  JSON.stringify({
    pid,
    host: hostname(),
    purpose: 'server on 127.0.0.1:3000',
    since: 'x',
    ...extra,
  });

describe('data directory lock', () => {
  it('is taken once; a second taker is told who holds it; release frees it', () => {
    const dir = freshDir();
    const release = lockDataDir(dir, 'server on 127.0.0.1:3000');
    expect(JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    release();
    // Held by a live process (the test runner's parent here): refused, naming it.
    writeFileSync(path.join(dir, LOCK_FILE), holder(process.ppid));
    expect(() => lockDataDir(dir, 'seed')).toThrow(DataDirLockedError);
    expect(() => lockDataDir(dir, 'seed')).toThrow(`pid ${process.ppid}`);
  });

  it('trusts another host’s lock while it is touched, and replaces it once it is not', () => {
    const dir = freshDir();
    const file = path.join(dir, LOCK_FILE);
    writeFileSync(file, holder(1, { host: 'another-container' }));
    expect(() => lockDataDir(dir, 'seed')).toThrow('pid 1 on another-container');
    const longAgo = new Date(Date.now() - 5 * 60_000);
    utimesSync(file, longAgo, longAgo);
    lockDataDir(dir, 'seed')();
  });

  it('replaces the lock of a process that is gone, or whose pid now belongs to another', () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, LOCK_FILE), holder(2 ** 22 - 3));
    lockDataDir(dir, 'seed')();
    writeFileSync(path.join(dir, LOCK_FILE), holder(process.ppid, { startTicks: '1' }));
    const release = lockDataDir(dir, 'seed');
    expect(JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8')).purpose).toBe('seed');
    release();
  });
});
