import type { MessageParams } from '../messages/default-messages.js';
import { REGISTER_MESSAGES, VERIFICATION_MESSAGES } from '../messages/flow-messages.js';

/** The generated serializers' texts beyond the login field messages (all part of `DEFAULT_MESSAGES`). */
export const REGISTER_FIELD_MESSAGES = {
  ...REGISTER_MESSAGES,
  fieldNotAnInteger: VERIFICATION_MESSAGES.fieldNotAnInteger,
};

export type RegisterMessageKey = keyof typeof REGISTER_FIELD_MESSAGES;

/** Puts a register text in words; the default is the English text. */
export type RegisterMessageFormatter = (key: RegisterMessageKey, params?: MessageParams) => string;
