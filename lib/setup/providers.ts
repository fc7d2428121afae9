import type { Provider } from '@nestjs/common';
import { APP_GUARD, ModuleRef } from '@nestjs/core';
import { AuthTokenManager } from '../auth-token/auth-token-manager.js';
import type { AuthenticatorObject, LoginAuthenticator } from '../interfaces/authenticator.interface.js';
import type {
  RegistrationConfiguration,
  ResolvedRegistrationExtras,
} from '../interfaces/registration-configuration.interface.js';
import type { RegistrationModuleOptions } from '../interfaces/registration-settings.interface.js';
import { Argon2PasswordHasher } from '../passwords/argon2-password-hasher.js';
import { PasswordHasher } from '../passwords/password-hasher.js';
import {
  REGISTRATION_AUTHENTICATOR,
  MANAGER_CREATION_ERROR,
  REGISTRATION_CONFIGURATION,
  REGISTRATION_MODE,
  REGISTRATION_OPTIONS,
  REGISTRATION_TOKEN_CACHE,
} from '../registration.constants.js';
import { TokenCache } from '../token-cache/token-cache.js';
import { isUsableTokenCache } from '../checks/token-cache.checks.js';
import { RegistrationMessages } from '../messages/registration-messages.js';
import { isClass } from '../http/reflection.js';
import { dataSourceProvider } from './module-entities.js';
import { resolveConfiguration } from './registration-configuration.js';
import { ModeAnswer } from './mode-discovery.js';

/** The module's providers for these (resolved) extras. */
export function registrationProviders(extras: ResolvedRegistrationExtras): Provider[] {
  const providers: Provider[] = [
    {
      provide: REGISTRATION_CONFIGURATION,
      useFactory: (options: RegistrationModuleOptions) => resolveConfiguration(options, extras),
      inject: [REGISTRATION_OPTIONS],
    },
    { provide: REGISTRATION_MODE, useClass: ModeAnswer },
    {
      provide: RegistrationMessages,
      useFactory: (configuration: RegistrationConfiguration) =>
        new RegistrationMessages(configuration.messages, {
          translations: configuration.messageTranslations,
          language: configuration.messageLanguage,
        }),
      inject: [REGISTRATION_CONFIGURATION],
    },
    dataSourceProvider(extras.dataSource),
    {
      provide: PasswordHasher,
      // The default takes its parameters, not DI; any other class is created with the module's DI.
      useFactory: (configuration: RegistrationConfiguration, moduleRef: ModuleRef) =>
        configuration.passwordHasher === Argon2PasswordHasher
          ? new Argon2PasswordHasher()
          : moduleRef.create(configuration.passwordHasher),
      inject: [REGISTRATION_CONFIGURATION, ModuleRef],
    },
    {
      provide: REGISTRATION_TOKEN_CACHE,
      // Listening before the first request; a channel that is down only keeps the cache from answering.
      // Settings that check E090/E091 refuse leave it off, for the check to report.
      useFactory: async (configuration: RegistrationConfiguration): Promise<TokenCache | null> => {
        const settings = configuration.tokenCache;
        if (!isUsableTokenCache(settings)) return null;
        const cache = new TokenCache(settings);
        await cache.start();
        return cache;
      },
      inject: [REGISTRATION_CONFIGURATION],
    },
    { provide: MANAGER_CREATION_ERROR, useValue: {} },
    {
      provide: AuthTokenManager,
      // A manager that cannot be created is reported by check E011 with the others, not thrown here.
      useFactory: async (
        configuration: RegistrationConfiguration,
        moduleRef: ModuleRef,
        failure: { error?: unknown },
      ) => {
        const cls = configuration.authTokenManagerClass;
        if (!isClass(cls)) {
          failure.error = new Error(`${String(cls)} is not a class`);
          return {};
        }
        try {
          return await moduleRef.create(cls);
        } catch (error) {
          failure.error = error;
          return {};
        }
      },
      inject: [REGISTRATION_CONFIGURATION, ModuleRef, MANAGER_CREATION_ERROR],
    },
    {
      provide: REGISTRATION_AUTHENTICATOR,
      useFactory: async (
        configuration: RegistrationConfiguration,
        moduleRef: ModuleRef,
      ): Promise<LoginAuthenticator> => {
        const configured = configuration.loginAuthenticator as unknown;
        if (isClass(configured) && typeof (configured.prototype as AuthenticatorObject).authenticate === 'function') {
          const instance = (await moduleRef.create(configured)) as AuthenticatorObject;
          return (data, context) => instance.authenticate(data, context);
        }
        if (typeof (configured as AuthenticatorObject)?.authenticate === 'function') {
          return (data, context) => (configured as AuthenticatorObject).authenticate(data, context);
        }
        return configured as LoginAuthenticator; // anything else is reported by check E022
      },
      inject: [REGISTRATION_CONFIGURATION, ModuleRef],
    },
  ];
  if (extras.globalGuard) {
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
