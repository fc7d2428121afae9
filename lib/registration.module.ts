import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AuthTokenManager } from './auth-token/auth-token-manager.js';
import { registrationProviders } from './setup/providers.js';
import { RegistrationEvents } from './events/registration-events.js';
import type {
  RegistrationModuleExtras,
  RegistrationModuleOptions,
} from './interfaces/registration-settings.interface.js';
import { createLoginControllers } from './login/login.controller.js';
import { UserLogin } from './session/user-login.service.js';
import { registrationMailerProvider } from './mail/mailer.provider.js';
import { createRegisterControllers } from './register/register.controller.js';
import { createProfileControllers } from './profile/profile.controller.js';
import { ProfileInput } from './profile/profile-input.js';
import { ProfileService } from './profile/profile.service.js';
import { registerEmailProviders } from './register-email/register-email.providers.js';
import { createRegisterEmailControllers } from './register-email/register-email.controller.js';
import { changePasswordProviders, createChangePasswordControllers } from './change-password/index.js';
import { RegisterInput } from './register/register-input.js';
import { RegisterService } from './register/register.service.js';
import { RegistrationLinks } from './register/registration-links.js';
import { VerifyRegistrationService } from './register/verify-registration.service.js';
import {
  RESET_PASSWORD_PROVIDERS,
  createResetPasswordControllers,
} from './reset-password/reset-password.module-parts.js';
import { RouteThrottleGuard, UserThrottleGuard } from './throttling/route-throttler.js';
import { LoginService } from './login/login.service.js';
import { LogoutAuthGuard } from './login/request-guards.js';
import { MediaTypeGuard } from './http/media-type.guard.js';
import { registerModuleEntities } from './setup/module-entities.js';
import { LoginSerializerPipe, LogoutSerializerPipe } from './login/serializer.pipes.js';
import { PasswordHasher } from './passwords/password-hasher.js';
import { RegistrationMailer } from './mail/registration-mailer.js';
import {
  REGISTRATION_AUTHENTICATOR,
  REGISTRATION_CONFIGURATION,
  REGISTRATION_DATA_SOURCE,
} from './registration.constants.js';
import { ASYNC_OPTIONS_TYPE, ConfigurableRegistrationModule, OPTIONS_TYPE } from './registration.module-definition.js';
import { BodyErrorMapping } from './setup/body-error-mapping.js';
import { HostEventForwarding } from './setup/host-event-emitter.js';
import { ModeDiscovery } from './setup/mode-discovery.js';
import { ResponseHeaders } from './setup/response-headers.js';
import { resolveExtras } from './setup/registration-configuration.js';
import { StartupChecks } from './setup/startup-checks.js';
import { UnservedMethods } from './setup/unserved-methods.js';
import { SessionAuthGuard } from './session/session-auth.guard.js';
import { SessionLogin } from './session/session-login.service.js';
import { CsrfAddressThrottleGuard, LoginAddressThrottleGuard } from './throttling/login-throttle.guard.js';
import { LoginThrottler } from './throttling/login-throttler.js';
import { RegistrationTokens } from './auth-token/registration-tokens.service.js';
import { RegistrationUsers } from './users/registration-users.service.js';
import { RegistrationMessages } from './messages/registration-messages.js';

/**
 * Login, logout, register and verify-registration for a Nest app, with the API of django-rest-registration.
 *
 * ```ts
 * @Module({ imports: [TypeOrmModule.forRoot({ ... }), RegistrationModule.forRoot({ userEntity: User })] })
 * ```
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    RegistrationUsers,
    RegistrationEvents,
    ModeDiscovery,
    StartupChecks,
    // Before BodyErrorMapping: on Express its middleware comes first (test/init-order.test.ts).
    UnservedMethods,
    BodyErrorMapping,
    ResponseHeaders,
    HostEventForwarding,
    LoginService,
    SessionLogin,
    SessionAuthGuard,
    LoginSerializerPipe,
    LogoutSerializerPipe,
    MediaTypeGuard,
    LogoutAuthGuard,
    LoginThrottler,
    LoginAddressThrottleGuard,
    CsrfAddressThrottleGuard,
    RegistrationTokens,
    UserLogin,
    RegisterInput,
    RegistrationLinks,
    RegisterService,
    VerifyRegistrationService,
    RouteThrottleGuard,
    UserThrottleGuard,
    registrationMailerProvider,
    ProfileInput,
    ProfileService,
    ...registerEmailProviders,
    ...changePasswordProviders,
    ...RESET_PASSWORD_PROVIDERS,
  ],
  exports: [
    REGISTRATION_CONFIGURATION,
    REGISTRATION_DATA_SOURCE,
    REGISTRATION_AUTHENTICATOR,
    AuthTokenManager,
    PasswordHasher,
    RegistrationUsers,
    RegistrationEvents,
    SessionAuthGuard,
    LoginThrottler,
    RegistrationTokens,
    RegistrationMessages,
    RegistrationMailer,
  ],
})
export class RegistrationModule extends ConfigurableRegistrationModule {
  static override forRoot(options: typeof OPTIONS_TYPE): DynamicModule {
    return withExtras(super.forRoot(options), options, options);
  }

  static override forRootAsync(options: typeof ASYNC_OPTIONS_TYPE): DynamicModule {
    return withExtras(super.forRootAsync(options), options);
  }
}

function withExtras(
  definition: DynamicModule,
  given: RegistrationModuleExtras,
  options?: Partial<RegistrationModuleOptions>,
): DynamicModule {
  const extras = resolveExtras(given);
  registerModuleEntities(extras.dataSource, options);
  return {
    ...definition,
    controllers: [
      ...(definition.controllers ?? []),
      ...createLoginControllers(extras.urlPrefix, extras.routes),
      ...createRegisterControllers(extras.urlPrefix, extras.routes),
      ...createProfileControllers(extras.urlPrefix, extras.routes),
      ...createRegisterEmailControllers(extras.urlPrefix, extras.routes),
      ...createChangePasswordControllers(extras.urlPrefix, extras.routes),
      ...createResetPasswordControllers(extras.urlPrefix, extras.routes),
    ],
    providers: [...(definition.providers ?? []), ...registrationProviders(extras)],
  };
}
