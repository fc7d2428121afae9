import type { Type } from '@nestjs/common';
import type { MailTemplate } from '../mail/mail-templates.js';
import type { ThrottleLimit } from '../throttling/login-throttle.options.js';
import type { RegistrationUsers } from '../users/registration-users.service.js';

/** What a `sendResetPasswordLinkUserFinder` is given besides the validated body. */
export interface ResetPasswordUserFinderContext {
  /** Lookups on the user entity (`findByField` is exact and treats a shared value as no match). */
  users: RegistrationUsers;
}

/**
 * Finds the user a send-reset-password-link body names [SEND_RESET_PASSWORD_LINK_USER_FINDER]: resolves
 * the user, or `null` (or throws `UserNotFound`) when nobody matches. Keep its cost independent of the
 * outcome (query the same columns whether or not a row is found), or the answer's time tells.
 */
export type SendResetPasswordLinkUserFinder = (
  data: Record<string, unknown>,
  context: ResetPasswordUserFinderContext,
) => Promise<object | null | undefined> | object | null | undefined;

/** The reset-password budgets of `registrationThrottle`; each `false` to drop it. */
export interface ResetPasswordThrottleOptions {
  /** Per client address on send-reset-password-link. @default { limit: 10, ttl: 60_000 } */
  sendResetPasswordLink?: ThrottleLimit | false;
  /**
   * Per login value and per user it names on send-reset-password-link, counted after the body is valid,
   * so that nobody can flood one user's mailbox. @default { limit: 3, ttl: 900_000 }
   */
  sendResetPasswordLinkPerLogin?: ThrottleLimit | false;
  /** Per client address on reset-password and its verification redirect. @default { limit: 20, ttl: 60_000 } */
  resetPassword?: ThrottleLimit | false;
}

/** `registrationThrottle`'s reset-password budgets with their defaults applied. */
export interface ResolvedResetPasswordThrottle {
  readonly sendResetPasswordLink: ThrottleLimit | false;
  readonly sendResetPasswordLinkPerLogin: ThrottleLimit | false;
  readonly resetPassword: ThrottleLimit | false;
}

/** The settings of send-reset-password-link and reset-password (upstream names in brackets). */
export interface ResetPasswordModuleOptions {
  /**
   * class-validator DTO for the send-reset-password-link body instead of `{login}` (or `{email}`)
   * [SEND_RESET_PASSWORD_LINK_SERIALIZER_CLASS]. @default null
   */
  sendResetPasswordLinkSerializerClass?: Type<object> | null;
  /**
   * Finds the user of a send-reset-password-link body [SEND_RESET_PASSWORD_LINK_USER_FINDER].
   * @default the `login` value against every `userLoginFields` column (with `email`: the e-mail column)
   */
  sendResetPasswordLinkUserFinder?: SendResetPasswordLinkUserFinder | null;
  /** The default body is `{email}` instead of `{login}` [SEND_RESET_PASSWORD_LINK_SERIALIZER_USE_EMAIL] (check E013). @default false */
  sendResetPasswordLinkSerializerUseEmail?: boolean;
  /**
   * `true`: an unknown user gets 400 `User not found` (upstream's default, tells who has an account);
   * `false`: everybody gets `Reset link sent if the user exists in database` [RESET_PASSWORD_FAIL_WHEN_USER_NOT_FOUND].
   * @default false
   */
  resetPasswordFailWhenUserNotFound?: boolean;
  /** `false`: send-reset-password-link and reset-password answer 404 [RESET_PASSWORD_VERIFICATION_ENABLED]. @default true */
  resetPasswordVerificationEnabled?: boolean;
  /** Link lifetime in seconds; `null` never expires [RESET_PASSWORD_VERIFICATION_PERIOD]. @default 86400 (1 day) */
  resetPasswordVerificationPeriod?: number | null;
  /** Front-end URL the signed query is appended to [RESET_PASSWORD_VERIFICATION_URL] (check E001). @default null */
  resetPasswordVerificationUrl?: string | null;
  /**
   * A link works once, and no link issued before a password change works after it: the signature's salt
   * holds the current password hash (we differ: upstream's default is false) [RESET_PASSWORD_VERIFICATION_ONE_TIME_USE].
   * @default true
   */
  resetPasswordVerificationOneTimeUse?: boolean;
  /** reset-password requires and compares `password_confirm` [RESET_PASSWORD_SERIALIZER_PASSWORD_CONFIRM]. @default false */
  resetPasswordSerializerPasswordConfirm?: boolean;
  /** The reset e-mail's template, a function of the context [RESET_PASSWORD_VERIFICATION_EMAIL_TEMPLATES]. @default upstream's text */
  resetPasswordVerificationEmailTemplates?: MailTemplate | null;
}

/** The reset-password settings with their defaults applied (see `ResetPasswordModuleOptions`). */
export interface ResetPasswordConfiguration {
  readonly sendResetPasswordLinkSerializerClass: Type<object> | null;
  readonly sendResetPasswordLinkUserFinder: SendResetPasswordLinkUserFinder | null;
  readonly sendResetPasswordLinkSerializerUseEmail: boolean;
  readonly resetPasswordFailWhenUserNotFound: boolean;
  readonly resetPasswordVerificationEnabled: boolean;
  readonly resetPasswordVerificationPeriod: number | null;
  readonly resetPasswordVerificationUrl: string | null;
  readonly resetPasswordVerificationOneTimeUse: boolean;
  readonly resetPasswordSerializerPasswordConfirm: boolean;
  readonly resetPasswordVerificationEmailTemplates: MailTemplate | null;
}
