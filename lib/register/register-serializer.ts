import type { FieldErrors } from '../errors/exceptions.js';
import { ValidationFailed } from '../errors/exceptions.js';
import type { RegistrationMessages } from '../messages/registration-messages.js';
import {
  formatPasswordMessage,
  type PasswordMessageFormatter,
  type PasswordValidator,
  validatePassword,
} from '../passwords/password-validator.js';
import { assertObjectBody, formatFieldErrors, readFields, type UniqueLookup } from '../user-serializer/field-errors.js';
import { defaultFieldText, type FieldMessage } from '../user-serializer/field-values.js';
import type { RegisterSerializerSpec } from '../user-serializer/user-fields.js';

export type { UniqueLookup };

/** What validation needs besides the body. */
export interface RegisterValidationOptions {
  /** Checks unique columns; without it uniqueness is left to the database. */
  isTaken?: UniqueLookup;
  /** `passwordValidators`; none by default here (the module passes Django's four). */
  passwordValidators?: readonly PasswordValidator[];
  /** Texts of field messages (default English). */
  formatField?: (message: FieldMessage) => string;
  /** Texts of the built-in password validators (default English). */
  formatPassword?: PasswordMessageFormatter;
  /** The module's messages and the request, for the answer to a body that is not an object. */
  messages?: RegistrationMessages;
  request?: unknown;
}

/** The valid input: entity values by property (without the password) and the password as sent. */
export interface RegisterValues {
  ok: true;
  values: Record<string, unknown>;
  password: string;
}

/** DRF-shaped errors, in field order, written with `formatField` / `formatPassword`. */
export interface RegisterErrors {
  ok: false;
  errors: FieldErrors;
}

function failure(error: unknown): RegisterErrors {
  if (!(error instanceof ValidationFailed)) throw error;
  return { ok: false, errors: error.errors };
}

/**
 * Validates a register body against a generated serializer, as upstream's register serializer does:
 * field errors (type, blank, null, required, username rule, uniqueness, length, e-mail) in field order;
 * once every field is valid, the password validators (seeing the unsaved user) and the confirmation
 * together, answered with upstream's empty `non_field_errors`. Unknown and hidden keys are ignored.
 */
export async function validateRegisterBody(
  spec: RegisterSerializerSpec,
  body: unknown,
  options: RegisterValidationOptions = {},
): Promise<RegisterValues | RegisterErrors> {
  try {
    await assertObjectBody(body, options.messages, options.request);
  } catch (error) {
    return failure(error);
  }
  const data = (body ?? {}) as Record<string, unknown>;
  const { values: read, errors } = await readFields(spec.fields, data, { isTaken: options.isTaken });
  const formatField = options.formatField ?? defaultFieldText;
  if (errors.size > 0) return { ok: false, errors: formatFieldErrors(spec.fields, errors, formatField) };
  const { password, password_confirm: confirm, ...values } = read;
  const user: Record<string, unknown> = {};
  for (const field of spec.fields) {
    if (field.property !== null && field.kind !== 'password' && field.name in values)
      user[field.property] = values[field.name];
  }
  const passwordMessages = await validatePassword(
    options.passwordValidators ?? [],
    String(password),
    user,
    options.formatPassword ?? formatPasswordMessage,
  );
  const mismatch = spec.passwordConfirm && password !== confirm;
  if (passwordMessages.length > 0 || mismatch) {
    const body: FieldErrors = {};
    if (passwordMessages.length > 0) body.password = passwordMessages;
    if (mismatch) body.password_confirm = [formatField({ key: 'passwordsDoNotMatch', register: true })];
    body.non_field_errors = [];
    return { ok: false, errors: body };
  }
  return { ok: true, values: user, password: String(password) };
}

/** `ValidationFailed` (400) for the errors of {@link validateRegisterBody}. */
export function registerValidationFailed(result: RegisterErrors): ValidationFailed {
  return new ValidationFailed(result.errors);
}

/** Upstream's check after the serializer, with verification on: the new user needs an e-mail address. */
export function hasVerifiableEmail(values: Readonly<Record<string, unknown>>, emailField: string): boolean {
  const email = values[emailField];
  return typeof email === 'string' && email !== '';
}
