import autocannon from 'autocannon';
import { machineBusyCpuSeconds, processCpuSeconds } from './processes';
import { round } from './stats';

/** The client harness settings, identical for every target of a run. */
export interface LoadSettings {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

/** What one endpoint's benchmark (matching, resources) is run with, besides what it seeds. */
export interface EndpointSettings extends LoadSettings {
  /** Connections of the latency run, which the target is judged on. */
  latencyConnections: number;
  databaseUrl: string | undefined;
  cpuProfileDir: string | undefined;
}

export interface LoadTarget {
  url: string;
  headers: Record<string, string>;
  /** The server's pid, to read how much CPU it used during the measured window. */
  pid: number;
  /** Default 'GET'. */
  method?: 'GET' | 'POST';
  /**
   * Requests each connection sends in turn, starting over at the end (autocannon's `requests`):
   * each entry's `path`, `method`, `body` and `headers` override the ones above.
   */
  requests?: autocannon.Request[];
}

/** CPU used during the measured window, in % of one core (100 = one core busy all the time). */
export interface CpuUse {
  server: number | null;
  /** This process: the load generator. */
  client: number;
  /** Everything else on the machine (kernel, other programs): noise when it is high. */
  other: number | null;
}

export interface LoadResult {
  /** 2xx responses per second over the measured window (warm-up excluded). */
  requests_per_sec: number;
  latency_ms: { p50: number; p90: number; p99: number; mean: number; max: number };
  requests_2xx: number;
  non_2xx: number;
  errors: number;
  timeouts: number;
  duration_seconds: number;
  cpu_percent: CpuUse;
}

function fire(target: LoadTarget, settings: LoadSettings, seconds: number) {
  return autocannon({
    url: target.url,
    headers: target.headers,
    connections: settings.connections,
    duration: seconds,
    pipelining: 1,
    timeout: 10,
    // Only when given: autocannon's defaults would be overwritten by `undefined`.
    ...(target.method ? { method: target.method } : {}),
    ...(target.requests ? { requests: target.requests } : {}),
  });
}

function delta(before: number | undefined, after: number | undefined): number | undefined {
  return before === undefined || after === undefined ? undefined : after - before;
}

/** A short unmeasured warm-up (JIT, pools, caches), then the measured run. Both end by themselves. */
export async function measure(target: LoadTarget, settings: LoadSettings): Promise<LoadResult> {
  if (settings.warmupSeconds > 0) await fire(target, settings, settings.warmupSeconds);

  const serverBefore = processCpuSeconds(target.pid);
  const machineBefore = machineBusyCpuSeconds();
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  const result = await fire(target, settings, settings.durationSeconds);
  const wallSeconds = (performance.now() - started) / 1000;
  const clientUsage = process.cpuUsage(clientBefore);
  const server = delta(serverBefore, processCpuSeconds(target.pid));
  const machine = delta(machineBefore, machineBusyCpuSeconds());
  const client = (clientUsage.user + clientUsage.system) / 1e6;

  const percent = (seconds: number) => round((seconds / wallSeconds) * 100, 0);
  const ok = result['2xx'];
  return {
    requests_per_sec: round(ok / result.duration, 0),
    latency_ms: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      mean: round(result.latency.mean, 2),
      max: result.latency.max,
    },
    requests_2xx: ok,
    non_2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    duration_seconds: round(result.duration, 2),
    cpu_percent: {
      server: server === undefined ? null : percent(server),
      client: percent(client),
      other:
        server === undefined || machine === undefined
          ? null
          : percent(Math.max(0, machine - server - client)),
    },
  };
}
