import { Inject } from '@nestjs/common';
import type {
  RegistrationModuleExtras,
  RegistrationSettings,
  ResolvedRegistrationSettings,
} from '../interfaces/registration-settings.interface.js';
import { REGISTRATION_OPTIONS, RESOLVED_SETTINGS } from '../registration.constants.js';
import { resolveLoginThrottle } from '../throttling/login-throttle.options.js';

/** Settings with defaults applied (contract section 5). */
export function resolveSettings(
  settings: RegistrationSettings & RegistrationModuleExtras,
): ResolvedRegistrationSettings {
  return {
    userEntity: settings.userEntity,
    userLoginFields: settings.userLoginFields?.length ? [...settings.userLoginFields] : ['username'],
    userLoginFieldsUniqueCheckEnabled: settings.userLoginFieldsUniqueCheckEnabled ?? true,
    userPasswordField: settings.userPasswordField ?? 'password',
    userActiveField: settings.userActiveField === undefined ? 'isActive' : settings.userActiveField,
    loginSerializerClass: settings.loginSerializerClass as ResolvedRegistrationSettings['loginSerializerClass'],
    loginAuthenticator: settings.loginAuthenticator,
    loginAuthenticateSession: settings.loginAuthenticateSession ?? null,
    loginRetrieveToken: settings.loginRetrieveToken ?? null,
    authTokenManagerClass: settings.authTokenManagerClass,
    loginDefaultSessionAuthenticationBackend: settings.loginDefaultSessionAuthenticationBackend ?? null,
    tokenTtl: settings.tokenTtl ?? null,
    tokenIdleTimeout: settings.tokenIdleTimeout ?? null,
    tokenLimitPerUser: settings.tokenLimitPerUser ?? null,
    passwordHasher: settings.passwordHasher,
    jwt: settings.jwt ?? null,
    loginThrottle: resolveLoginThrottle(settings.loginThrottle),
    messages: settings.messages ?? {},
    messageTranslations: settings.messageTranslations ?? {},
    messageLanguage: settings.messageLanguage ?? null,
  };
}

/** Injects the settings as given to `forRoot()` / returned by the `forRootAsync()` factory. */
export const InjectRegistrationOptions = (): ParameterDecorator => Inject(REGISTRATION_OPTIONS);

/** Injects the settings with every default applied. */
export const InjectRegistrationSettings = (): ParameterDecorator => Inject(RESOLVED_SETTINGS);
