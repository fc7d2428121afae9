import { MAIL_MESSAGES } from './flow-messages.js';

/**
 * Texts of send-reset-password-link and reset-password (upstream's `rest_registration/api/views/
 * reset_password.py`) and of the reset e-mail. Part of `DEFAULT_MESSAGES`.
 */
export const RESET_PASSWORD_MESSAGES = {
  resetLinkSent: 'Reset link sent',
  resetLinkSentIfUserExists: 'Reset link sent if the user exists in database',
  resetPasswordSuccessful: 'Reset password successful',
  resetPasswordSubject: MAIL_MESSAGES.resetPasswordSubject,
  resetPasswordText: MAIL_MESSAGES.resetPasswordText,
} as const;

/** The placeholders of the reset e-mail's texts. */
export const RESET_PASSWORD_MESSAGE_PLACEHOLDERS = {
  resetPasswordSubject: ['verification_url', 'email'],
  resetPasswordText: ['verification_url', 'email'],
} as const;
