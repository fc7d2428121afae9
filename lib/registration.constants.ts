/** Injection token of the login authenticator (contract section 3). */
export const REGISTRATION_AUTHENTICATOR = 'REGISTRATION:AUTHENTICATOR';
/** Injection token of the DataSource the module uses (resolved from the `dataSource` option). */
export const REGISTRATION_DATA_SOURCE = 'REGISTRATION:DATA_SOURCE';
/** Metadata key set by `@Public()`. */
export const IS_PUBLIC_KEY = 'REGISTRATION:IS_PUBLIC';
/**
 * The key of the public-route recipe in the Nest documentation. `@Public()` sets it too, so a
 * host's own global guard written from that recipe skips the login route without extra work.
 */
export const NEST_RECIPE_PUBLIC_KEY = 'isPublic';
/** Prefix of every token issued by `TypeOrmAuthTokenManager`, so secret scanners recognise them. */
export const TOKEN_PREFIX = 'nrr_';
/** Prefix of every startup check id. */
export const CHECK_ID_PREFIX = 'registration';
/** Injection token of the options as given to `forRoot()` or made by the `forRootAsync()` factory (internal). */
export const REGISTRATION_OPTIONS = 'REGISTRATION:OPTIONS';
/** Injection token of the module's configuration: every option with its default applied, frozen. */
export const REGISTRATION_CONFIGURATION = 'REGISTRATION:CONFIGURATION';
/** Injection token of the auto-mode answer (`RegistrationMode`), filled once at startup. */
export const REGISTRATION_MODE = 'REGISTRATION:MODE';
/** Metadata key marking the module's own controllers (left out when looking for guards in use). */
export const REGISTRATION_CONTROLLER = 'REGISTRATION:CONTROLLER';
/** Metadata key marking the module's passport strategies (`'token'` or `'session'`): registering one counts as using that guard. */
export const REGISTRATION_STRATEGY = 'REGISTRATION:STRATEGY';
/** Holds the error that stopped the token manager from being created, for check E011 (internal). */
export const MANAGER_CREATION_ERROR = 'REGISTRATION:MANAGER_CREATION_ERROR';

/** Upstream's ten routes, what `routes: 'all'` serves. */
export const ALL_ROUTES = Object.freeze([
  'login',
  'logout',
  'register',
  'verify-registration',
  'send-reset-password-link',
  'reset-password',
  'change-password',
  'profile',
  'register-email',
  'verify-email',
] as const);

/** Served when `routes` is not set: upgrading a login-only app opens nothing new. */
export const DEFAULT_ROUTES = Object.freeze(['login', 'logout'] as const);

/** The `TokenCache` of the `tokenCache` setting, or null when it is off. */
export const REGISTRATION_TOKEN_CACHE = 'REGISTRATION:TOKEN_CACHE';
