import type { Type } from '@nestjs/common';
import type { MailTemplate } from '../mail/mail-templates.js';
import type { ThrottleLimit } from '../throttling/login-throttle.options.js';

/** The budgets of register-email and verify-email in `registrationThrottle`; each `false` to drop it. */
export interface RegisterEmailThrottleOptions {
  /** Per authenticated user on register-email (every accepted request sends a message). @default { limit: 10, ttl: 3_600_000 } */
  registerEmail?: ThrottleLimit | false;
  /** Per client address on verify-email and its redirect. @default { limit: 20, ttl: 60_000 } */
  verifyEmail?: ThrottleLimit | false;
}

/** The settings of register-email and verify-email (upstream names in brackets). */
export interface RegisterEmailModuleOptions {
  /**
   * class-validator DTO that validates the register-email body instead of `DefaultRegisterEmailSerializer`
   * [REGISTER_EMAIL_SERIALIZER_CLASS]; it must have an `email` property (check E012). @default null (the default serializer)
   */
  registerEmailSerializerClass?: Type<object> | null;
  /**
   * register-email sends a signed link to the new address and verify-email stores it; `false`: the
   * address changes at once and verify-email answers 404 [REGISTER_EMAIL_VERIFICATION_ENABLED]. @default true
   */
  registerEmailVerificationEnabled?: boolean;
  /** Link lifetime in seconds; `null` never expires [REGISTER_EMAIL_VERIFICATION_PERIOD]. @default 604800 (7 days) */
  registerEmailVerificationPeriod?: number | null;
  /** Front-end URL the signed query is appended to [REGISTER_EMAIL_VERIFICATION_URL] (check E003). @default null */
  registerEmailVerificationUrl?: string | null;
  /**
   * The template of both register-email messages, a function of the context
   * [REGISTER_EMAIL_VERIFICATION_EMAIL_TEMPLATES] (check E007): `context.emailAlreadyUsed` says which one
   * (then there is no `verificationUrl`). @default upstream's two texts
   */
  registerEmailVerificationEmailTemplates?: MailTemplate | null;
}
