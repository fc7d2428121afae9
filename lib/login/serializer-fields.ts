import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';
import { DEFAULT_MESSAGES, type RegistrationMessageKey } from '../messages/default-messages.js';

type FieldMessageKey = 'fieldRequired' | 'fieldNull' | 'fieldBlank' | 'fieldNotAString' | 'fieldNotABoolean';

const CONSTRAINT_PREFIX = 'registration:';

/**
 * The message key of a constraint of `CharField` or `BooleanField` (each failure is its own constraint,
 * named after its key), so the module's pipes write the text in the request's language directly.
 */
export function fieldMessageKey(constraint: string): RegistrationMessageKey | undefined {
  if (!constraint.startsWith(CONSTRAINT_PREFIX)) return undefined;
  const key = constraint.slice(CONSTRAINT_PREFIX.length);
  return Object.prototype.hasOwnProperty.call(DEFAULT_MESSAGES, key) ? (key as RegistrationMessageKey) : undefined;
}

/**
 * A validator for the values that fail with `key` (a constraint named after it); outside the module's
 * pipes its text is upstream's English. Also used by `IntegerField`.
 */
export function failsWith(key: RegistrationMessageKey, fails: (value: unknown) => boolean): PropertyDecorator {
  return ValidateBy({
    name: `${CONSTRAINT_PREFIX}${key}`,
    validator: { validate: (value: unknown) => !fails(value), defaultMessage: () => DEFAULT_MESSAGES[key] as string },
  });
}

export interface CharFieldOptions {
  /** Strip surrounding white space before validating. @default true */
  trim?: boolean;
  /** Accept an empty string. @default false */
  allowBlank?: boolean;
  /** Accept a missing value. @default true */
  required?: boolean;
}

function charFieldError(value: unknown, options: CharFieldOptions): FieldMessageKey | null {
  if (value === undefined) return options.required === false ? null : 'fieldRequired';
  if (value === null) return 'fieldNull';
  if (typeof value !== 'string') return 'fieldNotAString';
  if (value === '' && !options.allowBlank) return 'fieldBlank';
  return null;
}

const CHAR_FIELD_KEYS: readonly FieldMessageKey[] = ['fieldRequired', 'fieldNull', 'fieldNotAString', 'fieldBlank'];

/**
 * A string field validated as Django REST framework's `CharField` is: numbers become strings; arrays,
 * objects and booleans are "Not a valid string."; missing, null and blank values each get DRF's message.
 */
export function CharField(options: CharFieldOptions = {}): PropertyDecorator {
  const trim = options.trim ?? true;
  const transform = Transform(({ value }: { value: unknown }) => {
    let result = value;
    if (typeof result === 'number' && Number.isFinite(result)) result = String(result);
    if (typeof result === 'string' && trim) result = result.trim();
    return result;
  });
  // At most one of them fails for a value, so a field gets one message, as in DRF.
  const validators = CHAR_FIELD_KEYS.map((key) => failsWith(key, (value) => charFieldError(value, options) === key));
  return (target, key) => {
    transform(target, key as string);
    for (const validate of validators) validate(target, key as string);
  };
}

const TRUE_VALUES = new Set(['true', 't', 'yes', 'y', 'on', '1']);
const FALSE_VALUES = new Set(['false', 'f', 'no', 'n', 'off', '0']);

/** `true`/`false`, or a string or number DRF's `BooleanField` accepts; `undefined` for anything else. */
export function parseBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (TRUE_VALUES.has(lower)) return true;
    if (FALSE_VALUES.has(lower)) return false;
  }
  return undefined;
}

function booleanFieldError(value: unknown): FieldMessageKey | null {
  if (value === undefined || typeof value === 'boolean') return null;
  if (value === null) return 'fieldNull';
  return 'fieldNotABoolean';
}

const BOOLEAN_FIELD_KEYS: readonly FieldMessageKey[] = ['fieldNull', 'fieldNotABoolean'];

/**
 * An optional boolean validated as DRF's `BooleanField` is: `true/false`, `1/0`, `yes/no`, `on/off`,
 * `t/f`, `y/n` in any case; `null` is "This field may not be null.", anything else "Must be a valid boolean.".
 */
export function BooleanField(): PropertyDecorator {
  const transform = Transform(({ value }: { value: unknown }) => {
    const parsed = parseBoolean(value);
    return parsed === undefined ? value : parsed;
  });
  const validators = BOOLEAN_FIELD_KEYS.map((key) => failsWith(key, (value) => booleanFieldError(value) === key));
  return (target, key) => {
    transform(target, key as string);
    for (const validate of validators) validate(target, key as string);
  };
}
