import type { MessageTemplate } from './message-template.js';

/** Texts of change-password (upstream's `ChangePasswordSerializer` and view). Part of `DEFAULT_MESSAGES`. */
export const CHANGE_PASSWORD_MESSAGES = {
  oldPasswordIncorrect: 'Old password is not correct',
  passwordChanged: 'Password changed successfully',
} satisfies Record<string, MessageTemplate>;
