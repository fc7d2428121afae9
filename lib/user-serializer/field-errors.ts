import type { FieldErrors } from '../errors/exceptions.js';
import { objectBody } from '../login/validate-serializer.js';
import type { RegistrationMessages } from '../messages/registration-messages.js';
import { defaultFieldText, type FieldMessage, readField, stringValidators } from './field-values.js';
import type { RegisterField } from './user-fields.js';

/** Whether a value of a unique column is taken (the uniqueness step; a database query). */
export type UniqueLookup = (property: string, value: unknown) => Promise<boolean>;

/** How the writable fields are read. */
export interface ReadFieldsOptions {
  /** Checks unique columns; without it uniqueness is left to the database. */
  isTaken?: UniqueLookup;
  /** DRF's `partial=True` (PATCH): a missing field is skipped even when required. */
  partial?: boolean;
}

/** The values read by field name, and the messages of the fields that failed. */
export interface ReadFields {
  values: Record<string, unknown>;
  errors: Map<string, FieldMessage[]>;
}

/**
 * Throws `ValidationFailed` with DRF's `non_field_errors` answer when `body` is not an object: what
 * validating it with a DTO without fields answers, without class-transformer and class-validator.
 */
export async function assertObjectBody(body: unknown, messages?: RegistrationMessages, request?: unknown) {
  objectBody(body, messages, request);
}

/**
 * Reads the writable fields of a generated serializer as DRF's `ModelSerializer` does, in field order:
 * type, blank, null, required, the username rule, uniqueness, length, e-mail. Read-only fields and keys
 * that are no field are ignored.
 */
export async function readFields(
  fields: readonly RegisterField[],
  body: Readonly<Record<string, unknown>>,
  options: ReadFieldsOptions = {},
): Promise<ReadFields> {
  const values: Record<string, unknown> = {};
  const errors = new Map<string, FieldMessage[]>();
  for (const field of fields) {
    if (field.readOnly) continue;
    if (options.partial && !Object.prototype.hasOwnProperty.call(body, field.name)) continue;
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
  return { values, errors };
}

/** The messages of {@link readFields} as DRF's body, in field order; a taken value gets its column's text. */
export function formatFieldErrors(
  fields: readonly RegisterField[],
  errors: ReadonlyMap<string, FieldMessage[]>,
  formatField: (message: FieldMessage) => string = defaultFieldText,
): FieldErrors {
  const body: FieldErrors = {};
  for (const field of fields) {
    const messages = errors.get(field.name);
    if (!messages) continue;
    body[field.name] = messages.map((message) =>
      formatField(
        message.key === 'fieldTaken' && field.uniqueMessage ? { ...field.uniqueMessage, register: true } : message,
      ),
    );
  }
  return body;
}
