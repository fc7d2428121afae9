import { pbkdf2, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);

/** Django's `pbkdf2_sha256$<iterations>$<salt>$<base64 hash>` and `pbkdf2_sha1$...` formats. */
const DJANGO_PBKDF2 = /^pbkdf2_(sha256|sha1)\$(\d{1,9})\$([^$]+)\$([A-Za-z0-9+/=]+)$/;

export function isDjangoPbkdf2(encoded: string): boolean {
  return DJANGO_PBKDF2.test(encoded);
}

/** Verifies a Django PBKDF2 hash; the work runs in libuv's thread pool. */
export async function verifyDjangoPbkdf2(password: string, encoded: string): Promise<boolean> {
  const match = DJANGO_PBKDF2.exec(encoded);
  if (!match) return false;
  const [, digest, iterations, salt, expected] = match;
  const expectedBytes = Buffer.from(expected, 'base64');
  if (expectedBytes.length === 0) return false;
  const actual = await pbkdf2Async(password, salt, Number(iterations), expectedBytes.length, digest);
  return timingSafeEqual(actual, expectedBytes);
}

/** Encodes a Django `pbkdf2_sha256` hash (used by tests and migration tools). */
export async function hashDjangoPbkdf2(password: string, salt: string, iterations = 870_000): Promise<string> {
  const derived = await pbkdf2Async(password, salt, iterations, 32, 'sha256');
  return `pbkdf2_sha256$${iterations}$${salt}$${derived.toString('base64')}`;
}
