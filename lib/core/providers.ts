import type { Provider, Type } from '@nestjs/common';
import { APP_GUARD, ModuleRef } from '@nestjs/core';
import { AuthTokenManager } from '../auth-token/auth-token-manager.js';
import { TypeOrmAuthTokenManager } from '../auth-token/typeorm-auth-token-manager.js';
import type { AuthenticatorObject, LoginAuthenticator } from '../interfaces/authenticator.interface.js';
import type {
  RegistrationModuleExtras,
  RegistrationSettings,
  ResolvedRegistrationSettings,
} from '../interfaces/registration-settings.interface.js';
import { authenticateByLoginData } from '../login/authenticate-by-login-data.js';
import { DefaultLoginSerializer } from '../login/default-login.serializer.js';
import { Argon2PasswordHasher } from '../passwords/argon2-password-hasher.js';
import { PasswordHasher } from '../passwords/password-hasher.js';
import {
  AUTHENTICATOR,
  REGISTRATION_EXTRAS,
  REGISTRATION_OPTIONS,
  RESOLVED_SETTINGS,
} from '../registration.constants.js';
import { DEFAULT_EXTRAS } from '../registration.module-definition.js';
import { RegistrationMessages } from '../messages/registration-messages.js';
import { dataSourceProvider } from '../module-entities.js';
import { isClass } from './reflection.js';
import { resolveSettings } from './registration-options.js';

/** Holds the error that stopped the token manager from being created, for check E011. */
export const MANAGER_CREATION_ERROR = 'REGISTRATION:MANAGER_CREATION_ERROR';

/** Creates `cls` with the module's DI; `undefined` when it is missing, so the default applies. */
async function createWithModule<T>(moduleRef: ModuleRef, cls: unknown, fallback: Type<T>): Promise<T> {
  return moduleRef.create((cls ?? fallback) as Type<T>);
}

/** The module's providers for these extras. */
export function registrationProviders(extras: RegistrationModuleExtras): Provider[] {
  const resolvedExtras = { ...DEFAULT_EXTRAS, ...extras };
  const providers: Provider[] = [
    { provide: REGISTRATION_EXTRAS, useValue: resolvedExtras },
    {
      provide: RESOLVED_SETTINGS,
      useFactory: (options: RegistrationSettings): ResolvedRegistrationSettings => {
        const settings = resolveSettings(options);
        settings.loginSerializerClass ??= DefaultLoginSerializer;
        return settings;
      },
      inject: [REGISTRATION_OPTIONS],
    },
    {
      provide: RegistrationMessages,
      useFactory: (settings: ResolvedRegistrationSettings) =>
        new RegistrationMessages(settings.messages, {
          translations: settings.messageTranslations,
          language: settings.messageLanguage ?? undefined,
        }),
      inject: [RESOLVED_SETTINGS],
    },
    dataSourceProvider(resolvedExtras.dataSource),
    {
      provide: PasswordHasher,
      useFactory: (settings: ResolvedRegistrationSettings, moduleRef: ModuleRef) =>
        settings.passwordHasher
          ? createWithModule(moduleRef, settings.passwordHasher, Argon2PasswordHasher)
          : new Argon2PasswordHasher(),
      inject: [RESOLVED_SETTINGS, ModuleRef],
    },
    { provide: MANAGER_CREATION_ERROR, useValue: {} },
    {
      provide: AuthTokenManager,
      // A manager that cannot be created is reported by check E011 with the others, not thrown here.
      useFactory: async (
        settings: ResolvedRegistrationSettings,
        moduleRef: ModuleRef,
        failure: { error?: unknown },
      ) => {
        const cls = settings.authTokenManagerClass;
        if (cls !== undefined && !isClass(cls)) {
          failure.error = new Error(`${String(cls)} is not a class`);
          return {};
        }
        try {
          return await createWithModule(moduleRef, cls, TypeOrmAuthTokenManager);
        } catch (error) {
          failure.error = error;
          return {};
        }
      },
      inject: [RESOLVED_SETTINGS, ModuleRef, MANAGER_CREATION_ERROR],
    },
    {
      provide: AUTHENTICATOR,
      useFactory: async (settings: ResolvedRegistrationSettings, moduleRef: ModuleRef): Promise<LoginAuthenticator> => {
        const configured = settings.loginAuthenticator as unknown;
        if (configured === undefined) return authenticateByLoginData;
        if (isClass(configured) && typeof (configured.prototype as AuthenticatorObject).authenticate === 'function') {
          const instance = (await moduleRef.create(configured)) as AuthenticatorObject;
          return (data, context) => instance.authenticate(data, context);
        }
        if (typeof (configured as AuthenticatorObject)?.authenticate === 'function') {
          return (data, context) => (configured as AuthenticatorObject).authenticate(data, context);
        }
        return configured as LoginAuthenticator; // anything else is reported by check E022
      },
      inject: [RESOLVED_SETTINGS, ModuleRef],
    },
  ];
  if (resolvedExtras.globalGuard) {
    providers.push({
      provide: APP_GUARD,
      // A broken manager is reported by check E011; until then the global guard must not crash Nest.
      useFactory: (manager: AuthTokenManager, moduleRef: ModuleRef) =>
        manager instanceof AuthTokenManager
          ? moduleRef.create(manager.getAuthenticationGuard())
          : { canActivate: () => false },
      inject: [AuthTokenManager, ModuleRef],
    });
  }
  return providers;
}
