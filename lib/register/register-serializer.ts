import type { FieldErrors } from '../errors/exceptions.js';
import { ValidationFailed } from '../errors/exceptions.js';
import { validateSerializer } from '../login/validate-serializer.js';
import type { RegistrationMessages } from '../messages/registration-messages.js';
import {
  formatPasswordMessage,
  type PasswordMessageFormatter,
  type PasswordValidator,
  validatePassword,
} from '../passwords/password-validator.js';
import { defaultFieldText, type FieldMessage, readField, stringValidators } from './register-field-values.js';
import type { RegisterSerializerSpec } from './register-fields.js';

/** Whether a value of a unique column is taken (the uniqueness step; a database query). */
export type UniqueLookup = (property: string, value: unknown) => Promise<boolean>;

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

/** Has no fields: validating with it gives the module's answer to a body that is not an object. */
class NoFields {}

function failure(error: unknown): RegisterErrors {
  if (!(error instanceof ValidationFailed)) throw error;
  return { ok: false, errors: error.errors };
}

async function fieldErrors(
  spec: RegisterSerializerSpec,
  body: Readonly<Record<string, unknown>>,
  options: RegisterValidationOptions,
  values: Record<string, unknown>,
): Promise<Map<string, FieldMessage[]>> {
  const errors = new Map<string, FieldMessage[]>();
  for (const field of spec.fields) {
    if (field.readOnly) continue;
    const outcome = readField(body, field);
    if ('skip' in outcome) continue;
    if ('errors' in outcome) {
      errors.set(field.name, outcome.errors);
      continue;
    }
    const { value } = outcome;
    if (value === null || value === '') {
      values[field.name] = value;
      continue;
    }
    const { before, after } = typeof value === 'string' ? stringValidators(value, field) : { before: [], after: [] };
    const messages = [...before];
    if (field.uniqueMessage !== undefined && field.property !== null && options.isTaken) {
      if (await options.isTaken(field.property, value)) messages.push({ key: 'fieldTaken', register: true });
    }
    messages.push(...after);
    if (messages.length > 0) errors.set(field.name, messages);
    else values[field.name] = value;
  }
  return errors;
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
    await validateSerializer(NoFields, body, options.messages, options.request);
  } catch (error) {
    return failure(error);
  }
  const data = (body ?? {}) as Record<string, unknown>;
  const read: Record<string, unknown> = {};
  const errors = await fieldErrors(spec, data, options, read);
  const formatField = options.formatField ?? defaultFieldText;
  if (errors.size > 0) {
    const body: FieldErrors = {};
    for (const field of spec.fields) {
      const messages = errors.get(field.name);
      if (!messages) continue;
      const list = messages.map((message) =>
        formatField(
          message.key === 'fieldTaken' && field.uniqueMessage ? { ...field.uniqueMessage, register: true } : message,
        ),
      );
      body[field.name] = list;
    }
    return { ok: false, errors: body };
  }
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
