import { TypeOrmAuthTokenManager } from '../auth-token/typeorm-auth-token-manager.js';
import type {
  RegistrationConfiguration,
  ResolvedJwtSettings,
  ResolvedRegistrationExtras,
} from '../interfaces/registration-configuration.interface.js';
import type { JwtSettings } from '../interfaces/jwt-settings.interface.js';
import type {
  RegistrationModuleExtras,
  RegistrationModuleOptions,
} from '../interfaces/registration-settings.interface.js';
import { authenticateByLoginData } from '../login/authenticate-by-login-data.js';
import { DefaultLoginSerializer } from '../login/default-login.serializer.js';
import { Argon2PasswordHasher } from '../passwords/argon2-password-hasher.js';
import { DEFAULT_SESSION_BACKEND } from '../session/session-environment.js';
import { resolveLoginThrottle } from '../throttling/login-throttle.options.js';
import { resolveRegisterConfiguration, resolveRoutes } from './register-configuration.js';

/** Lifetime of a JWT when neither `jwt.expiresIn` nor `tokenTtl` is set. */
const DEFAULT_JWT_LIFETIME_SECONDS = 3600;

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
    passwordHasher: options.passwordHasher ?? Argon2PasswordHasher,
    jwt: resolveJwt(options.jwt, tokenTtl),
    loginThrottle: resolveLoginThrottle(options.loginThrottle),
    messages: options.messages ?? {},
    messageTranslations: options.messageTranslations ?? {},
    messageLanguage: options.messageLanguage ?? null,
    extras,
  });
}
