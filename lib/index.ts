/**
 * The package root: what the README and docs document, nothing else. Tests import internals from the
 * source; the packaging test pins this list.
 */
// The module, its options and its configuration
export { RegistrationModule } from './registration.module.js';
export type {
  RegistrationModuleOptions,
  RegistrationModuleExtras,
} from './interfaces/registration-settings.interface.js';
export type {
  RegistrationConfiguration,
  RegistrationMode,
  ResolvedJwtSettings,
  ResolvedRegistrationExtras,
} from './interfaces/registration-configuration.interface.js';
export type { JwtSettings, JwtDenylistLike } from './interfaces/jwt-settings.interface.js';
export type {
  RegisterModuleOptions,
  RegistrationRouteName,
  RegistrationThrottleOptions,
  VerificationRedirects,
} from './interfaces/register-settings.interface.js';
export type {
  RegisterConfiguration,
  ResolvedRegistrationThrottle,
} from './interfaces/register-configuration.interface.js';
export type { ProfileConfiguration, ProfileModuleOptions } from './interfaces/profile-settings.interface.js';
export type {
  RegisterEmailModuleOptions,
  RegisterEmailThrottleOptions,
} from './interfaces/register-email-settings.interface.js';
export type {
  RegisterEmailConfiguration,
  ResolvedRegisterEmailThrottle,
} from './interfaces/register-email-configuration.interface.js';
export { DefaultRegisterEmailSerializer, EmailAlreadyRegistered, EmailField } from './register-email/index.js';
export type {
  ResetPasswordConfiguration,
  ResetPasswordModuleOptions,
  ResetPasswordThrottleOptions,
  ResetPasswordUserFinderContext,
  ResolvedResetPasswordThrottle,
  SendResetPasswordLinkUserFinder,
} from './interfaces/reset-password-settings.interface.js';
export type {
  LoginThrottleOptions,
  ThrottleLimit,
  ForwardedHeader,
  ResolvedLoginThrottle,
} from './throttling/login-throttle.options.js';
export type { LoginValuesReader } from './throttling/login-accounts.js';
export {
  REGISTRATION_AUTHENTICATOR,
  REGISTRATION_CONFIGURATION,
  REGISTRATION_DATA_SOURCE,
} from './registration.constants.js';
// Decorators
export {
  Public,
  CurrentUser,
  InjectAuthenticator,
  InjectRegistrationConfiguration,
} from './registration.decorators.js';
// Login: serializer, fields, authenticator
export { DefaultLoginSerializer } from './login/default-login.serializer.js';
export { CharField, BooleanField, type CharFieldOptions } from './login/serializer-fields.js';
export { authenticateByLoginData } from './login/authenticate-by-login-data.js';
export type {
  AuthenticatorContext,
  AuthenticatorClass,
  AuthenticatorObject,
  LoginAuthenticator,
} from './interfaces/authenticator.interface.js';
export type { LoginResponse } from './login/login.service.js';
// Tokens, guards, entity and migrations
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
export type { RegistrationSessionData } from './session/session-data.js';
export {
  RegistrationMigrations,
  CreateRegistrationAuthToken1764374400000,
  AddRegistrationTokenPasswordStamp1796169600000,
} from './migrations/index.js';
// Register: mail, password validators, links
export { RegistrationMailer, type RegistrationMailMessage } from './mail/registration-mailer.js';
export { NodemailerRegistrationMailer, type MailTransportOptions } from './mail/nodemailer-mailer.js';
export { MailDeliveryFailed, type MailFailureDetails } from './mail/mail-delivery-failed.js';
export {
  DEFAULT_MAIL_TEMPLATES,
  type MailContext,
  type MailMessageFormatter,
  type MailTemplate,
  type RenderedMail,
} from './mail/mail-templates.js';
export {
  CommonPasswordValidator,
  defaultPasswordValidators,
  MinimumLengthValidator,
  NumericPasswordValidator,
  UserAttributeSimilarityValidator,
  type SimilarityAttribute,
} from './passwords/django-validators.js';
export type { PasswordProblems, PasswordValidator } from './passwords/password-validator.js';
export {
  buildDefaultVerificationUrl,
  type VerificationUrlBuilder,
  type VerificationUrlInput,
} from './verification/verification-url.js';
// Passwords
export { PasswordHasher } from './passwords/password-hasher.js';
export { Argon2PasswordHasher, type Argon2Parameters } from './passwords/argon2-password-hasher.js';
// Services for host code
export {
  RegistrationUsers,
  type KeptCredential,
  type PasswordCheck,
  type SetPasswordOptions,
} from './users/registration-users.service.js';
export { RegistrationTokens } from './auth-token/registration-tokens.service.js';
export {
  RegistrationEvents,
  RegistrationEvent,
  type RegistrationEventMap,
  type LoginSucceededEvent,
  type LoginFailedEvent,
  type LogoutEvent,
  type LoginThrottledEvent,
  type UserRegisteredEvent,
  type UserActivatedEvent,
  type MailFailedEvent,
  type UserEmailChangedEvent,
  type PasswordChangedEvent,
  type PasswordResetEvent,
  type RequestInfo,
  type ForwardedEventEmitter,
} from './events/registration-events.js';
export {
  RegistrationMessages,
  type MessageLanguageResolver,
  type RegistrationMessagesOptions,
} from './messages/registration-messages.js';
export {
  DEFAULT_MESSAGES,
  type MessageParams,
  type MessageRef,
  type MessageTemplate,
  type RegistrationMessageKey,
  type RegistrationMessagesSettings,
} from './messages/default-messages.js';
// The exceptions host code throws (authenticators, token managers, guards of its own)
export {
  RegistrationHttpException,
  UserNotFound,
  LoginInvalid,
  AuthTokenError,
  AuthTokenNotProvided,
  AuthTokenNotRevoked,
  AuthTokenNotFound,
  NotAuthenticated,
  AuthenticationFailed,
  ServiceUnavailable,
  type DetailBody,
  type FieldErrors,
} from './errors/exceptions.js';
export { isDatabaseUnavailable, mapDatabaseOutage } from './database/database-unavailable.js';
// Startup checks (for a token manager's own `getConfigurationProblems()`)
export { RegistrationConfigurationError, problem, type CheckProblem } from './errors/configuration.error.js';
// Throttling storage: the default bounded in-memory one, and one shared by several instances
export { MemoryThrottlerStorage, type MemoryThrottlerStorageOptions } from './throttling/memory-throttler-storage.js';
export {
  RedisThrottlerStorage,
  ThrottleStorageUnavailable,
  type RedisEvalClient,
  type RedisThrottlerStorageOptions,
} from './throttling/redis-throttler-storage.js';
// Opt-in token cache (the `tokenCache` setting) and its cross-instance invalidation channels
export type { TokenCacheSettings } from './interfaces/token-cache-settings.interface.js';
export {
  TokenCache,
  PostgresTokenInvalidationChannel,
  RedisTokenInvalidationChannel,
  type TokenCacheOptions,
  type CachedToken,
  type TokenInvalidation,
  type TokenInvalidationChannel,
  type InvalidationListener,
  type ChannelTiming,
  type PostgresChannelOptions,
  type PgClientLike,
  type RedisChannelOptions,
  type RedisPubSubLike,
} from './token-cache/index.js';
