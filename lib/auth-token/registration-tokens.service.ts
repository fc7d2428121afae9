import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type AuthToken, AuthTokenManager } from './auth-token-manager.js';
import { AuthTokenNotFound, AuthTokenNotRevoked } from '../errors/exceptions.js';

/** A manager that can revoke all tokens of several users at once (`TypeOrmAuthTokenManager` can). */
interface RevokesAllTokens {
  revokeAllTokens(...users: object[]): Promise<number>;
}

/** A manager whose stored tokens can follow a password change (`TypeOrmAuthTokenManager` can). */
interface RebindsTokens {
  rebindTokens(user: object, previousStamp: string): Promise<void>;
}

/**
 * A password change that keeps one credential (`RegistrationUsers.setPassword(..., { keep })`): the
 * manager stores the new hash with `store()` and, in the same step, binds `token` to it and ends the
 * user's other tokens.
 */
export interface PasswordChange {
  /** The user as stored until now (its previous hash). */
  before: object;
  /** The same user with its new hash, not stored yet. */
  after: object;
  /** The token to keep working; absent: none is kept. */
  token?: AuthToken;
  /** Writes the new hash; called once, with the manager's transaction when it has one. */
  store(transaction?: EntityManager): Promise<void>;
}

/** A manager that can keep one token across a password change (`TypeOrmAuthTokenManager`, `JwtAuthTokenManager`). */
interface ChangesPasswords {
  changePassword(change: PasswordChange): Promise<void>;
}

/** A manager whose tokens may be cached (`TypeOrmAuthTokenManager` with `tokenCache`). */
interface EvictsCachedUsers {
  evictCachedUsers(...users: object[]): Promise<void>;
}

/** A manager that stores tokens and can delete the expired ones (`TypeOrmAuthTokenManager` can). */
interface PurgesTokens {
  purgeExpiredTokens(now?: Date): Promise<number>;
}

function has<T>(manager: unknown, method: keyof T): manager is T {
  return typeof (manager as Record<string, unknown> | null)?.[method as string] === 'function';
}

/**
 * Token operations for hosts: call `revokeAllTokens(user)` when an account is locked, its password is
 * changed outside `RegistrationUsers.setPassword()`, or it is suspected to be compromised.
 *
 * ```ts
 * constructor(private readonly tokens: RegistrationTokens) {}
 * await this.tokens.revokeAllTokens(user);
 * ```
 */
@Injectable()
export class RegistrationTokens {
  constructor(private readonly manager: AuthTokenManager) {}

  /**
   * Revokes every token of these users; resolves how many were revoked when the manager can tell
   * (0 when there were none). A manager that cannot revoke (stateless JWT without a denylist) throws
   * `AuthTokenNotRevoked`.
   */
  async revokeAllTokens(...users: object[]): Promise<number | undefined> {
    if (has<RevokesAllTokens>(this.manager, 'revokeAllTokens')) return this.manager.revokeAllTokens(...users);
    for (const user of users) {
      try {
        await this.manager.revokeToken(user);
      } catch (error) {
        if (!(error instanceof AuthTokenNotFound)) throw error;
      }
    }
    return undefined;
  }

  /** `revokeAllTokens`, except that a manager that cannot revoke is not an error (its tokens check the user on use). */
  async revokeAllTokensIfPossible(...users: object[]): Promise<void> {
    try {
      await this.revokeAllTokens(...users);
    } catch (error) {
      if (!(error instanceof AuthTokenNotRevoked)) throw error;
    }
  }

  /**
   * After a password change that keeps the sessions (`setPassword(..., { revokeTokens: false })`): the
   * user's stored tokens bound to `previousStamp` are bound to the user's current password. Tokens
   * that carry their binding themselves (JWTs) cannot follow and end.
   */
  async rebindTokens(user: object, previousStamp: string): Promise<void> {
    if (has<RebindsTokens>(this.manager, 'rebindTokens')) await this.manager.rebindTokens(user, previousStamp);
  }

  /**
   * Stores a new password hash keeping `change.token` working, bound to the new password, and ends
   * every other token of the user, with no moment where the kept token is refused or a token issued
   * under the old password still works. A manager that cannot single a token out stores the hash and
   * revokes what it can (its tokens then end with the password, the kept one too).
   */
  async changePassword(change: PasswordChange): Promise<void> {
    if (has<ChangesPasswords>(this.manager, 'changePassword')) return this.manager.changePassword(change);
    await change.store();
    await this.revokeAllTokensIfPossible(change.after);
  }

  /**
   * Deletes stored tokens that can no longer be used (past `tokenTtl` or `tokenIdleTimeout`); resolves
   * how many, or `undefined` when the manager stores none. Call it from a scheduled job.
   */
  async purgeExpiredTokens(now = new Date()): Promise<number | undefined> {
    return has<PurgesTokens>(this.manager, 'purgeExpiredTokens') ? this.manager.purgeExpiredTokens(now) : undefined;
  }

  /**
   * With `tokenCache`: makes every instance check these users' tokens against the database again on
   * their next use. Call it after changing a user outside the module (deactivating an account, say);
   * revoking tokens, `setPassword` and `deleteUser` already do it. A no-op without the cache.
   */
  async evictCachedUsers(...users: object[]): Promise<void> {
    if (has<EvictsCachedUsers>(this.manager, 'evictCachedUsers')) await this.manager.evictCachedUsers(...users);
  }
}
