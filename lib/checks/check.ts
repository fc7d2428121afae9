import type { CanActivate, Type } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AuthTokenManager } from '../auth-token/auth-token-manager.js';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import type { PasswordHasher } from '../passwords/password-hasher.js';
import type { CheckProblem } from '../errors/configuration.error.js';

export { problem, RegistrationConfigurationError, type CheckProblem } from '../errors/configuration.error.js';

/** Everything the checks look at. */
export interface CheckContext {
  settings: RegistrationConfiguration;
  dataSource: DataSource;
  /** The token manager, or the error that stopped it from being created. */
  manager: AuthTokenManager | { error: unknown };
  hasher: PasswordHasher;
  /** Guards protecting routes of the host (not the module's own) or registered globally. */
  guardsInUse: Array<Type<CanActivate>>;
  /** Whether login returns a token (auto mode resolved). */
  retrieveToken: boolean;
  /** Whether login logs into the session (auto mode resolved). */
  authenticateSession: boolean;
  /** Whether session middleware is registered; `undefined` when the adapter does not tell. */
  sessionMiddleware: boolean | undefined;
  /** Names of the registered authentication strategies (passport's and the module's own). */
  strategies: Set<string>;
  /** Names of the Nest modules of the app. */
  moduleNames: Set<string>;
}

export type Check = (context: CheckContext) => CheckProblem[];

/** Whether `guard` is `target` or a subclass of it. */
export function isGuardOf(guard: Function, target: Function): boolean {
  return guard === target || guard.prototype instanceof target;
}
