import type { Type } from '@nestjs/common';
import type { VerificationRedirects } from './register-settings.interface.js';
import type { MailTemplate } from '../mail/mail-templates.js';
import type { MailTransportOptions } from '../mail/nodemailer-mailer.js';
import type { RegistrationMailer } from '../mail/registration-mailer.js';
import type { PasswordValidator } from '../passwords/password-validator.js';
import type { ThrottleLimit } from '../throttling/login-throttle.options.js';
import type { VerificationUrlBuilder } from '../verification/verification-url.js';
import type { ResolvedRegisterEmailThrottle } from './register-email-configuration.interface.js';
import type { ResolvedResetPasswordThrottle } from './reset-password-settings.interface.js';

/** `registrationThrottle` with its defaults applied; `false` when off. */
export interface ResolvedRegistrationThrottle extends ResolvedRegisterEmailThrottle, ResolvedResetPasswordThrottle {
  readonly register: ThrottleLimit | false;
  readonly verifyRegistration: ThrottleLimit | false;
  /** Per user, not per address. */
  readonly changePassword: ThrottleLimit | false;
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
