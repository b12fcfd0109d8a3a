import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Command, PhaseResult, Reply, SetupResult } from './chat-protocol';
import { forward, spawnNode } from './processes';

/** A load-generator process (bench/chat-worker.ts) and a way to ask it one thing at a time. */
export interface Worker {
  name: string;
  child: ChildProcess;
  pid: number;
  request(command: Command, timeoutMs: number): Promise<Reply>;
}

/** Open files each worker may hold (sockets): raised in the shell that starts it. */
const WORKER_FD_LIMIT = 65_536;

export function startWorker(name: string, repoRoot: string): Worker {
  const child = spawnNode(
    ['--import', 'tsx', path.join(repoRoot, 'bench/chat-worker.ts')],
    { PATH: process.env.PATH, HOME: process.env.HOME },
    repoRoot,
    WORKER_FD_LIMIT,
    'ignore',
    true,
  );
  if (child.pid === undefined) throw new Error(`${name}: could not start`);
  forward(name, child.stdout);
  forward(name, child.stderr);
  const waiting: { resolve: (reply: Reply) => void; reject: (error: Error) => void }[] = [];
  child.on('message', (reply: Reply) => waiting.shift()?.resolve(reply));
  child.once('exit', (code, signal) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`${name} exited (${code ?? signal})`));
  });
  return {
    name,
    child,
    pid: child.pid,
    request(command, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${name}: no answer to ${command.type} in ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiting.push({
          resolve: (reply) => {
            clearTimeout(timer);
            if (reply.type === 'error') reject(new Error(`${name}: ${reply.message}`));
            else resolve(reply);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        child.send(command);
      });
    },
  };
}

interface Results {
  setup: SetupResult;
  phase: PhaseResult;
}

/** Sends one command and waits for its result, which must come in a reply of type `expected`. */
export async function resultOf<T extends keyof Results>(
  worker: Worker,
  command: Command,
  expected: T,
  timeoutMs: number,
): Promise<Results[T]> {
  const reply = await worker.request(command, timeoutMs);
  if (reply.type !== expected || !('result' in reply)) {
    throw new Error(`${worker.name}: unexpected ${reply.type}`);
  }
  return reply.result as Results[T];
}

/** Asks each worker to close its sockets and exit; kills those that do not within `graceMs`. */
export async function stopWorkers(workers: Worker[], graceMs = 10_000): Promise<void> {
  await Promise.all(
    workers.map(async (worker) => {
      if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => worker.child.once('exit', () => resolve()));
      await worker.request({ type: 'close' }, graceMs).catch(() => undefined);
      const timer = setTimeout(() => worker.child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }),
  );
}
