import { hash, randomBytes } from 'node:crypto';
import { TOKEN_PREFIX } from '../registration.constants.js';

/** A new token: the fixed prefix and 256 random bits in base64url. */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** SHA-256 of the token in hex: what the database stores and looks up. */
export function tokenDigest(token: string): string {
  // The one-shot hash: no Hash object (a stream) made and collected per request.
  return hash('sha256', token, 'hex');
}

const TOKEN_SHAPE = new RegExp(`^${TOKEN_PREFIX}[A-Za-z0-9_-]{43}$`);

/** Whether `token` could have been issued by `generateToken()`; others are refused without a lookup. */
export function hasTokenShape(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}
