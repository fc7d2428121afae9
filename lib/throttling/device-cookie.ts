import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { type HttpRequest, requestPath } from '../http/http.js';

/** Name of the cookie that marks a client which logged in successfully before (OWASP "device cookie"). */
export const DEVICE_COOKIE = 'nrr_device';
/** How long a device stays known after its last successful login. */
export const DEVICE_LIFETIME_SECONDS = 180 * 24 * 3600;
/** Accounts remembered per cookie (one browser, a few accounts). */
const MAX_ENTRIES = 4;

/** One remembered (device, account) pair: a random nonce, its expiry, and an HMAC binding both to the account. */
export interface DeviceEntry {
  nonce: string;
  expires: number;
  signature: string;
  raw: string;
}

function sign(secret: Buffer, account: string, nonce: string, expires: number): string {
  return createHmac('sha256', secret).update(`device\0${account}\0${nonce}\0${expires}`).digest('base64url');
}

function cookieValue(request: HttpRequest): string | undefined {
  const header = request.headers.cookie;
  const text = Array.isArray(header) ? header.join('; ') : header;
  if (typeof text !== 'string') return undefined;
  for (const part of text.split(';')) {
    const index = part.indexOf('=');
    if (index !== -1 && part.slice(0, index).trim() === DEVICE_COOKIE) return part.slice(index + 1).trim();
  }
  return undefined;
}

/** The well-formed, unexpired entries of the request's device cookie (not yet verified). */
export function deviceEntries(request: HttpRequest, now = Date.now()): DeviceEntry[] {
  const value = cookieValue(request);
  if (value === undefined || value.length > 1024) return [];
  const entries: DeviceEntry[] = [];
  for (const raw of value.split('~').slice(0, MAX_ENTRIES)) {
    const match = /^([A-Za-z0-9_-]{22})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(raw);
    if (match && Number(match[2]) * 1000 > now) {
      entries.push({ nonce: match[1], expires: Number(match[2]), signature: match[3], raw });
    }
  }
  return entries;
}

/** Whether `entry` was issued for `account` by a holder of `secret` (constant-time comparison). */
export function verifiesFor(secret: Buffer, entry: DeviceEntry, account: string): boolean {
  const expected = Buffer.from(sign(secret, account, entry.nonce, entry.expires));
  const given = Buffer.from(entry.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * The `Set-Cookie` value after a successful login of `account`: a fresh entry for it, first, then the
 * entries of other accounts the cookie already held. HttpOnly, scoped to the login route.
 */
export function deviceCookieHeader(secret: Buffer, account: string, request: HttpRequest, now = Date.now()): string {
  const nonce = randomBytes(16).toString('base64url');
  const expires = Math.floor(now / 1000) + DEVICE_LIFETIME_SECONDS;
  const fresh = `${nonce}.${expires}.${sign(secret, account, nonce, expires)}`;
  const others = deviceEntries(request, now)
    .filter((entry) => !verifiesFor(secret, entry, account))
    .map((entry) => entry.raw);
  const value = [fresh, ...others].slice(0, MAX_ENTRIES).join('~');
  const path = requestPath(request).replace(/\/+$/, '') || '/';
  const secure =
    (request as { secure?: boolean }).secure === true || (request as { protocol?: string }).protocol === 'https';
  return `${DEVICE_COOKIE}=${value}; Max-Age=${DEVICE_LIFETIME_SECONDS}; Path=${path}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}
