import { Inject, Injectable } from '@nestjs/common';
import type { FieldErrors } from '../errors/exceptions.js';
import { ValidationFailed } from '../errors/exceptions.js';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import { validateSerializer } from '../login/validate-serializer.js';
import { RegistrationMessages } from '../messages/registration-messages.js';
import { validatePassword } from '../passwords/password-validator.js';
import { REGISTRATION_CONFIGURATION } from '../registration.constants.js';
import { RegistrationUsers } from '../users/registration-users.service.js';
import type { FieldMessage } from '../user-serializer/field-values.js';
import { userSerializerOptions } from '../user-serializer/serializer-options.js';
import {
  type RegisterSerializerOptions,
  type RegisterSerializerSpec,
  registerSerializerFromMetadata,
} from '../user-serializer/user-fields.js';
import { registerValidationFailed, type RegisterValues, validateRegisterBody } from './register-serializer.js';

/** A valid register body: the new user's column values and the password as sent. */
export type RegisterInputValues = Omit<RegisterValues, 'ok'>;

/** What the generated serializer is made from, by the settings (also read by check E085). */
export function registerSpecOptions(c: RegistrationConfiguration): RegisterSerializerOptions {
  return { ...userSerializerOptions(c), passwordConfirm: c.registerSerializerPasswordConfirm };
}

/**
 * Reads a register body: with the serializer generated from the entity (default) or the host's
 * `registerSerializerClass`, then the password validators; answers `ValidationFailed` (400) otherwise.
 */
@Injectable()
export class RegisterInput {
  private cachedSpec?: RegisterSerializerSpec;

  constructor(
    @Inject(REGISTRATION_CONFIGURATION) private readonly configuration: RegistrationConfiguration,
    private readonly users: RegistrationUsers,
    private readonly messages: RegistrationMessages,
  ) {}

  /** The generated serializer (also what the default output shows). */
  get spec(): RegisterSerializerSpec {
    this.cachedSpec ??= registerSerializerFromMetadata(this.users.metadata, registerSpecOptions(this.configuration));
    return this.cachedSpec;
  }

  private isTaken = async (property: string, value: unknown): Promise<boolean> =>
    (await this.users.findByField(property, value)).length > 0;

  async read(body: unknown, request: unknown): Promise<RegisterInputValues> {
    const format = (message: FieldMessage) => this.messages.format(message.key, message.params, request);
    if (this.configuration.registerSerializerClass) return this.readWithClass(body, request, format);
    const result = await validateRegisterBody(this.spec, body, {
      isTaken: this.isTaken,
      passwordValidators: this.configuration.passwordValidators,
      formatField: format,
      formatPassword: (key, params) => this.messages.format(key, params, request),
      messages: this.messages,
      request,
    });
    if (!result.ok) throw registerValidationFailed(result);
    return { values: result.values, password: result.password };
  }

  /** The host's DTO, then uniqueness of the unique columns it fills, then the validators and the confirmation. */
  private async readWithClass(
    body: unknown,
    request: unknown,
    format: (message: FieldMessage) => string,
  ): Promise<RegisterInputValues> {
    const data = {
      ...(await validateSerializer(this.configuration.registerSerializerClass!, body, this.messages, request)),
    };
    const { password, password_confirm: confirm, ...values } = data as Record<string, unknown>;
    const errors: FieldErrors = {};
    for (const field of this.spec.fields) {
      const value = field.property === null ? undefined : values[field.property];
      if (
        field.uniqueMessage &&
        value !== undefined &&
        value !== null &&
        value !== '' &&
        (await this.isTaken(field.property!, value))
      )
        errors[field.property!] = [format({ ...field.uniqueMessage, register: true })];
    }
    if (Object.keys(errors).length > 0) throw new ValidationFailed(errors);
    const text = typeof password === 'string' ? password : '';
    const problems = await validatePassword(this.configuration.passwordValidators, text, values, (key, params) =>
      this.messages.format(key, params, request),
    );
    const mismatch = 'password_confirm' in data && confirm !== password;
    if (problems.length > 0 || mismatch) {
      const answer: FieldErrors = {};
      if (problems.length > 0) answer.password = problems;
      if (mismatch) answer.password_confirm = [format({ key: 'passwordsDoNotMatch', register: true })];
      answer.non_field_errors = [];
      throw new ValidationFailed(answer);
    }
    return { values, password: text };
  }
}
