import type { Type } from '@nestjs/common';
import type { MailTemplate } from '../mail/mail-templates.js';
import type { ThrottleLimit } from '../throttling/login-throttle.options.js';

/** The register-email budgets of `registrationThrottle` with their defaults applied. */
export interface ResolvedRegisterEmailThrottle {
  readonly registerEmail: ThrottleLimit | false;
  readonly verifyEmail: ThrottleLimit | false;
}

/** The register-email and verify-email settings with their defaults applied (see `RegisterEmailModuleOptions`). */
export interface RegisterEmailConfiguration {
  /** `null`: `DefaultRegisterEmailSerializer`. */
  readonly registerEmailSerializerClass: Type<object> | null;
  readonly registerEmailVerificationEnabled: boolean;
  readonly registerEmailVerificationPeriod: number | null;
  readonly registerEmailVerificationUrl: string | null;
  /** `null`: upstream's templates. */
  readonly registerEmailVerificationEmailTemplates: MailTemplate | null;
}
