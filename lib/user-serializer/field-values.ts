import { parseBoolean } from '../login/serializer-fields.js';
import { DEFAULT_MESSAGES, formatMessage, type RegistrationMessageKey } from '../messages/default-messages.js';
import { parsePythonInteger } from '../verification/integer-field.js';
import { isValidEmail } from './email-validator.js';
import type { RegisterField } from './user-fields.js';
import { REGISTER_FIELD_MESSAGES as REGISTER_MESSAGES, type RegisterMessageKey } from './field-messages.js';

/** One field message by key: one of the module's messages or one of the register texts. */
export type FieldMessage =
  | { key: RegistrationMessageKey; params?: Record<string, string | number> }
  | { key: RegisterMessageKey; params?: Record<string, string | number>; register: true };

/** The outcome of reading one field: a value, nothing (missing and optional), or messages. */
export type FieldOutcome = { value: unknown } | { skip: true } | { errors: FieldMessage[] };

const USERNAME = /^[\p{L}\p{N}_.@+-]+$/u;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const own = (key: RegisterMessageKey, params?: Record<string, string | number>): FieldMessage => ({
  key,
  register: true,
  ...(params ? { params } : {}),
});

/** The text of a field message in English (the wiring formats them with the `messages` setting). */
export function defaultFieldText(message: FieldMessage): string {
  return 'register' in message
    ? formatMessage(REGISTER_MESSAGES[message.key], message.params)
    : formatMessage(DEFAULT_MESSAGES[message.key], message.params);
}

function codePoints(text: string): number {
  let count = 0;
  for (const _char of text) count++;
  return count;
}

/** DRF's `CharField.to_internal_value` (and `EmailField`'s "invalid" text for a wrong type). */
function readString(raw: unknown, field: RegisterField): string | FieldMessage {
  if (typeof raw === 'boolean' || (typeof raw !== 'string' && typeof raw !== 'number')) {
    return field.kind === 'email' ? own('fieldInvalidEmail') : { key: 'fieldNotAString' };
  }
  const text = String(raw);
  return field.trim ? text.trim() : text;
}

/**
 * The validators DRF's `ModelSerializer` gives a string column, in its order: the username rule, then
 * uniqueness (`unique`, filled in by the caller), max length, null and surrogate characters, e-mail.
 */
export function stringValidators(
  value: string,
  field: RegisterField,
): { before: FieldMessage[]; after: FieldMessage[] } {
  const before: FieldMessage[] = [];
  const after: FieldMessage[] = [];
  if (field.username && !USERNAME.test(value)) before.push(own('fieldInvalidUsername'));
  if (field.maxLength !== undefined && codePoints(value) > field.maxLength)
    after.push(own('fieldTooLong', { max_length: field.maxLength }));
  if (value.includes('\0')) after.push(own('fieldNullCharacters'));
  const surrogate = LONE_SURROGATE.exec(value);
  if (surrogate)
    after.push(
      own('fieldSurrogateCharacters', { code_point: `U+${surrogate[0].charCodeAt(0).toString(16).toUpperCase()}` }),
    );
  if (field.kind === 'email' && !isValidEmail(value)) after.push(own('fieldInvalidEmail'));
  return { before, after };
}

function readNumber(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string' || raw.length > 1000 || raw.trim() === '') return undefined;
  const value = Number(raw.trim());
  return Number.isFinite(value) ? value : undefined;
}

/**
 * Reads one field as DRF does before the validators run: missing, null, the type, blank. Strings
 * come back as `{ value }` for `stringValidators`; other kinds are converted (`integer` to a number,
 * or the canonical text when beyond 2^53).
 */
export function readField(body: Readonly<Record<string, unknown>>, field: RegisterField): FieldOutcome {
  const raw = Object.prototype.hasOwnProperty.call(body, field.name) ? body[field.name] : undefined;
  if (raw === undefined) return field.required ? { errors: [{ key: 'fieldRequired' }] } : { skip: true };
  if (raw === null) return field.allowNull ? { value: null } : { errors: [{ key: 'fieldNull' }] };
  switch (field.kind) {
    case 'boolean': {
      const value = parseBoolean(raw);
      return value === undefined ? { errors: [{ key: 'fieldNotABoolean' }] } : { value };
    }
    case 'integer': {
      const text = parsePythonInteger(raw);
      if (text === undefined) return { errors: [own('fieldNotAnInteger')] };
      const value = Number(text);
      return { value: Number.isSafeInteger(value) ? value : text };
    }
    case 'number': {
      const value = readNumber(raw);
      return value === undefined ? { errors: [own('fieldNotANumber')] } : { value };
    }
    case 'choice': {
      const text = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : undefined;
      if (text === undefined || !field.choices?.includes(text))
        return { errors: [own('fieldInvalidChoice', { input: text ?? JSON.stringify(raw) })] };
      return { value: text };
    }
    default: {
      const value = readString(raw, field);
      if (typeof value !== 'string') return { errors: [value] };
      if (value === '') return field.allowBlank ? { value } : { errors: [{ key: 'fieldBlank' }] };
      return { value };
    }
  }
}
