import { createHmac, hash as digestOf, type KeyObject } from 'node:crypto';

/**
 * What a token is bound to: a digest of the user's stored password hash (the empty string when the
 * user has none). Stored hashes are salted, so a new password, and a new account under a reused key,
 * give a new stamp; the stamp reveals nothing the hash does not. 128 bits in hex.
 */
export function passwordStamp(encoded: unknown): string {
  const hash = typeof encoded === 'string' ? encoded : '';
  return recentStamps.get(hash, () => digestOf('sha256', hash, 'hex').slice(0, 32));
}

/**
 * Stamps of recently seen hashes: every authenticated request checks its user's stamp, and a map
 * lookup costs a fraction of a SHA-256 or an HMAC. It holds what the user rows hold anyway (the
 * hashes). Bounded: emptied when full, so an attacker's many accounts cost at most this many entries.
 */
export class RecentStamps {
  private readonly stamps = new Map<string, string>();

  constructor(private readonly size = 4096) {}

  get(hash: string, stampOf: () => string): string {
    let stamp = this.stamps.get(hash);
    if (stamp === undefined) {
      stamp = stampOf();
      if (this.stamps.size >= this.size) this.stamps.clear();
      this.stamps.set(hash, stamp);
    }
    return stamp;
  }
}

const recentStamps = new RecentStamps();

/** The same binding for a claim the client can read: keyed, so it says nothing without the key. 128 bits, base64url. */
export function keyedPasswordStamp(key: KeyObject | Buffer | string, encoded: unknown): string {
  return createHmac('sha256', key)
    .update(typeof encoded === 'string' ? encoded : '')
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}
