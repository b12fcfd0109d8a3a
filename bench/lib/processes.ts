import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { freePort } from '../../apps/server/test/free-port';
export { freePort };

/** A server running as a child process, so it never shares an event loop with the load generator. */
export interface ServerProcess {
  name: string;
  child: ChildProcess;
  pid: number;
  baseUrl: string;
}

const running = new Set<ChildProcess>();
/** Clock ticks per second in /proc (USER_HZ): 100 on every mainstream Linux build. */
const USER_HZ = 100;

export function log(message: string): void {
  console.error(`[bench] ${message}`);
}

/** Forwards each line a child prints to our stderr, so stdout stays the JSON document alone. */
export function forward(name: string, stream: NodeJS.ReadableStream | null): void {
  if (!stream) return;
  createInterface({ input: stream }).on('line', (line) => console.error(`[${name}] ${line}`));
}

export function startServer(options: {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  port: number;
  /** Start through `sh -c 'ulimit -n …; exec node …'` (same pid) for many sockets. */
  fdLimit?: number;
}): ServerProcess {
  const child = spawnNode(options.args, options.env, options.cwd, options.fdLimit, 'ignore');
  if (child.pid === undefined) throw new Error(`${options.name}: could not start`);
  forward(options.name, child.stdout);
  forward(options.name, child.stderr);
  return {
    name: options.name,
    child,
    pid: child.pid,
    baseUrl: `http://127.0.0.1:${options.port}`,
  };
}

/**
 * Spawns `node <args>`. With `fdLimit`, through a shell that first raises the open-files limit
 * (as far as it may: the hard limit, or `fdLimit` as root) and then execs node, so the pid is
 * node's. stdout and stderr are piped; stdin as given.
 */
export function spawnNode(
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  fdLimit: number | undefined,
  stdin: 'ignore' | 'pipe',
  ipc = false,
): ChildProcess {
  const stdio: ('ignore' | 'pipe' | 'ipc')[] = [
    stdin,
    'pipe',
    'pipe',
    ...(ipc ? ['ipc' as const] : []),
  ];
  const child =
    fdLimit === undefined
      ? spawn(process.execPath, args, { cwd, env, stdio })
      : spawn(
          '/bin/sh',
          [
            '-c',
            `ulimit -n ${fdLimit} 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"`,
            process.execPath,
            ...args,
          ],
          { cwd, env, stdio },
        );
  if (child.pid !== undefined) {
    running.add(child);
    child.once('exit', () => running.delete(child));
  }
  return child;
}

/** Polls `path` until it answers 200; fails early if the child exits, and after `timeoutMs`. */
export async function waitUntilReady(
  server: ServerProcess,
  path: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      const how = server.child.exitCode ?? server.child.signalCode;
      throw new Error(`${server.name} exited (${how}) before it was ready`);
    }
    try {
      const response = await fetch(`${server.baseUrl}${path}`, {
        signal: AbortSignal.timeout(2_000),
      });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${server.name} was not ready on ${path} within ${timeoutMs / 1000} s`);
}

/** SIGTERM (a graceful close), then SIGKILL if the child is still there after `graceMs`. */
export async function stopServer(server: ServerProcess, graceMs = 5_000): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Last resort on exit or error: kills, by pid, every child this process started that still runs. */
export function killAllChildren(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** User + system CPU seconds a process has used so far (Linux /proc), or undefined elsewhere. */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)": state is field 3, utime field 14, stime field 15 (clock ticks).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / USER_HZ : undefined;
  } catch {
    return undefined;
  }
}

/** CPU seconds the whole machine spent busy so far, all cores added (Linux /proc/stat). */
export function machineBusyCpuSeconds(): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    // cpu user nice system idle iowait irq softirq ...
    const [user, nice, system, , , irq, softirq] = line.trim().split(/\s+/).slice(1).map(Number);
    const ticks = [user, nice, system, irq, softirq].reduce<number>((sum, t) => sum + (t ?? 0), 0);
    return Number.isFinite(ticks) ? ticks / USER_HZ : undefined;
  } catch {
    return undefined;
  }
}

/** Resident set size of a process in bytes (Linux /proc), or undefined elsewhere. */
export function processRssBytes(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

/** The soft open-files limit of a process (Linux /proc), or undefined elsewhere. */
export function openFilesLimit(pid: number): number | undefined {
  try {
    const limits = readFileSync(`/proc/${pid}/limits`, 'utf8');
    const soft = /^Max open files\s+(\d+)/m.exec(limits)?.[1];
    return soft === undefined ? undefined : Number(soft);
  } catch {
    return undefined;
  }
}
