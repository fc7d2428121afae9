import type {
  AuthTokenManager,
  ForwardedEventEmitter,
  RegistrationConfiguration,
  RegistrationEvents,
  RegistrationModuleOptions,
} from 'nestjs-rest-registration';
import type { RegistrationDocumentOptions } from 'nestjs-rest-registration/swagger';

/**
 * The runtime names of each entry point, exactly: a name added or dropped is a decision (README, docs,
 * CHANGELOG), not an accident.
 */
export const EXPORTED_NAMES: Record<string, readonly string[]> = {
  'nestjs-rest-registration': [
    'AddRegistrationTokenPasswordStamp1796169600000',
    'Argon2PasswordHasher',
    'AuthTokenEntity',
    'AuthTokenError',
    'AuthTokenManager',
    'AuthTokenNotFound',
    'AuthTokenNotProvided',
    'AuthTokenNotRevoked',
    'AuthenticationFailed',
    'BooleanField',
    'CharField',
    'CreateRegistrationAuthToken1764374400000',
    'CurrentUser',
    'DEFAULT_MESSAGES',
    'DefaultLoginSerializer',
    'InjectAuthenticator',
    'InjectRegistrationConfiguration',
    'LoginInvalid',
    'MemoryThrottlerStorage',
    'NotAuthenticated',
    'PasswordHasher',
    'PostgresTokenInvalidationChannel',
    'Public',
    'REGISTRATION_AUTHENTICATOR',
    'REGISTRATION_CONFIGURATION',
    'REGISTRATION_DATA_SOURCE',
    'RedisThrottlerStorage',
    'RedisTokenInvalidationChannel',
    'RegistrationConfigurationError',
    'RegistrationEvent',
    'RegistrationEvents',
    'RegistrationHttpException',
    'RegistrationMessages',
    'RegistrationMigrations',
    'RegistrationModule',
    'RegistrationTokens',
    'RegistrationUsers',
    'ServiceUnavailable',
    'SessionAuthGuard',
    'ThrottleStorageUnavailable',
    'TokenAuthGuard',
    'TokenCache',
    'TypeOrmAuthTokenManager',
    'UserNotFound',
    'authenticateByLoginData',
    'isDatabaseUnavailable',
    'mapDatabaseOutage',
    'problem',
  ],
  'nestjs-rest-registration/jwt': [
    'JwtAuthGuard',
    'JwtAuthTokenManager',
    'JwtDenylist',
    'JwtRevocationEntity',
    'RedisJwtDenylist',
    'TypeOrmJwtDenylist',
  ],
  'nestjs-rest-registration/passport': [
    'REGISTRATION_JWT_STRATEGY',
    'REGISTRATION_SESSION_STRATEGY',
    'REGISTRATION_TOKEN_STRATEGY',
    'RegistrationJwtStrategy',
    'RegistrationSessionStrategy',
    'RegistrationTokenStrategy',
    'TokenHeaderStrategy',
  ],
  'nestjs-rest-registration/swagger': ['BEARER_SECURITY_SCHEME', 'TOKEN_SECURITY_SCHEME', 'addRegistrationToDocument'],
};

/**
 * Public members and options added since 0.2 that hosts call, override or set, pinned by the compiler
 * (`tsc -p tsconfig.test.json` fails when one is renamed or dropped from the declarations).
 */
export type PinnedMembers = [
  AuthTokenManager['tokenReference'],
  AuthTokenManager['revokeTokenByReference'],
  RegistrationModuleOptions['csrfCookieAge'],
  RegistrationConfiguration['csrfCookieAge'],
  RegistrationDocumentOptions['sessionLogin'],
  RegistrationEvents['forwardTo'],
  ForwardedEventEmitter,
];
