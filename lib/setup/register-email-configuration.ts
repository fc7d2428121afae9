import type {
  RegisterEmailModuleOptions,
  RegisterEmailThrottleOptions,
} from '../interfaces/register-email-settings.interface.js';
import type {
  RegisterEmailConfiguration,
  ResolvedRegisterEmailThrottle,
} from '../interfaces/register-email-configuration.interface.js';

const SEVEN_DAYS = 7 * 24 * 3600;

/** The defaults of the register-email settings, applied once (called by `resolveConfiguration`). */
export function resolveRegisterEmailConfiguration(options: RegisterEmailModuleOptions): RegisterEmailConfiguration {
  return {
    registerEmailSerializerClass: options.registerEmailSerializerClass ?? null,
    registerEmailVerificationEnabled: options.registerEmailVerificationEnabled ?? true,
    registerEmailVerificationPeriod:
      options.registerEmailVerificationPeriod === undefined ? SEVEN_DAYS : options.registerEmailVerificationPeriod,
    registerEmailVerificationUrl: options.registerEmailVerificationUrl ?? null,
    registerEmailVerificationEmailTemplates: options.registerEmailVerificationEmailTemplates ?? null,
  };
}

/** The register-email budgets of `registrationThrottle` (called by its resolver). */
export function resolveRegisterEmailThrottle(
  setting: RegisterEmailThrottleOptions | null | undefined,
): ResolvedRegisterEmailThrottle {
  return {
    registerEmail: setting?.registerEmail === undefined ? { limit: 10, ttl: 3_600_000 } : setting.registerEmail,
    verifyEmail: setting?.verifyEmail === undefined ? { limit: 20, ttl: 60_000 } : setting.verifyEmail,
  };
}
