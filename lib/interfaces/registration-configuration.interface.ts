import type { CanActivate, Type } from '@nestjs/common';
import type { AuthTokenManager } from '../auth-token/auth-token-manager.js';
import type { RegistrationMessagesSettings } from '../messages/default-messages.js';
import type { PasswordHasher } from '../passwords/password-hasher.js';
import type { ResolvedLoginThrottle } from '../throttling/login-throttle.options.js';
import type { UserEntityFields } from '../users/user-entity-fields.js';
import type { AuthenticatorClass, LoginAuthenticator } from './authenticator.interface.js';
import type { JwtSettings } from './jwt-settings.interface.js';
import type { RegistrationModuleExtras } from './registration-settings.interface.js';
import type { RegistrationRouteName } from './register-settings.interface.js';
import type { RegisterConfiguration } from '../interfaces/register-configuration.interface.js';
import type { TokenCacheSettings } from './token-cache-settings.interface.js';
import type { ProfileConfiguration } from './profile-settings.interface.js';
import type { RegisterEmailConfiguration } from './register-email-configuration.interface.js';
import type { ChangePasswordConfiguration } from './change-password-settings.interface.js';
import type { ResetPasswordConfiguration } from './reset-password-settings.interface.js';

/** `jwt` with its defaults applied. */
export interface ResolvedJwtSettings extends Readonly<Omit<JwtSettings, 'algorithm' | 'expiresIn' | 'denylist'>> {
  readonly algorithm: NonNullable<JwtSettings['algorithm']>;
  /** Seconds: `jwt.expiresIn`, else `tokenTtl`, else 3600. */
  readonly expiresIn: number;
  readonly denylist: NonNullable<JwtSettings['denylist']> | null;
}

/** The module-shaping options with their defaults applied. */
export type ResolvedRegistrationExtras = Readonly<
  Required<Omit<RegistrationModuleExtras, 'dataSource' | 'routes'>> & Pick<RegistrationModuleExtras, 'dataSource'>
> & {
  /** The routes served, `'all'` expanded (unknown names kept for check E084). */
  readonly routes: readonly RegistrationRouteName[];
};

/**
 * The module's configuration: the options of `forRoot()` / `forRootAsync()` with every default applied,
 * made once at startup and frozen. Inject it with `@InjectRegistrationConfiguration()`; the meaning and
 * default of each key are on `RegistrationModuleOptions`.
 */
export interface RegistrationConfiguration
  extends
    UserEntityFields,
    RegisterConfiguration,
    ProfileConfiguration,
    RegisterEmailConfiguration,
    ChangePasswordConfiguration,
    ResetPasswordConfiguration {
  readonly userLoginFieldsUniqueCheckEnabled: boolean;
  readonly loginSerializerClass: Type<object>;
  readonly loginAuthenticator: LoginAuthenticator | AuthenticatorClass;
  /** As configured; `null` is auto mode, whose answer is `RegistrationMode.authenticateSession`. */
  readonly loginAuthenticateSession: boolean | null;
  /** As configured; `null` is auto mode, whose answer is `RegistrationMode.retrieveToken`. */
  readonly loginRetrieveToken: boolean | null;
  readonly authTokenManagerClass: Type<AuthTokenManager>;
  /** The strategy name recorded on the session (default: the module's own, `'registration'`). */
  readonly loginDefaultSessionAuthenticationBackend: string;
  readonly tokenTtl: number | null;
  /** Seconds a token of the default manager may go unused; `null`: no idle timeout. */
  readonly tokenIdleTimeout: number | null;
  /** Tokens of the default manager one user may hold; `null`: no limit. */
  readonly tokenLimitPerUser: number | null;
  /** `null` when the token cache is off. */
  readonly tokenCache: Readonly<Required<TokenCacheSettings>> | null;
  readonly passwordHasher: Type<PasswordHasher>;
  readonly jwt: ResolvedJwtSettings;
  /** `false` when throttling is off. */
  readonly loginThrottle: ResolvedLoginThrottle | false;
  readonly messages: RegistrationMessagesSettings;
  readonly messageTranslations: Readonly<Record<string, RegistrationMessagesSettings>>;
  readonly messageLanguage: ((request: unknown) => string | null | undefined) | null;
  /** Seconds; `null`: the `csrftoken` cookie ends with the browser session. */
  readonly csrfCookieAge: number | null;
  /** The module-shaping options (`urlPrefix`, `globalGuard`, ...), kept apart from the settings. */
  readonly extras: ResolvedRegistrationExtras;
}

/** The answer of auto mode, found once at startup from the guards the app uses. */
export interface RegistrationMode {
  /** Whether login returns a token (`loginRetrieveToken` with auto mode resolved). */
  readonly retrieveToken: boolean;
  /** Whether login logs the user into the session (`loginAuthenticateSession` with auto mode resolved). */
  readonly authenticateSession: boolean;
  /** The token manager's guard, as logout uses it; `undefined` when the manager has none. */
  readonly logoutGuard: CanActivate | undefined;
}
