import net from 'node:net';

/**
 * A port that was free a moment ago on 127.0.0.1 (the OS picks it). Plain Node, no test runner:
 * the benchmarks use it too.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the probe port'));
      });
    });
  });
}
