/** Injection token of the login authenticator (contract section 3). */
export const AUTHENTICATOR = 'REGISTRATION:AUTHENTICATOR';
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
/** Injection token of the settings as given to `forRoot()` or made by the `forRootAsync()` factory. */
export const REGISTRATION_OPTIONS = 'REGISTRATION:OPTIONS';
/** Injection token of the settings with every default applied. */
export const RESOLVED_SETTINGS = 'REGISTRATION:RESOLVED_SETTINGS';
/** Injection token of the module-shaping options (`urlPrefix`, `globalGuard`, ...) with defaults applied. */
export const REGISTRATION_EXTRAS = 'REGISTRATION:EXTRAS';
/** Metadata key marking the module's own controllers (left out when looking for guards in use). */
export const REGISTRATION_CONTROLLER = 'REGISTRATION:CONTROLLER';
/** Metadata key marking the module's passport strategies (`'token'` or `'session'`): registering one counts as using that guard. */
export const REGISTRATION_STRATEGY = 'REGISTRATION:STRATEGY';
