import { isIP } from 'node:net';
import type { ForwardedHeader } from './login-throttle.options.js';

type HeaderValue = string | string[] | undefined;

/** `::ffff:1.2.3.4` is the IPv4 peer `1.2.3.4`. */
export function unmap(address: string): string {
  return address.toLowerCase().startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/** Longest identifier kept from a hop that is not an address (`unknown`, `_hidden`), so a key stays small. */
const MAX_IDENTIFIER = 64;

/**
 * One hop as a proxy wrote it: `1.2.3.4`, `1.2.3.4:80`, `[2001:db8::1]`, `[2001:db8::1]:443` or a bare IPv6
 * address become the address; anything else (`unknown`, an RFC 7239 obfuscated `_hidden`) stays an opaque,
 * lower-cased identifier. Such an identifier is never a trusted proxy, so reading stops at it: the client
 * never gets to choose the address written to its left.
 */
export function parseHop(entry: string): string | undefined {
  let value = entry.trim();
  if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1).trim();
  if (value === '') return undefined;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(value);
  if (bracketed && isIP(bracketed[1]) === 6) return unmap(bracketed[1].toLowerCase());
  if (isIP(value) !== 0) return unmap(value.toLowerCase());
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(value);
  if (withPort && isIP(withPort[1]) === 4) return withPort[1];
  return value.toLowerCase().slice(0, MAX_IDENTIFIER);
}

function values(header: HeaderValue): string[] {
  return Array.isArray(header) ? header : header === undefined ? [] : [header];
}

/** The `for=` node of each element of RFC 7239 `Forwarded` headers; an element without one is skipped. */
function forwardedFor(headers: HeaderValue): string[] {
  const hops: string[] = [];
  for (const element of values(headers).flatMap((value) => value.split(','))) {
    const pair = element
      .split(';')
      .map((part) => part.trim())
      .find((part) => part.toLowerCase().startsWith('for='));
    const hop = pair === undefined ? undefined : parseHop(pair.slice(4));
    if (hop !== undefined) hops.push(hop);
  }
  return hops;
}

/**
 * The client-side hops trusted proxies wrote in `header`, left (farthest) to right (nearest). `X-Real-IP`
 * holds one hop: the last value when the header is repeated.
 */
export function forwardedHops(headers: Record<string, HeaderValue>, header: ForwardedHeader): string[] {
  if (header === 'forwarded') return forwardedFor(headers.forwarded);
  if (header === 'x-real-ip') {
    const hop = parseHop(values(headers['x-real-ip']).at(-1) ?? '');
    return hop === undefined ? [] : [hop];
  }
  return values(headers['x-forwarded-for'])
    .flatMap((value) => value.split(','))
    .map(parseHop)
    .filter((hop): hop is string => hop !== undefined);
}
