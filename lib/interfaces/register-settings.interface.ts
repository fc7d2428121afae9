import type { Type } from '@nestjs/common';
import type { ALL_ROUTES } from '../registration.constants.js';
import type { MailTemplate } from '../mail/mail-templates.js';
import type { MailTransportOptions } from '../mail/nodemailer-mailer.js';
import type { RegistrationMailer } from '../mail/registration-mailer.js';
import type { PasswordValidator } from '../passwords/password-validator.js';
import type { ThrottleLimit } from '../throttling/login-throttle.options.js';
import type { VerificationUrlBuilder } from '../verification/verification-url.js';
import type { RegisterEmailThrottleOptions } from './register-email-settings.interface.js';
import type { ResetPasswordThrottleOptions } from './reset-password-settings.interface.js';

/** The routes the module can serve (contract section 1); `'all'` is upstream's ten. */
export type RegistrationRouteName = (typeof ALL_ROUTES)[number];

/** Where the verification redirects send the browser (upstream's `REST_REGISTRATION_VERIFICATION_REDIRECTS`). */
export interface VerificationRedirects {
  verifyRegistrationSuccessUrl?: string;
  verifyRegistrationFailureUrl?: string;
  verifyEmailSuccessUrl?: string;
  verifyEmailFailureUrl?: string;
  resetPasswordSuccessUrl?: string;
  resetPasswordFailureUrl?: string;
}

/** Budgets of the routes beyond login, per client address (change-password and register-email: per user); each `false` to drop it. */
export interface RegistrationThrottleOptions extends RegisterEmailThrottleOptions, ResetPasswordThrottleOptions {
  /** @default { limit: 10, ttl: 60_000 } */
  register?: ThrottleLimit | false;
  /** @default { limit: 20, ttl: 60_000 } */
  verifyRegistration?: ThrottleLimit | false;
  /** Budget of each authenticated user (not address) on change-password. @default { limit: 10, ttl: 60_000 } */
  changePassword?: ThrottleLimit | false;
}

/** The settings of register and verify-registration (upstream names in brackets). */
export interface RegisterModuleOptions {
  /** `false`: register answers 404 `{"detail":"Not found."}` [REGISTER_FLOW_ENABLED]. @default true */
  registerFlowEnabled?: boolean;
  /**
   * class-validator DTO that validates the register body instead of the serializer generated from the
   * entity [REGISTER_SERIALIZER_CLASS]; it must have a `password` property. @default null (generated)
   */
  registerSerializerClass?: Type<object> | null;
  /** The generated serializer requires `password_confirm` [REGISTER_SERIALIZER_PASSWORD_CONFIRM]. @default true */
  registerSerializerPasswordConfirm?: boolean;
  /**
   * class-transformer class that shapes the 201 body (properties marked `@Expose()`)
   * [REGISTER_OUTPUT_SERIALIZER_CLASS]. @default null (the profile: the generated fields without the passwords)
   */
  registerOutputSerializerClass?: Type<object> | null;
  /** New users start unverified and get a verification e-mail [REGISTER_VERIFICATION_ENABLED]. @default true */
  registerVerificationEnabled?: boolean;
  /** Link lifetime in seconds; `null` never expires [REGISTER_VERIFICATION_PERIOD]. @default 604800 (7 days) */
  registerVerificationPeriod?: number | null;
  /** Front-end URL the signed query is appended to [REGISTER_VERIFICATION_URL] (check E002). @default null */
  registerVerificationUrl?: string | null;
  /** A link verifies once (we differ: upstream's default is false) [REGISTER_VERIFICATION_ONE_TIME_USE]. @default true */
  registerVerificationOneTimeUse?: boolean;
  /** verify-registration also logs in, as login does [REGISTER_VERIFICATION_AUTO_LOGIN]. @default false */
  registerVerificationAutoLogin?: boolean;
  /** The register e-mail's template, a function of the context [REGISTER_VERIFICATION_EMAIL_TEMPLATES]. @default upstream's text */
  registerVerificationEmailTemplates?: MailTemplate | null;
  /** From of every verification e-mail [VERIFICATION_FROM_EMAIL] (check E004). @default null */
  verificationFromEmail?: string | null;
  /** Reply-To of the verification e-mails [VERIFICATION_REPLY_TO_EMAIL]. @default null (the From address) */
  verificationReplyToEmail?: string | null;
  /** Builds a link from the signed data [VERIFICATION_URL_BUILDER]. @default `<url>?user_id=..&timestamp=..&signature=..` */
  verificationUrlBuilder?: VerificationUrlBuilder | null;
  /** Entity properties left out of the generated serializers [USER_HIDDEN_FIELDS]. @default null (the verification flag column) */
  userHiddenFields?: string[] | null;
  /** When set, the generated serializers use exactly these properties (and the password) [USER_PUBLIC_FIELDS]. @default null */
  userPublicFields?: string[] | null;
  /** The e-mail column [USER_EMAIL_FIELD]. @default 'email' */
  userEmailField?: string;
  /** The column signed as `user_id` [USER_VERIFICATION_ID_FIELD]. @default null (the primary key) */
  userVerificationIdField?: string | null;
  /** Set false by register with verification, true by verify-registration [USER_VERIFICATION_FLAG_FIELD]. @default the active column */
  userVerificationFlagField?: string | null;
  /** The redirect routes' targets (`<prefix>/verification-redirects/...`). @default null (not served: 404) */
  verificationRedirects?: VerificationRedirects | null;
  /** Signs the links (Django's `SECRET_KEY` to accept links a DRR backend sent); at least 32 bytes (check E080). @default null */
  secretKey?: string | null;
  /** Older keys still accepted when verifying, for rotation. @default [] */
  secretKeyFallbacks?: string[];
  /** The default mailer's transport: an SMTP URL or nodemailer options (check E081). @default null */
  mailTransport?: MailTransportOptions | null;
  /** Class behind the `RegistrationMailer` token, created with the module's DI. @default NodemailerRegistrationMailer on `mailTransport` */
  mailer?: Type<RegistrationMailer> | null;
  /** Rules new passwords must pass; all messages are reported together. @default Django's four validators */
  passwordValidators?: PasswordValidator[];
  /**
   * Budgets of the routes beyond login, per client address, per login value (send-reset-password-link)
   * or per user (change-password, register-email), each route's default on `RegistrationThrottleOptions`
   * (429 with `Retry-After`), counted in `loginThrottle`'s storage with its `trustProxy`; `false` turns them off.
   */
  registrationThrottle?: RegistrationThrottleOptions | false;
}
