import { Injectable } from '@nestjs/common';
import { AuthTokenManager } from './auth-token-manager.js';
import { AuthTokenNotFound } from '../errors/exceptions.js';

/** A manager that can revoke all tokens of several users at once (`TypeOrmAuthTokenManager` can). */
interface RevokesAllTokens {
  revokeAllTokens(...users: object[]): Promise<number>;
}

function revokesAllTokens(manager: unknown): manager is RevokesAllTokens {
  return typeof (manager as Partial<RevokesAllTokens> | null)?.revokeAllTokens === 'function';
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
    if (revokesAllTokens(this.manager)) return this.manager.revokeAllTokens(...users);
    for (const user of users) {
      try {
        await this.manager.revokeToken(user);
      } catch (error) {
        if (!(error instanceof AuthTokenNotFound)) throw error;
      }
    }
    return undefined;
  }
}
