import type { Type } from '@nestjs/common';

/** Where revoked JWTs are remembered until they expire (see `JwtDenylist`). */
export interface JwtDenylistLike {
  isRevoked(claims: { jti: string; sub: string; issuedAtMs: number }): Promise<boolean>;
  revoke(jti: string, expiresAt: Date): Promise<void>;
  revokeAllBefore(userId: string, before: Date, expiresAt: Date): Promise<void>;
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
