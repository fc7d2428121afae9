import type { CanActivate, Type } from '@nestjs/common';
import type { CheckProblem } from '../errors/configuration.error.js';
import { AuthTokenNotFound, AuthTokenNotRevoked } from '../errors/exceptions.js';

/** A token as handed to the client. */
export type AuthToken = string;

/** What `getRequiredModules()` may name: TypeORM entities (checked against the DataSource) or Nest modules. */
export type RequiredModule = Type<unknown> | Function;

export interface RevokeTokenOptions {
  /** The token to revoke; all of the user's tokens when absent. */
  token?: AuthToken;
}

function notImplemented(method: string): Error {
  return new Error(`AuthTokenManager.${method}() is not implemented`);
}

/**
 * Issues and revokes login tokens (contract section 6). Abstract class and DI token: extend it and
 * set `authTokenManagerClass`, or override the `AuthTokenManager` provider.
 *
 * `getAuthenticationGuard()` and `provideToken()` must be implemented (startup check E011);
 * `revokeToken()` may be left as is for tokens that cannot be revoked.
 */
export abstract class AuthTokenManager {
  /** What must be registered for this manager to work; checked at startup (E006). [get_app_names] */
  getRequiredModules(): RequiredModule[] {
    return [];
  }

  /**
   * Problems with this manager's own configuration (a missing secret, say), reported at startup with
   * the other checks. Build them with `problem('E0NN', text, fix)` from the checks.
   */
  getConfigurationProblems(): CheckProblem[] {
    return [];
  }

  /** The guard class that authenticates requests carrying this manager's tokens. [get_authentication_class] */
  getAuthenticationGuard(): Type<CanActivate> {
    throw notImplemented('getAuthenticationGuard');
  }

  /** A new token for this login. Throw `AuthTokenNotProvided` (an `AuthTokenError`) when none can be given. */
  provideToken(user: object): Promise<AuthToken> {
    void user;
    return Promise.reject(notImplemented('provideToken'));
  }

  /**
   * Revoke `options.token`, or every token of the user when no token is given. Throw an
   * `AuthTokenError` when there is nothing to revoke or it cannot be done.
   */
  revokeToken(user: object, options?: RevokeTokenOptions): Promise<void> {
    void user;
    void options;
    return Promise.reject(new AuthTokenNotRevoked());
  }

  /**
   * What a session may keep about `token` to revoke it later (a session logout with `revoke_token`),
   * without being usable as a credential: a digest or an id, never the token. `null` (the default):
   * nothing is kept, and such a logout answers 400 "Authentication token not found".
   */
  tokenReference(token: AuthToken): Promise<string | null> {
    void token;
    return Promise.resolve(null);
  }

  /** Revokes the token `tokenReference()` described. Throw an `AuthTokenError` when it is gone or cannot be. */
  revokeTokenByReference(user: object, reference: string): Promise<void> {
    void user;
    void reference;
    return Promise.reject(new AuthTokenNotFound());
  }
}

/** A manager whose tokens `TokenAuthGuard` can check. */
export interface VerifiesTokens {
  /** The active user the token belongs to; throws `AuthenticationFailed` otherwise. */
  authenticateToken(token: AuthToken): Promise<object>;
}

export function verifiesTokens(manager: unknown): manager is VerifiesTokens {
  return typeof (manager as Partial<VerifiesTokens> | null)?.authenticateToken === 'function';
}

/**
 * The user `manager` finds for `token`. Startup check E024 refuses a manager that cannot check tokens
 * where the module's guards are in use; this guards direct use outside the module.
 */
export function authenticateWithManager(manager: object, token: AuthToken): Promise<object> {
  if (!verifiesTokens(manager)) {
    throw new Error(`${manager.constructor.name} cannot check tokens (no authenticateToken())`);
  }
  return manager.authenticateToken(token);
}

/**
 * @internal A manager's `authenticateToken()` that may answer without a promise (the user, or a
 * thrown error) where its database answers at once, so that a guard on that path returns
 * synchronously and Nest awaits nothing. A manager that has it calls its own `authenticateToken()`
 * instead when a subclass has overridden that.
 */
export const authenticateTokenNow: unique symbol = Symbol('authenticateTokenNow');

interface AuthenticatesNow {
  [authenticateTokenNow](token: AuthToken): object | Promise<object>;
}

/** `authenticateWithManager`, without a promise where the manager can answer at once. */
export function authenticateWithManagerNow(manager: object, token: AuthToken): object | Promise<object> {
  const now = (manager as Partial<AuthenticatesNow>)[authenticateTokenNow];
  if (typeof now === 'function') return now.call(manager, token);
  return authenticateWithManager(manager, token);
}
