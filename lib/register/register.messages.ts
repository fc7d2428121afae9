import { BadRequest } from '../errors/exceptions.js';
import type { MessageParams, MessageRef } from '../messages/default-messages.js';
import { REGISTER_MESSAGES, VERIFICATION_MESSAGES } from '../messages/flow-messages.js';

/** The register serializer's texts beyond the login field messages (all part of `DEFAULT_MESSAGES`). */
const REGISTER_FIELD_MESSAGES = { ...REGISTER_MESSAGES, fieldNotAnInteger: VERIFICATION_MESSAGES.fieldNotAnInteger };
export { REGISTER_FIELD_MESSAGES as REGISTER_MESSAGES };

export type RegisterMessageKey = keyof typeof REGISTER_FIELD_MESSAGES;

/** Puts a register text in words; the default is the English text. */
export type RegisterMessageFormatter = (key: RegisterMessageKey, params?: MessageParams) => string;

/** 400 `{"detail":"User without email cannot be verified"}` (register with verification on, no address). */
export class UserWithoutEmailNonverifiable extends BadRequest {
  constructor(detail: string | MessageRef = { key: 'userWithoutEmail' }) {
    super(detail);
  }
}
