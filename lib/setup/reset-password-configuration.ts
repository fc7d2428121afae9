import type {
  ResetPasswordConfiguration,
  ResetPasswordModuleOptions,
  ResetPasswordThrottleOptions,
  ResolvedResetPasswordThrottle,
} from '../interfaces/reset-password-settings.interface.js';

const ONE_DAY = 24 * 3600;

/** The defaults of the reset-password settings, applied once (called by `resolveConfiguration`). */
export function resolveResetPasswordConfiguration(options: ResetPasswordModuleOptions): ResetPasswordConfiguration {
  return {
    sendResetPasswordLinkSerializerClass: options.sendResetPasswordLinkSerializerClass ?? null,
    sendResetPasswordLinkUserFinder: options.sendResetPasswordLinkUserFinder ?? null,
    sendResetPasswordLinkSerializerUseEmail: options.sendResetPasswordLinkSerializerUseEmail ?? false,
    resetPasswordFailWhenUserNotFound: options.resetPasswordFailWhenUserNotFound ?? false,
    resetPasswordVerificationEnabled: options.resetPasswordVerificationEnabled ?? true,
    resetPasswordVerificationPeriod:
      options.resetPasswordVerificationPeriod === undefined ? ONE_DAY : options.resetPasswordVerificationPeriod,
    resetPasswordVerificationUrl: options.resetPasswordVerificationUrl ?? null,
    resetPasswordVerificationOneTimeUse: options.resetPasswordVerificationOneTimeUse ?? true,
    resetPasswordSerializerPasswordConfirm: options.resetPasswordSerializerPasswordConfirm ?? false,
    resetPasswordVerificationEmailTemplates: options.resetPasswordVerificationEmailTemplates ?? null,
  };
}

/** The reset-password budgets of `registrationThrottle` (its `false` is handled by the caller). */
export function resolveResetPasswordThrottle(
  setting: ResetPasswordThrottleOptions | null | undefined,
): ResolvedResetPasswordThrottle {
  const pick = <K extends keyof ResetPasswordThrottleOptions>(key: K, fallback: { limit: number; ttl: number }) =>
    setting?.[key] === undefined ? fallback : setting[key]!;
  return {
    sendResetPasswordLink: pick('sendResetPasswordLink', { limit: 10, ttl: 60_000 }),
    sendResetPasswordLinkPerLogin: pick('sendResetPasswordLinkPerLogin', { limit: 3, ttl: 900_000 }),
    resetPassword: pick('resetPassword', { limit: 20, ttl: 60_000 }),
  };
}
