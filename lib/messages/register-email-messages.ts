import { MAIL_MESSAGES } from './flow-messages.js';

/**
 * Texts of register-email and verify-email: upstream's answers (`rest_registration/api/views/register_email.py`,
 * `exceptions.py`) and its two messages (the link to the new address; the notice to an address already
 * in use). Part of `DEFAULT_MESSAGES`.
 */
export const REGISTER_EMAIL_MESSAGES = {
  registerEmailLinkSent: 'Register email link email sent',
  emailVerified: 'Email verified successfully',
  emailAlreadyRegistered: 'This email is already registered.',
  registerEmailSubject: MAIL_MESSAGES.registerEmailSubject,
  registerEmailText: MAIL_MESSAGES.registerEmailText,
  emailAlreadyUsedSubject: MAIL_MESSAGES.emailAlreadyUsedSubject,
  emailAlreadyUsedText: MAIL_MESSAGES.emailAlreadyUsedText,
} as const;

/** The mail texts among them (formatted with the `messages` setting when the messages are composed). */
export const REGISTER_EMAIL_MAIL_KEYS = [
  'registerEmailSubject',
  'registerEmailText',
  'emailAlreadyUsedSubject',
  'emailAlreadyUsedText',
] as const;

/** The placeholders each of these messages is given. */
export const REGISTER_EMAIL_MESSAGE_PLACEHOLDERS: Readonly<Record<string, readonly string[]>> = {
  registerEmailSubject: ['verification_url', 'email'],
  registerEmailText: ['verification_url', 'email'],
  emailAlreadyUsedSubject: ['email'],
  emailAlreadyUsedText: ['email'],
};
