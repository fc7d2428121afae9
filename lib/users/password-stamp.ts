import { createHash, createHmac, type KeyObject } from 'node:crypto';

/**
 * What a token is bound to: a digest of the user's stored password hash (the empty string when the
 * user has none). Stored hashes are salted, so a new password, and a new account under a reused key,
 * give a new stamp; the stamp reveals nothing the hash does not. 128 bits in hex.
 */
export function passwordStamp(encoded: unknown): string {
  return createHash('sha256')
    .update(typeof encoded === 'string' ? encoded : '')
    .digest('hex')
    .slice(0, 32);
}

/** The same binding for a claim the client can read: keyed, so it says nothing without the key. 128 bits, base64url. */
export function keyedPasswordStamp(key: KeyObject | Buffer | string, encoded: unknown): string {
  return createHmac('sha256', key)
    .update(typeof encoded === 'string' ? encoded : '')
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}
