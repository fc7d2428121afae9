import type { TokenInvalidationChannel } from '../token-cache/invalidation-channel.js';

/** The `tokenCache` setting. */
export interface TokenCacheSettings {
  /**
   * How every instance learns of revocations: `new PostgresTokenInvalidationChannel({ client })` or
   * `new RedisTokenInvalidationChannel(redis)`. Required (check E090).
   */
  channel: TokenInvalidationChannel;
  /**
   * Most tokens kept in memory per instance; the oldest entry goes first when it is full.
   * @default 10000
   */
  size?: number;
  /**
   * Seconds a token is answered from memory before the database is read again; bounds how long an
   * instance that missed an invalidation (a publish that failed) can accept a revoked token.
   * At most 60 (check E091).
   * @default 5
   */
  ttl?: number;
}
