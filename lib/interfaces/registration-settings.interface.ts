import type { Type } from '@nestjs/common';
import type { AuthTokenManager } from '../auth-token/auth-token-manager.js';
import type { PasswordHasher } from '../passwords/password-hasher.js';
import type { JwtSettings } from './jwt-settings.interface.js';
import type { TokenCacheSettings } from './token-cache-settings.interface.js';
import type { LoginThrottleOptions } from '../throttling/login-throttle.options.js';
import type { AuthenticatorClass, LoginAuthenticator } from './authenticator.interface.js';
import type { RegistrationMessagesSettings } from '../messages/default-messages.js';
import type { RegisterModuleOptions, RegistrationRouteName } from './register-settings.interface.js';
import type { ProfileModuleOptions } from './profile-settings.interface.js';
import type { RegisterEmailModuleOptions } from './register-email-settings.interface.js';
import type { ChangePasswordModuleOptions } from './change-password-settings.interface.js';
import type { ResetPasswordModuleOptions } from './reset-password-settings.interface.js';

/**
 * Settings of `RegistrationModule.forRoot()` / `forRootAsync()`. Keys follow django-rest-registration's
 * settings (upstream name in brackets).
 */
export interface RegistrationModuleOptions
  extends
    RegisterModuleOptions,
    ProfileModuleOptions,
    RegisterEmailModuleOptions,
    ChangePasswordModuleOptions,
    ResetPasswordModuleOptions {
  /** The host's TypeORM user entity (upstream: Django's user model). Required. */
  userEntity: Type<object>;
  /**
   * Columns the `login` value is matched against, in order [USER_LOGIN_FIELDS].
   * @default ['username']
   */
  userLoginFields?: string[];
  /**
   * Startup check (E010) that every login field is unique [USER_LOGIN_FIELDS_UNIQUE_CHECK_ENABLED].
   * @default true
   */
  userLoginFieldsUniqueCheckEnabled?: boolean;
  /**
   * Column holding the password hash.
   * @default 'password'
   */
  userPasswordField?: string;
  /**
   * Boolean column that must be true for a user to log in or use a token; `null` when the entity
   * has no such column (every user counts as active).
   * @default 'isActive'
   */
  userActiveField?: string | null;
  /**
   * class-validator DTO that validates the login body [LOGIN_SERIALIZER_CLASS]. What it validates is
   * what the authenticator receives.
   * @default DefaultLoginSerializer
   */
  loginSerializerClass?: Type<object>;
  /**
   * Function, or class with an `authenticate` method, behind the `REGISTRATION_AUTHENTICATOR` token [LOGIN_AUTHENTICATOR].
   * @default authenticateByLoginData
   */
  loginAuthenticator?: LoginAuthenticator | AuthenticatorClass;
  /**
   * Log the user into the session [LOGIN_AUTHENTICATE_SESSION] (needs express-session or @fastify/session,
   * check E016). `null` = auto: on when `SessionAuthGuard` (or a subclass) protects a route or is global.
   * Session-authenticated unsafe requests, and login, require the `X-CSRFToken` header.
   * @default null
   */
  loginAuthenticateSession?: boolean | null;
  /**
   * Return a token from login [LOGIN_RETRIEVE_TOKEN]. `null` = auto: on when the token manager's guard
   * (or a subclass) protects a route of the host or is registered globally.
   * @default null
   */
  loginRetrieveToken?: boolean | null;
  /**
   * Class behind the `AuthTokenManager` token [AUTH_TOKEN_MANAGER_CLASS]; created with the module's DI.
   * @default TypeOrmAuthTokenManager
   */
  authTokenManagerClass?: Type<AuthTokenManager>;
  /**
   * Which strategy is recorded on the session when several exist [LOGIN_DEFAULT_SESSION_AUTHENTICATION_BACKEND].
   * @default null
   */
  loginDefaultSessionAuthenticationBackend?: string | null;
  /**
   * Lifetime of a token in seconds, counted from login; `null` for tokens that never expire.
   * @default null
   */
  tokenTtl?: number | null;
  /**
   * Seconds a token of the default token manager may go unused before it is refused (measured from
   * its last use, recorded to the minute, or from login); at least 60, or `null` for no idle timeout.
   * @default null
   */
  tokenIdleTimeout?: number | null;
  /**
   * How many tokens of the default token manager one user may hold (one per device that logged in);
   * a login beyond it revokes the user's oldest tokens. `null` for no limit.
   * @default null
   */
  tokenLimitPerUser?: number | null;
  /**
   * Opt-in cache of recently seen tokens, so that a token used again within `ttl` seconds is
   * answered from memory instead of the database. Every instance forgets a token on revoke, and a
   * user's tokens on revoke-all, password change and account deletion, through `channel` (PostgreSQL
   * LISTEN/NOTIFY or Redis pub/sub); while the channel is down the cache answers nothing. See
   * `TokenCacheSettings` and docs/security.md for the trade-off.
   * @default null (off: every request reads the database)
   */
  tokenCache?: TokenCacheSettings | null;
  /**
   * Settings of `JwtAuthTokenManager` (from `nestjs-rest-registration/jwt`); ignored by other managers.
   * @default null
   */
  jwt?: JwtSettings | null;
  /**
   * Class behind the `PasswordHasher` token; created with the module's DI.
   * @default Argon2PasswordHasher (argon2id, m=19 MiB, t=2, p=1)
   */
  passwordHasher?: Type<PasswordHasher>;
  /**
   * Brute-force limits of the login route: a budget per client address, one per account and login value,
   * and one per known device; over budget, 429 with `Retry-After`. `false` turns throttling off (for example when a gateway
   * in front of the app already limits logins). See `LoginThrottleOptions` and docs/security.md.
   * @default { perAddress: { limit: 20, ttl: 60_000 }, perLogin: { limit: 30, ttl: 60_000 }, perDevice: { limit: 10, ttl: 60_000 }, trustProxy: false } (in memory)
   */
  loginThrottle?: LoginThrottleOptions | false;
  /**
   * Texts of the module's responses, by key (for translation): each a template with `{name}` placeholders
   * or a function of them. Keys left out keep upstream's English; unknown keys are refused at startup
   * (check E026). See `DEFAULT_MESSAGES` and docs/messages.md.
   * @default {}
   */
  messages?: RegistrationMessagesSettings;
  /**
   * Texts per language, chosen for each request: `{ de: { loginInvalid: '...' }, 'pt-BR': {...} }`. A
   * language's keys override `messages`, which fill what it leaves out. The language is the best match of
   * the request's `Accept-Language` (`de-AT` gets `de`; responses then carry `Vary: Accept-Language`),
   * or what `messageLanguage` returns. Checked at startup like `messages` (E026).
   * @default {}
   */
  messageTranslations?: Record<string, RegistrationMessagesSettings>;
  /**
   * The language of a request's messages, instead of `Accept-Language` (for example from the user's
   * profile or a cookie): a tag matched against `messageTranslations`; `null` for `messages`.
   * @default null
   */
  messageLanguage?: ((request: unknown) => string | null | undefined) | null;
  /**
   * Lifetime in seconds of the `csrftoken` cookie that session login sets (Django's `CSRF_COOKIE_AGE`):
   * sent as `Max-Age` and `Expires`; `null` makes it a browser-session cookie. Checked at startup (E070).
   * @default 31449600 (one year, as Django)
   */
  csrfCookieAge?: number | null;
}

/** Options that shape the module itself; accepted by both `forRoot()` and `forRootAsync()`. */
export interface RegistrationModuleExtras {
  /**
   * Register the module globally, so its guards and decorators work in every module of the app.
   * @default false
   */
  isGlobal?: boolean;
  /**
   * Register the token manager's guard as a global guard (`APP_GUARD`): every route needs a token
   * unless it is marked `@Public()`.
   * @default false
   */
  globalGuard?: boolean;
  /**
   * The routes the module serves: `'all'` (upstream's ten) or a list of names. A route left out is not
   * mapped at all (the host's 404). verify-registration needs register (check E084).
   * @default ['login', 'logout']
   */
  routes?: 'all' | RegistrationRouteName[];
  /**
   * Path prefix of the module's routes.
   * @default 'accounts'
   */
  urlPrefix?: string;
  /**
   * Name of the TypeORM DataSource (as given to `TypeOrmModule.forRoot({ name })`).
   * @default the default DataSource
   */
  dataSource?: string;
}
