import { formatMessage, type MessageParams } from '../messages/default-messages.js';
import { PASSWORD_VALIDATION_MESSAGES } from '../messages/flow-messages.js';

export { PASSWORD_VALIDATION_MESSAGES };

export type PasswordValidationMessageKey = keyof typeof PASSWORD_VALIDATION_MESSAGES;

/** One of the built-in messages by key, so that it can be put in the request's language. */
export interface PasswordValidationMessage {
  key: PasswordValidationMessageKey;
  params?: MessageParams;
}

/** What a validator reports: nothing when the password is fine, else its problems (texts or keyed messages). */
export type PasswordProblems = ReadonlyArray<string | PasswordValidationMessage>;

/**
 * A password rule. `validate` returns the problems it finds (an empty list when the password passes)
 * instead of throwing, so that all validators run and every message reaches the client in one answer,
 * as Django's `validate_password` collects them. `user` is the user the password is for: for register
 * the unsaved entity built from the input, for reset and change the stored user. The password is given
 * exactly as sent (never trimmed). A host's validator returns plain texts.
 */
export interface PasswordValidator {
  validate(password: string, user?: object): PasswordProblems | Promise<PasswordProblems>;
}

/** Turns a keyed message into text; the default is the English text. */
export type PasswordMessageFormatter = (key: PasswordValidationMessageKey, params?: MessageParams) => string;

export const formatPasswordMessage: PasswordMessageFormatter = (key, params) =>
  formatMessage(PASSWORD_VALIDATION_MESSAGES[key], params);

/** Runs every validator in order and returns all their messages in one list (empty: the password passes). */
export async function validatePassword(
  validators: readonly PasswordValidator[],
  password: string,
  user?: object,
  format: PasswordMessageFormatter = formatPasswordMessage,
): Promise<string[]> {
  const messages: string[] = [];
  for (const validator of validators) {
    for (const problem of await validator.validate(password, user)) {
      messages.push(typeof problem === 'string' ? problem : format(problem.key, problem.params));
    }
  }
  return messages;
}
