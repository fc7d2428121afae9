export { RegistrationModule } from './registration.module.js';
export { DEFAULT_EXTRAS } from './registration.module-definition.js';
export type {
  RegistrationSettings,
  RegistrationModuleExtras,
  ResolvedRegistrationSettings,
} from './interfaces/registration-settings.interface.js';
export type {
  AuthenticatorContext,
  AuthenticatorClass,
  AuthenticatorObject,
  LoginAuthenticator,
} from './interfaces/authenticator.interface.js';
export {
  AUTHENTICATOR,
  IS_PUBLIC_KEY,
  REGISTRATION_DATA_SOURCE,
  REGISTRATION_OPTIONS,
  RESOLVED_SETTINGS,
  TOKEN_PREFIX,
} from './registration.constants.js';
export { Public, CurrentUser, InjectAuthenticator } from './registration.decorators.js';
export { InjectRegistrationOptions, InjectRegistrationSettings, resolveSettings } from './core/registration-options.js';
export { LoginController } from './login/login.controller.js';
export { LoginService, type LoginResponse } from './login/login.service.js';
export { DefaultLoginSerializer } from './login/default-login.serializer.js';
export { LogoutSerializer } from './login/logout.serializer.js';
export { CharField, BooleanField, type CharFieldOptions } from './login/serializer-fields.js';
export { validateSerializer } from './login/validate-serializer.js';
export { authenticateByLoginData } from './login/authenticate-by-login-data.js';
export {
  AuthTokenManager,
  type AuthToken,
  type RequiredModule,
  type RevokeTokenOptions,
  type VerifiesTokens,
} from './auth-token/auth-token-manager.js';
export { TypeOrmAuthTokenManager } from './auth-token/typeorm-auth-token-manager.js';
export { AuthTokenEntity } from './auth-token/auth-token.entity.js';
export { TokenAuthGuard } from './auth-token/token-auth.guard.js';
export { SessionAuthGuard } from './session/session-auth.guard.js';
export { CsrfFailed } from './session/csrf.js';
export { CSRF_COOKIE, CSRF_HEADER, type RegistrationSessionData } from './session/session-data.js';
export { DEFAULT_SESSION_BACKEND } from './session/session-environment.js';
export { getRequestAuth, type RequestAuth } from './auth-token/request-auth.js';
export { PasswordHasher } from './passwords/password-hasher.js';
export {
  Argon2PasswordHasher,
  DEFAULT_ARGON2_PARAMETERS,
  type Argon2Parameters,
} from './passwords/argon2-password-hasher.js';
export { hashDjangoPbkdf2 } from './passwords/django-pbkdf2.js';
export { RegistrationUsers, type PasswordCheck, type SetPasswordOptions } from './users/registration-users.service.js';
export { RegistrationTokens } from './users/registration-tokens.service.js';
export {
  RegistrationEvents,
  RegistrationEvent,
  type RegistrationEventMap,
  type LoginSucceededEvent,
  type LoginFailedEvent,
  type LogoutEvent,
  type LoginThrottledEvent,
  type RequestInfo,
} from './events/registration-events.js';
export * from './errors/exceptions.js';
export {
  DEFAULT_MESSAGES,
  MESSAGE_PLACEHOLDERS,
  formatMessage,
  type MessageParams,
  type MessageRef,
  type MessageTemplate,
  type RegistrationMessageKey,
  type RegistrationMessagesSettings,
} from './messages/default-messages.js';
export {
  RegistrationMessages,
  type MessageLanguageResolver,
  type RegistrationMessagesOptions,
} from './messages/registration-messages.js';
export { RegistrationConfigurationError, problem, type CheckProblem } from './checks/check.js';
export type { JwtSettings, JwtDenylistLike } from './interfaces/jwt-settings.interface.js';
export {
  RegistrationMigrations,
  CreateRegistrationAuthToken1764374400000,
  AddRegistrationTokenPasswordStamp1796169600000,
} from './migrations/index.js';
export { isDatabaseUnavailable, mapDatabaseOutage } from './errors/database-unavailable.js';
export { LoginThrottler, LOGIN_THROTTLERS } from './throttling/login-throttler.js';
export { LoginAddressThrottleGuard } from './throttling/login-throttle.guard.js';
export {
  DEFAULT_LOGIN_THROTTLE,
  type LoginThrottleOptions,
  type ResolvedLoginThrottle,
  type ThrottleLimit,
} from './throttling/login-throttle.options.js';
export { ClientAddressResolver } from './throttling/client-address.js';
export { RedisThrottlerStorage, type RedisEvalClient } from './throttling/redis-throttler-storage.js';
export { Throttled } from './throttling/throttled.exception.js';
