import type { RegisterConfiguration } from '../interfaces/register-configuration.interface.js';
import type {
  RegisterModuleOptions,
  RegistrationRouteName,
  RegistrationThrottleOptions,
} from '../interfaces/register-settings.interface.js';
import { defaultPasswordValidators } from '../passwords/django-validators.js';
import { buildDefaultVerificationUrl } from '../verification/verification-url.js';
import { ALL_ROUTES, DEFAULT_ROUTES } from '../registration.constants.js';
import { resolveRegisterEmailThrottle } from './register-email-configuration.js';
import { resolveResetPasswordThrottle } from './reset-password-configuration.js';

const SEVEN_DAYS = 7 * 24 * 3600;

function resolveThrottle(setting: RegistrationThrottleOptions | false | undefined | null) {
  if (setting === false) return false;
  return Object.freeze({
    register: setting?.register === undefined ? { limit: 10, ttl: 60_000 } : setting.register,
    verifyRegistration:
      setting?.verifyRegistration === undefined ? { limit: 20, ttl: 60_000 } : setting.verifyRegistration,
    changePassword: setting?.changePassword === undefined ? { limit: 10, ttl: 60_000 } : setting.changePassword,
    ...resolveRegisterEmailThrottle(setting),
    ...resolveResetPasswordThrottle(setting),
  });
}

const frozenList = <T>(list: readonly T[] | null | undefined): readonly T[] | null =>
  list === null || list === undefined ? null : Object.freeze([...list]);

/** The defaults of the register settings, applied once (called by `resolveConfiguration`). */
export function resolveRegisterConfiguration(
  options: RegisterModuleOptions,
  activeField: string | null,
): RegisterConfiguration {
  return {
    registerFlowEnabled: options.registerFlowEnabled ?? true,
    registerSerializerClass: options.registerSerializerClass ?? null,
    registerSerializerPasswordConfirm: options.registerSerializerPasswordConfirm ?? true,
    registerOutputSerializerClass: options.registerOutputSerializerClass ?? null,
    registerVerificationEnabled: options.registerVerificationEnabled ?? true,
    registerVerificationPeriod:
      options.registerVerificationPeriod === undefined ? SEVEN_DAYS : options.registerVerificationPeriod,
    registerVerificationUrl: options.registerVerificationUrl ?? null,
    registerVerificationOneTimeUse: options.registerVerificationOneTimeUse ?? true,
    registerVerificationAutoLogin: options.registerVerificationAutoLogin ?? false,
    registerVerificationEmailTemplates: options.registerVerificationEmailTemplates ?? null,
    verificationFromEmail: options.verificationFromEmail ?? null,
    verificationReplyToEmail: options.verificationReplyToEmail ?? null,
    verificationUrlBuilder: options.verificationUrlBuilder ?? buildDefaultVerificationUrl,
    userHiddenFields: frozenList(options.userHiddenFields),
    userPublicFields: frozenList(options.userPublicFields),
    userEmailField: options.userEmailField ?? 'email',
    userVerificationIdField: options.userVerificationIdField ?? null,
    userVerificationFlagField:
      options.userVerificationFlagField === undefined ? activeField : options.userVerificationFlagField,
    verificationRedirects: options.verificationRedirects ? Object.freeze({ ...options.verificationRedirects }) : null,
    secretKey: options.secretKey ?? null,
    secretKeyFallbacks: Object.freeze([...(options.secretKeyFallbacks ?? [])]),
    mailTransport: options.mailTransport ?? null,
    mailer: options.mailer ?? null,
    passwordValidators: Object.freeze([...(options.passwordValidators ?? defaultPasswordValidators())]),
    registrationThrottle: resolveThrottle(options.registrationThrottle),
  };
}

/** `routes` as a list ('all' expanded); unknown names are kept for check E084. */
export function resolveRoutes(routes: 'all' | readonly string[] | undefined): readonly RegistrationRouteName[] {
  if (routes === undefined) return DEFAULT_ROUTES;
  if (routes === 'all') return ALL_ROUTES;
  return Object.freeze(Array.isArray(routes) ? [...routes] : [String(routes)]) as readonly RegistrationRouteName[];
}
