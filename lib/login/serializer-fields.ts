import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationArguments } from 'class-validator';
import { DEFAULT_MESSAGES } from '../messages/default-messages.js';

// Default texts; the module's pipes put the `messages` setting's texts in their place.
const REQUIRED = DEFAULT_MESSAGES.fieldRequired;
const NOT_NULL = DEFAULT_MESSAGES.fieldNull;
const NOT_BLANK = DEFAULT_MESSAGES.fieldBlank;
const NOT_A_STRING = DEFAULT_MESSAGES.fieldNotAString;
const NOT_A_BOOLEAN = DEFAULT_MESSAGES.fieldNotABoolean;

export interface CharFieldOptions {
  /** Strip surrounding white space before validating. @default true */
  trim?: boolean;
  /** Accept an empty string. @default false */
  allowBlank?: boolean;
  /** Accept a missing value. @default true */
  required?: boolean;
}

function charFieldError(value: unknown, options: CharFieldOptions): string | null {
  if (value === undefined) return options.required === false ? null : REQUIRED;
  if (value === null) return NOT_NULL;
  if (typeof value !== 'string') return NOT_A_STRING;
  if (value === '' && !options.allowBlank) return NOT_BLANK;
  return null;
}

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
  const validate = ValidateBy({
    name: 'drfCharField',
    validator: {
      validate: (value: unknown) => charFieldError(value, options) === null,
      defaultMessage: (args?: ValidationArguments) => charFieldError(args?.value, options) ?? '',
    },
  });
  return (target, key) => {
    transform(target, key as string);
    validate(target, key as string);
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

function booleanFieldError(value: unknown): string | null {
  if (value === undefined || typeof value === 'boolean') return null;
  if (value === null) return NOT_NULL;
  return NOT_A_BOOLEAN;
}

/**
 * An optional boolean validated as DRF's `BooleanField` is: `true/false`, `1/0`, `yes/no`, `on/off`,
 * `t/f`, `y/n` in any case; `null` is "This field may not be null.", anything else "Must be a valid boolean.".
 */
export function BooleanField(): PropertyDecorator {
  const transform = Transform(({ value }: { value: unknown }) => {
    const parsed = parseBoolean(value);
    return parsed === undefined ? value : parsed;
  });
  const validate = ValidateBy({
    name: 'drfBooleanField',
    validator: {
      validate: (value: unknown) => booleanFieldError(value) === null,
      defaultMessage: (args?: ValidationArguments) => booleanFieldError(args?.value) ?? '',
    },
  });
  return (target, key) => {
    transform(target, key as string);
    validate(target, key as string);
  };
}
