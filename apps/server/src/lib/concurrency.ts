/**
 * At most `limit` tasks run at once; the others wait in line, first come first served. For bursts
 * of background work — every socket of a node closing at once after a network blip — that would
 * otherwise take every database connection from the sends and requests queued behind them.
 */
export function createLimiter(limit: number) {
  let running = 0;
  const line: (() => void)[] = [];
  return async function run<T>(task: () => Promise<T>): Promise<T> {
    if (running < limit) running++;
    // A finishing task hands its place straight to the next in line.
    else await new Promise<void>((resolve) => line.push(resolve));
    try {
      return await task();
    } finally {
      const next = line.shift();
      if (next) next();
      else running--;
    }
  };
}
