import type { Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { type FieldErrors, type FieldMessageRef, ValidationFailed } from '../errors/exceptions.js';
import { DEFAULT_MESSAGES, type RegistrationMessageKey } from '../messages/default-messages.js';
import { DEFAULT_REGISTRATION_MESSAGES, type RegistrationMessages } from '../messages/registration-messages.js';

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function pythonTypeName(value: unknown): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return typeof value;
}

/** The field messages of `CharField`, `BooleanField` and `IntegerField`, by their default text. */
const FIELD_MESSAGE_KEYS = new Map<string, RegistrationMessageKey>(
  (
    [
      'fieldRequired',
      'fieldNull',
      'fieldBlank',
      'fieldNotAString',
      'fieldNotABoolean',
      'fieldNotAnInteger',
      'fieldIntegerStringTooLong',
    ] as const
  ).map((key) => [DEFAULT_MESSAGES[key] as string, key]),
);

function toFieldErrors(
  errors: ValidationError[],
  messages: RegistrationMessages,
  request: unknown,
  refs: FieldMessageRef[],
): FieldErrors {
  const result: FieldErrors = {};
  for (const error of errors) {
    if (error.constraints) {
      const list = Object.values(error.constraints);
      list.forEach((text, index) => {
        const key = FIELD_MESSAGE_KEYS.get(text);
        if (key === undefined) return;
        refs.push({ list, index, key });
        if (messages.overridden) list[index] = messages.format(key, undefined, request);
      });
      result[error.property] = list;
    } else if (error.children?.length) {
      result[error.property] = toFieldErrors(error.children, messages, request, refs);
    }
  }
  return result;
}

/**
 * Validates a request body with a class-validator DTO and answers in DRF's shape. A missing body counts
 * as `{}`; a body that is not an object gets `non_field_errors`; keys the DTO does not declare are dropped.
 * The messages of `CharField` and `BooleanField` follow `messages` (the module's `messages` setting), in
 * the language of `request` when translations are configured.
 */
export async function validateSerializer<T extends object>(
  cls: Type<T>,
  body: unknown,
  messages: RegistrationMessages = DEFAULT_REGISTRATION_MESSAGES,
  request?: unknown,
): Promise<T> {
  const data = body === undefined || body === null ? {} : body;
  if (typeof data !== 'object' || Array.isArray(data)) {
    const params = { datatype: pythonTypeName(data) };
    const list = [messages.format('invalidData', params, request)];
    throw new ValidationFailed({ non_field_errors: list }, [{ list, index: 0, key: 'invalidData', params }]);
  }
  const plain: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (!UNSAFE_KEYS.has(key)) plain[key] = value;
  }
  const instance = plainToInstance(cls, plain);
  const errors = await validate(instance, {
    whitelist: true,
    forbidUnknownValues: false,
    validationError: { target: false, value: false },
  });
  if (errors.length > 0) {
    const refs: FieldMessageRef[] = [];
    throw new ValidationFailed(toFieldErrors(errors, messages, request, refs), refs);
  }
  return instance;
}
