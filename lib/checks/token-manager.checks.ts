import { AuthTokenManager, verifiesTokens } from '../auth-token/auth-token-manager.js';
import { TokenAuthGuard } from '../auth-token/token-auth.guard.js';
import { type Check, type CheckContext, type CheckProblem, isGuardOf, problem } from './check.js';

const REQUIRED_METHODS = ['getAuthenticationGuard', 'provideToken'] as const;

function managerOf(context: CheckContext): AuthTokenManager | undefined {
  return context.manager instanceof AuthTokenManager ? context.manager : undefined;
}

function managerName(context: CheckContext): string {
  const cls = context.settings.authTokenManagerClass;
  return typeof cls === 'function' ? cls.name : String(cls);
}

/** E011: the token manager extends `AuthTokenManager` and implements its required methods. */
export const checkTokenManagerClass: Check = (context) => {
  const { manager } = context;
  if (!(manager instanceof AuthTokenManager)) {
    const reason =
      'error' in manager && manager.error ? ` (${String((manager.error as Error).message ?? manager.error)})` : '';
    return [
      problem(
        'E011',
        `authTokenManagerClass ${managerName(context)} is not a proper subclass of AuthTokenManager${reason}.`,
        'Set authTokenManagerClass to an @Injectable() class that extends AuthTokenManager.',
      ),
    ];
  }
  const prototype = Object.getPrototypeOf(manager) as Record<string, unknown>;
  return REQUIRED_METHODS.filter(
    (method) => prototype[method] === (AuthTokenManager.prototype as unknown as Record<string, unknown>)[method],
  ).map((method) =>
    problem(
      'E011',
      `authTokenManagerClass ${manager.constructor.name} is not implementing method ${method}.`,
      `Implement ${method}() in ${manager.constructor.name}.`,
    ),
  );
};

function managerGuard(manager: AuthTokenManager): Function | undefined {
  try {
    const guard = manager.getAuthenticationGuard();
    return typeof guard === 'function' ? guard : undefined;
  } catch {
    return undefined; // reported by E011
  }
}

/** E005: token retrieval forced on, but the manager's guard protects nothing. */
export const checkTokenGuardInUse: Check = (context) => {
  const manager = managerOf(context);
  if (!manager || context.settings.loginRetrieveToken !== true) return [];
  const guard = managerGuard(manager);
  if (!guard || context.guardsInUse.some((used) => isGuardOf(used, guard))) return [];
  return [
    problem(
      'E005',
      `loginRetrieveToken is true, but ${guard.name} (the guard of ${manager.constructor.name}) protects no route: the tokens login hands out are accepted nowhere but logout.`,
      `Protect routes with @UseGuards(${guard.name}), or pass globalGuard: true to RegistrationModule.forRoot().`,
    ),
  ];
};

/** E006: what the manager's `getRequiredModules()` names is registered. */
export const checkTokenManagerRequirements: Check = (context) => {
  const manager = managerOf(context);
  if (!manager || !context.retrieveToken) return [];
  let required: unknown[];
  try {
    required = manager.getRequiredModules();
  } catch (error) {
    return [
      problem(
        'E006',
        `${manager.constructor.name}.getRequiredModules() threw: ${(error as Error).message}`,
        'Make getRequiredModules() return an array.',
      ),
    ];
  }
  const problems: CheckProblem[] = [];
  for (const item of required) {
    const name = typeof item === 'function' ? item.name : String(item);
    const registered =
      typeof item === 'function' && (context.dataSource.hasMetadata(item) || context.moduleNames.has(item.name));
    if (!registered) {
      problems.push(
        problem(
          'E006',
          `${manager.constructor.name} needs ${name}, which is neither an entity of the DataSource nor an imported module.`,
          `List ${name} in the "entities" of TypeOrmModule.forRoot(), or, with autoLoadEntities: true, add TypeOrmModule.forFeature([${name}]) to your module's imports (forRoot() registers the module's entities itself; forRootAsync() only the token entity).`,
        ),
      );
    }
  }
  return problems;
};

/** E024: `TokenAuthGuard` is in use but the manager cannot check the tokens it would be given. */
export const checkTokenGuardMatchesManager: Check = (context) => {
  const manager = managerOf(context);
  // A manager without a guard is already reported by E011; do not pile a second problem on it.
  if (!manager || verifiesTokens(manager) || !managerGuard(manager)) return [];
  const used = context.guardsInUse.find((guard) => isGuardOf(guard, TokenAuthGuard));
  if (!used) return [];
  return [
    problem(
      'E024',
      `${used.name} is in use, but ${manager.constructor.name} has no authenticateToken() to check tokens with.`,
      `Protect routes with the guard of ${manager.constructor.name} (its getAuthenticationGuard()), or implement authenticateToken(token) in it.`,
    ),
  ];
};

/** Whatever the manager itself reports about its configuration (E030-E039 for the JWT manager). */
export const checkTokenManagerConfiguration: Check = (context) => {
  const manager = managerOf(context);
  if (!manager) return [];
  try {
    return manager.getConfigurationProblems();
  } catch (error) {
    return [
      problem(
        'E011',
        `${manager.constructor.name}.getConfigurationProblems() threw: ${(error as Error).message}`,
        'Make getConfigurationProblems() return an array.',
      ),
    ];
  }
};
