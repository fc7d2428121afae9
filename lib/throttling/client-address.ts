import { BlockList, isIP } from 'node:net';

interface RequestWithSocket {
  headers: Record<string, string | string[] | undefined>;
  socket?: { remoteAddress?: string };
  raw?: { socket?: { remoteAddress?: string } };
}

/** `::ffff:1.2.3.4` is the IPv4 peer `1.2.3.4`. */
function unmap(address: string): string {
  return address.toLowerCase().startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function buildTrustList(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    if (entry === 'loopback') {
      list.addSubnet('127.0.0.0', 8, 'ipv4');
      list.addAddress('::1', 'ipv6');
      continue;
    }
    const [address, bits] = entry.split('/');
    const family = isIP(unmap(address));
    if (family === 0) throw new Error(`loginThrottle.trustProxy: "${entry}" is not an IP address or CIDR block`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(unmap(address), type);
    else list.addSubnet(unmap(address), Number(bits), type);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Finds the client address of a request: the TCP peer, or, when the peer is a trusted proxy, the
 * right-most `X-Forwarded-For` entry not added by a trusted proxy. Nothing a client sends directly can
 * change its own address.
 */
export class ClientAddressResolver {
  private readonly trustList?: BlockList;

  constructor(private readonly trustProxy: false | number | string[]) {
    if (Array.isArray(trustProxy)) this.trustList = buildTrustList(trustProxy);
  }

  resolve(request: RequestWithSocket): string {
    const peer = unmap(request.socket?.remoteAddress ?? request.raw?.socket?.remoteAddress ?? 'unknown');
    if (this.trustProxy === false || this.trustProxy === 0) return peer;
    const forwarded = forwardedFor(request.headers['x-forwarded-for']);
    if (typeof this.trustProxy === 'number') {
      // The last `trustProxy` hops are ours; beyond them (or when the chain is short) the left-most known.
      const hops = [...forwarded, peer];
      return hops[Math.max(0, hops.length - 1 - this.trustProxy)];
    }
    let address = peer;
    for (let index = forwarded.length - 1; index >= 0 && isTrusted(this.trustList!, address); index--) {
      address = forwarded[index];
    }
    return address;
  }
}

/** The entries of `X-Forwarded-For` (all occurrences), unusable ones dropped. */
function forwardedFor(header: string | string[] | undefined): string[] {
  const values = Array.isArray(header) ? header : header === undefined ? [] : [header];
  return values
    .flatMap((value) => value.split(','))
    .map((entry) => unmap(entry.trim()))
    .filter((entry) => isIP(entry) !== 0);
}
