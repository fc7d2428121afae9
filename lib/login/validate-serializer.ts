import type { Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { type FieldErrors, ValidationFailed } from '../errors/exceptions.js';
import { assertShallow } from './body-depth.js';
import { DEFAULT_REGISTRATION_MESSAGES, type RegistrationMessages } from '../messages/registration-messages.js';
import { fieldMessageKey } from './serializer-fields.js';

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function pythonTypeName(value: unknown): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return typeof value;
}

function toFieldErrors(errors: ValidationError[], messages: RegistrationMessages, request: unknown): FieldErrors {
  const result: FieldErrors = {};
  for (const error of errors) {
    if (error.constraints) {
      result[error.property] = Object.entries(error.constraints).map(([constraint, text]) => {
        const key = fieldMessageKey(constraint);
        return key === undefined ? text : messages.format(key, undefined, request);
      });
    } else if (error.children?.length) {
      result[error.property] = toFieldErrors(error.children, messages, request);
    }
  }
  return result;
}

/**
 * The body as an object: a missing body counts as `{}`; a body nested too deep or that is not an
 * object throws `ValidationFailed` (`non_field_errors`, DRF's "Invalid data" answer).
 */
export function objectBody(
  body: unknown,
  messages: RegistrationMessages = DEFAULT_REGISTRATION_MESSAGES,
  request?: unknown,
): object {
  const data = body === undefined || body === null ? {} : body;
  assertShallow(data);
  if (typeof data !== 'object' || Array.isArray(data)) {
    const params = { datatype: pythonTypeName(data) };
    throw new ValidationFailed({ non_field_errors: [messages.format('invalidData', params, request)] });
  }
  return data;
}

/**
 * Validates a request body with a class-validator DTO and answers in DRF's shape. A missing body counts
 * as `{}`; a body that is not an object gets `non_field_errors`; keys the DTO does not declare are dropped.
 * The messages of `CharField` and `BooleanField` are written once, by key, from `messages` (the module's
 * `messages` setting) in the language of `request` when translations are configured.
 */
export async function validateSerializer<T extends object>(
  cls: Type<T>,
  body: unknown,
  messages: RegistrationMessages = DEFAULT_REGISTRATION_MESSAGES,
  request?: unknown,
  /** DRF's `partial=True` (PATCH): only the properties the body has are checked. */
  options: { partial?: boolean } = {},
): Promise<T> {
  const data = objectBody(body, messages, request);
  const plain: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (!UNSAFE_KEYS.has(key)) plain[key] = value;
  }
  const instance = plainToInstance(cls, plain);
  const found = await validate(instance, {
    whitelist: true,
    forbidUnknownValues: false,
    validationError: { target: false, value: false },
  });
  const errors = options.partial ? found.filter((error) => Object.hasOwn(plain, error.property)) : found;
  if (errors.length > 0) {
    throw new ValidationFailed(toFieldErrors(errors, messages, request));
  }
  return instance;
}
