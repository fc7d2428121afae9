import { randomBytes } from 'node:crypto';
import { TypeOrmAuthTokenManager } from '../auth-token/typeorm-auth-token-manager.js';
import type {
  RegistrationConfiguration,
  ResolvedJwtSettings,
  ResolvedRegistrationExtras,
} from '../interfaces/registration-configuration.interface.js';
import type { JwtSettings } from '../interfaces/jwt-settings.interface.js';
import type { TokenCacheSettings } from '../interfaces/token-cache-settings.interface.js';
import type {
  RegistrationModuleExtras,
  RegistrationModuleOptions,
} from '../interfaces/registration-settings.interface.js';
import { authenticateByLoginData } from '../login/authenticate-by-login-data.js';
import { DefaultLoginSerializer } from '../login/default-login.serializer.js';
import { Argon2PasswordHasher } from '../passwords/argon2-password-hasher.js';
import { DEFAULT_SESSION_BACKEND } from '../session/session-environment.js';
import type { LoginThrottleOptions, ResolvedLoginThrottle } from '../throttling/login-throttle.options.js';
import { MemoryThrottlerStorage } from '../throttling/memory-throttler-storage.js';
import { resolveRegisterConfiguration, resolveRoutes } from './register-configuration.js';
import { resolveProfileConfiguration } from './profile-configuration.js';
import { resolveRegisterEmailConfiguration } from './register-email-configuration.js';
import { resolveChangePasswordConfiguration } from './change-password-configuration.js';
import { resolveResetPasswordConfiguration } from './reset-password-configuration.js';

/** Lifetime of a JWT when neither `jwt.expiresIn` nor `tokenTtl` is set. */
const DEFAULT_JWT_LIFETIME_SECONDS = 3600;

/** Budgets of `loginThrottle` when a key is left out. */
const DEFAULT_LOGIN_THROTTLE = {
  perAddress: { limit: 20, ttl: 60_000 },
  perLogin: { limit: 30, ttl: 60_000 },
  perDevice: { limit: 10, ttl: 60_000 },
} as const;

/** A given non-empty secret as bytes; otherwise (none, or a value check E051 refuses) a random one for this process. */
function throttleKey(secret: unknown): Buffer {
  if ((typeof secret === 'string' || Buffer.isBuffer(secret)) && secret.length > 0) return Buffer.from(secret);
  return randomBytes(32);
}

function resolveLoginThrottle(setting: LoginThrottleOptions | false | undefined | null): ResolvedLoginThrottle | false {
  if (setting === false) return false;
  const options = setting ?? {};
  return Object.freeze({
    perAddress: options.perAddress === undefined ? { ...DEFAULT_LOGIN_THROTTLE.perAddress } : options.perAddress,
    perLogin: options.perLogin === undefined ? { ...DEFAULT_LOGIN_THROTTLE.perLogin } : options.perLogin,
    perDevice: options.perDevice === undefined ? { ...DEFAULT_LOGIN_THROTTLE.perDevice } : options.perDevice,
    secret: options.secret,
    key: throttleKey(options.secret),
    loginValues: options.loginValues ?? null,
    storage: options.storage === undefined ? new MemoryThrottlerStorage() : options.storage,
    ownStorage: options.storage === undefined,
    trustProxy: options.trustProxy ?? false,
    forwardedHeader: options.forwardedHeader ?? 'x-forwarded-for',
  });
}

/** Django's `CSRF_COOKIE_AGE`: one year (52 weeks), in seconds. */
const DEFAULT_CSRF_COOKIE_AGE = 31449600;

/** The module-shaping options with defaults applied; only those keys, even when given the whole options object. */
export function resolveExtras(extras: RegistrationModuleExtras): ResolvedRegistrationExtras {
  return Object.freeze({
    isGlobal: extras.isGlobal ?? false,
    globalGuard: extras.globalGuard ?? false,
    urlPrefix: extras.urlPrefix ?? 'accounts',
    routes: resolveRoutes(extras.routes),
    dataSource: extras.dataSource,
  });
}

function resolveJwt(jwt: JwtSettings | null | undefined, tokenTtl: number | null): ResolvedJwtSettings {
  return Object.freeze({
    ...jwt,
    algorithm: jwt?.algorithm ?? 'HS256',
    expiresIn: jwt?.expiresIn ?? tokenTtl ?? DEFAULT_JWT_LIFETIME_SECONDS,
    denylist: jwt?.denylist ?? null,
  });
}

/** Entries a token cache keeps, and seconds it answers for one, unless set. */
const DEFAULT_TOKEN_CACHE_SIZE = 10_000;
const DEFAULT_TOKEN_CACHE_TTL_SECONDS = 5;

function resolveTokenCache(
  cache: TokenCacheSettings | null | undefined,
): Readonly<Required<TokenCacheSettings>> | null {
  if (cache === undefined || cache === null) return null;
  return Object.freeze({
    channel: cache.channel,
    size: cache.size ?? DEFAULT_TOKEN_CACHE_SIZE,
    ttl: cache.ttl ?? DEFAULT_TOKEN_CACHE_TTL_SECONDS,
  });
}

/**
 * The one place where defaults are applied (contract section 5): the options and extras become the
 * frozen configuration every part of the module reads. Values a startup check must judge (a class
 * that is not a class, a negative `tokenTtl`) are kept as given, for the check to report.
 */
export function resolveConfiguration(
  options: RegistrationModuleOptions,
  extras: ResolvedRegistrationExtras,
): RegistrationConfiguration {
  const tokenTtl = options.tokenTtl ?? null;
  const userActiveField = options.userActiveField === undefined ? 'isActive' : options.userActiveField;
  return Object.freeze({
    ...resolveRegisterConfiguration(options, userActiveField),
    ...resolveProfileConfiguration(options),
    ...resolveRegisterEmailConfiguration(options),
    ...resolveChangePasswordConfiguration(options),
    ...resolveResetPasswordConfiguration(options),
    userEntity: options.userEntity,
    userLoginFields: Object.freeze(options.userLoginFields?.length ? [...options.userLoginFields] : ['username']),
    userLoginFieldsUniqueCheckEnabled: options.userLoginFieldsUniqueCheckEnabled ?? true,
    userPasswordField: options.userPasswordField ?? 'password',
    userActiveField,
    loginSerializerClass: options.loginSerializerClass ?? DefaultLoginSerializer,
    loginAuthenticator: options.loginAuthenticator ?? authenticateByLoginData,
    loginAuthenticateSession: options.loginAuthenticateSession ?? null,
    loginRetrieveToken: options.loginRetrieveToken ?? null,
    authTokenManagerClass: options.authTokenManagerClass ?? TypeOrmAuthTokenManager,
    loginDefaultSessionAuthenticationBackend:
      options.loginDefaultSessionAuthenticationBackend ?? DEFAULT_SESSION_BACKEND,
    tokenTtl,
    tokenIdleTimeout: options.tokenIdleTimeout ?? null,
    tokenLimitPerUser: options.tokenLimitPerUser ?? null,
    tokenCache: resolveTokenCache(options.tokenCache),
    passwordHasher: options.passwordHasher ?? Argon2PasswordHasher,
    jwt: resolveJwt(options.jwt, tokenTtl),
    loginThrottle: resolveLoginThrottle(options.loginThrottle),
    messages: options.messages ?? {},
    messageTranslations: options.messageTranslations ?? {},
    messageLanguage: options.messageLanguage ?? null,
    csrfCookieAge: options.csrfCookieAge === undefined ? DEFAULT_CSRF_COOKIE_AGE : options.csrfCookieAge,
    extras,
  });
}
