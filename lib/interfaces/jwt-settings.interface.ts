import type { Type } from '@nestjs/common';

/** Where revoked JWTs are remembered until they expire (see `JwtDenylist`). */
export interface JwtDenylistLike {
  /** Whether the token was revoked: by id, or by a revoke-all of its user after it was issued (`generation`). */
  isRevoked(claims: { jti: string; sub: string; issuedAtMs: number; generation: number }): Promise<boolean>;
  revoke(jti: string, expiresAt: Date): Promise<void>;
  /**
   * Revokes every token of the user issued so far, exactly: advances the user's revocation generation
   * (a counter, so neither clock skew between instances nor a column stored to the second matters).
   */
  revokeAll(userId: string): Promise<void>;
  /** The user's revocation generation (0 until the first `revokeAll`); every new token carries it. */
  generation(userId: string): Promise<number>;
  /**
   * Binds one token to a new password (`stamp`, the keyed stamp of the new hash) until it expires: a
   * change-password keeps the token that made it. Optional; without it that token ends too.
   */
  rebind?(jti: string, stamp: string, expiresAt: Date): Promise<void>;
  /** Whether `rebind(jti, stamp)` was called (and the token has not expired). */
  isRebound?(jti: string, stamp: string): Promise<boolean>;
}

/** Settings of `JwtAuthTokenManager`. */
export interface JwtSettings {
  /** HMAC secret, at least 32 bytes (startup checks E030 and E031). Required. */
  secret?: string | Buffer;
  /**
   * HMAC algorithm.
   * @default 'HS256'
   */
  algorithm?: 'HS256' | 'HS384' | 'HS512';
  /**
   * Lifetime of a token in seconds.
   * @default the `tokenTtl` setting, or 3600 when that is null
   */
  expiresIn?: number;
  /** `iss` claim to set and require. @default none */
  issuer?: string;
  /** `aud` claim to set and require. @default none */
  audience?: string;
  /**
   * Where revoked tokens are remembered until they expire; without one, `revokeToken()` throws
   * `AuthTokenNotRevoked` and logout with `revoke_token` answers 400. A class (created with the module's
   * DI, e.g. `TypeOrmJwtDenylist`) or an instance (e.g. `new RedisJwtDenylist(redis)`).
   * @default null
   */
  denylist?: Type<JwtDenylistLike> | JwtDenylistLike | null;
}
