import dns from 'node:dns';
import https from 'node:https';
import net from 'node:net';

/**
 * A push subscription's endpoint is an address the browser hands us, and the server then sends
 * requests to it: without a guard, anyone signed in could make a node call its own network (the
 * database, a cloud metadata service). Real push services are public HTTPS hosts, so in
 * production an endpoint must be `https:` and every address it resolves to public. The check runs
 * when the subscription is saved (a clear 400) and again inside the connection's own DNS lookup
 * when a push is sent, so a name that later resolves inward (DNS rebinding) is refused too.
 */
const inward = new net.BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  inward.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  inward.addSubnet(network, prefix, 'ipv6');
}

/** True for loopback, private, link-local, shared, multicast and reserved addresses. */
export function isInwardAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isInwardAddress(mapped[1]!);
  const family = net.isIP(address);
  if (family === 0) return true;
  return inward.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Why an endpoint may not be used (undefined: it may). Names are checked when resolved. */
export function endpointProblem(endpoint: string): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'The push endpoint is not an address';
  }
  if (url.protocol !== 'https:') return 'The push endpoint must use https';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) {
    return 'The push endpoint must be a public push service';
  }
  if (net.isIP(host) !== 0 && isInwardAddress(host)) {
    return 'The push endpoint must be a public push service';
  }
  return undefined;
}

/** Raised when an endpoint turns out to be inward: the subscription is refused for good. */
export class InwardAddressError extends Error {
  readonly code = 'ERR_INWARD_ADDRESS';
}

/** A DNS lookup that answers only with public addresses. */
const publicLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const usable = addresses.filter((a) => !isInwardAddress(a.address));
    if (usable.length === 0) {
      return callback(
        new InwardAddressError(`${hostname} resolves only to private addresses`),
        '',
        0,
      );
    }
    if (options.all)
      return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, usable);
    callback(null, usable[0]!.address, usable[0]!.family);
  });
};

/** The HTTPS agent pushes go through in production: public addresses only. */
export const publicOnlyAgent = () => new https.Agent({ keepAlive: true, lookup: publicLookup });
