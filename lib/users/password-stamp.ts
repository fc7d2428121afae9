import { createHmac, hash as digestOf, type KeyObject } from 'node:crypto';

/**
 * What a token is bound to: a digest of the user's stored password hash (the empty string when the
 * user has none). Stored hashes are salted, so a new password, and a new account under a reused key,
 * give a new stamp; the stamp reveals nothing the hash does not. 128 bits in hex.
 */
export function passwordStamp(encoded: unknown): string {
  const hash = typeof encoded === 'string' ? encoded : '';
  let stamp = recentStamps.get(hash);
  if (stamp === undefined) {
    stamp = digestOf('sha256', hash, 'hex').slice(0, 32);
    // Bounded: emptied when full, so an attacker's many accounts cost at most this many entries.
    if (recentStamps.size >= RECENT_STAMPS) recentStamps.clear();
    recentStamps.set(hash, stamp);
  }
  return stamp;
}

/**
 * Stamps of recently seen hashes: every token-authenticated request checks its user's stamp, and a
 * map lookup costs a fraction of a SHA-256. It holds what the user rows hold anyway (the hashes).
 */
const recentStamps = new Map<string, string>();
const RECENT_STAMPS = 4096;

/** The same binding for a claim the client can read: keyed, so it says nothing without the key. 128 bits, base64url. */
export function keyedPasswordStamp(key: KeyObject | Buffer | string, encoded: unknown): string {
  return createHmac('sha256', key)
    .update(typeof encoded === 'string' ? encoded : '')
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}
