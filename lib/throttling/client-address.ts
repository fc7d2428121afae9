import { BlockList, isIP } from 'node:net';
import { forwardedHops, unmap } from './forwarded-headers.js';
import type { ForwardedHeader } from './login-throttle.options.js';

interface RequestWithSocket {
  headers: Record<string, string | string[] | undefined>;
  socket?: { remoteAddress?: string };
  raw?: { socket?: { remoteAddress?: string } };
}

function buildTrustList(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    if (entry === 'loopback') {
      list.addSubnet('127.0.0.0', 8, 'ipv4');
      list.addAddress('::1', 'ipv6');
      continue;
    }
    const [address, bits, ...rest] = String(entry).split('/');
    const family = isIP(unmap(address));
    const prefix = bits === undefined ? undefined : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
    // '10.0.0.1/' must not become a /0 that trusts every address.
    if (family === 0 || rest.length > 0 || Number.isNaN(prefix) || (prefix ?? 0) > (family === 4 ? 32 : 128)) {
      throw new Error(`loginThrottle.trustProxy: "${entry}" is not an IP address or CIDR block`);
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(unmap(address), type);
    else list.addSubnet(unmap(address), prefix, type);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Finds the client address of a request: the TCP peer, or, when the peer is a trusted proxy, the
 * right-most hop of the forwarded header (`X-Forwarded-For`, RFC 7239 `Forwarded` or `X-Real-IP`) not
 * added by a trusted proxy. Ports and brackets are dropped from addresses; a hop that is no address
 * (`unknown`) is the client. Nothing a client sends directly can change its own address.
 */
export class ClientAddressResolver {
  private readonly trustList?: BlockList;

  constructor(
    private readonly trustProxy: false | number | string[],
    private readonly header: ForwardedHeader = 'x-forwarded-for',
  ) {
    if (Array.isArray(trustProxy)) this.trustList = buildTrustList(trustProxy);
  }

  resolve(request: RequestWithSocket): string {
    const peer = unmap(request.socket?.remoteAddress ?? request.raw?.socket?.remoteAddress ?? 'unknown');
    if (this.trustProxy === false || this.trustProxy === 0) return peer;
    const forwarded = forwardedHops(request.headers, this.header);
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
