import { BadRequest } from '../errors/exceptions.js';
import type { MessageParams, MessageTemplate } from '../messages/default-messages.js';
import { VERIFICATION_MESSAGES } from '../verification/verification.errors.js';

/**
 * Texts of the register serializer beyond the module's existing field messages (DRF, Django and
 * upstream's English), keyed for the `messages` setting once the routes are wired.
 */
export const REGISTER_MESSAGES = {
  fieldTooLong: 'Ensure this field has no more than {max_length} characters.',
  fieldInvalidEmail: 'Enter a valid email address.',
  fieldInvalidUsername:
    'Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.',
  fieldNullCharacters: 'Null characters are not allowed.',
  fieldSurrogateCharacters: 'Surrogate characters are not allowed: {code_point}.',
  fieldNotAnInteger: VERIFICATION_MESSAGES.fieldNotAnInteger,
  fieldNotANumber: 'A valid number is required.',
  fieldInvalidChoice: '"{input}" is not a valid choice.',
  usernameTaken: 'A user with that username already exists.',
  fieldTaken: 'user with this {field_label} already exists.',
  passwordsDoNotMatch: "Passwords don't match",
  userWithoutEmail: 'User without email cannot be verified',
} satisfies Record<string, MessageTemplate>;

export type RegisterMessageKey = keyof typeof REGISTER_MESSAGES;

/** Puts a register text in words; the default is the English text. */
export type RegisterMessageFormatter = (key: RegisterMessageKey, params?: MessageParams) => string;

/** 400 `{"detail":"User without email cannot be verified"}` (register with verification on, no address). */
export class UserWithoutEmailNonverifiable extends BadRequest {
  constructor(detail: string = REGISTER_MESSAGES.userWithoutEmail) {
    super(detail);
  }
}
