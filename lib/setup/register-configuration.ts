import type {
  RegisterModuleOptions,
  RegistrationRouteName,
  RegistrationThrottleOptions,
  VerificationRedirects,
} from '../interfaces/register-settings.interface.js';
import type { MailTemplate } from '../mail/mail-templates.js';
import type { MailTransportOptions } from '../mail/nodemailer-mailer.js';
import type { RegistrationMailer } from '../mail/registration-mailer.js';
import { defaultPasswordValidators } from '../passwords/django-validators.js';
import type { PasswordValidator } from '../passwords/password-validator.js';
import type { ThrottleLimit } from '../throttling/login-throttle.options.js';
import { buildDefaultVerificationUrl, type VerificationUrlBuilder } from '../verification/verification-url.js';
import type { Type } from '@nestjs/common';

/** Upstream's ten routes, what `routes: 'all'` serves. */
export const ALL_ROUTES: readonly RegistrationRouteName[] = Object.freeze([
  'login',
  'logout',
  'register',
  'verify-registration',
  'send-reset-password-link',
  'reset-password',
  'change-password',
  'profile',
  'register-email',
  'verify-email',
]);

/** Served when `routes` is not set: upgrading a login-only app opens nothing new. */
export const DEFAULT_ROUTES: readonly RegistrationRouteName[] = Object.freeze(['login', 'logout']);

const SEVEN_DAYS = 7 * 24 * 3600;

/** `registrationThrottle` with its defaults applied; `false` when off. */
export interface ResolvedRegistrationThrottle {
  readonly register: ThrottleLimit | false;
  readonly verifyRegistration: ThrottleLimit | false;
}

/** The register and verify-registration settings with their defaults applied (see `RegisterModuleOptions`). */
export interface RegisterConfiguration {
  readonly registerFlowEnabled: boolean;
  readonly registerSerializerClass: Type<object> | null;
  readonly registerSerializerPasswordConfirm: boolean;
  readonly registerOutputSerializerClass: Type<object> | null;
  readonly registerVerificationEnabled: boolean;
  readonly registerVerificationPeriod: number | null;
  readonly registerVerificationUrl: string | null;
  readonly registerVerificationOneTimeUse: boolean;
  readonly registerVerificationAutoLogin: boolean;
  /** `null`: upstream's template. */
  readonly registerVerificationEmailTemplates: MailTemplate | null;
  readonly verificationFromEmail: string | null;
  readonly verificationReplyToEmail: string | null;
  readonly verificationUrlBuilder: VerificationUrlBuilder;
  readonly userHiddenFields: readonly string[] | null;
  readonly userPublicFields: readonly string[] | null;
  readonly userEmailField: string;
  /** `null`: the primary key. */
  readonly userVerificationIdField: string | null;
  /** `null`: the entity has no such column (then no user is ever stored unverified). */
  readonly userVerificationFlagField: string | null;
  readonly verificationRedirects: Readonly<VerificationRedirects> | null;
  readonly secretKey: string | null;
  readonly secretKeyFallbacks: readonly string[];
  readonly mailTransport: MailTransportOptions | null;
  /** `null`: the default mailer (`NodemailerRegistrationMailer` on `mailTransport`). */
  readonly mailer: Type<RegistrationMailer> | null;
  readonly passwordValidators: readonly PasswordValidator[];
  readonly registrationThrottle: ResolvedRegistrationThrottle | false;
}

function resolveThrottle(setting: RegistrationThrottleOptions | false | undefined | null) {
  if (setting === false) return false;
  return Object.freeze({
    register: setting?.register === undefined ? { limit: 10, ttl: 60_000 } : setting.register,
    verifyRegistration:
      setting?.verifyRegistration === undefined ? { limit: 20, ttl: 60_000 } : setting.verifyRegistration,
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
