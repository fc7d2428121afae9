import { Inject, Injectable } from '@nestjs/common';
import type { ObjectLiteral } from 'typeorm';
import { type FieldErrors, ValidationFailed } from '../errors/exceptions.js';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import { validateSerializer } from '../login/validate-serializer.js';
import { RegistrationMessages } from '../messages/registration-messages.js';
import { REGISTRATION_CONFIGURATION } from '../registration.constants.js';
import { RegistrationUsers } from '../users/registration-users.service.js';
import { assertObjectBody, formatFieldErrors, readFields } from '../user-serializer/field-errors.js';
import type { FieldMessage } from '../user-serializer/field-values.js';
import { type ProfileSerializerSpec, profileSerializerFromMetadata, writableColumns } from './profile-fields.js';

/**
 * Reads a profile body into the column values to write: with the serializer generated from the entity
 * (default) or the host's `profileSerializerClass`; `partial` for PATCH. Read-only and unknown keys are
 * ignored; answers `ValidationFailed` (400) otherwise.
 */
@Injectable()
export class ProfileInput {
  private cachedSpec?: ProfileSerializerSpec;
  private cachedWritable?: Set<string>;

  constructor(
    @Inject(REGISTRATION_CONFIGURATION) private readonly configuration: RegistrationConfiguration,
    private readonly users: RegistrationUsers,
    private readonly messages: RegistrationMessages,
  ) {}

  /** The generated profile serializer (also what every answer shows). */
  get spec(): ProfileSerializerSpec {
    this.cachedSpec ??= profileSerializerFromMetadata(this.users.metadata, this.configuration);
    return this.cachedSpec;
  }

  /** Whether another user than `user` holds `value` in the unique column `property` (DRF's `UniqueValidator`). */
  private takenByOther(user: ObjectLiteral) {
    const id = this.users.getId(user);
    return async (property: string, value: unknown): Promise<boolean> =>
      (await this.users.findByField(property, value)).some((row) => this.users.getId(row) !== id);
  }

  private format(request: unknown) {
    return (message: FieldMessage) => this.messages.format(message.key, message.params, request);
  }

  async read(body: unknown, request: unknown, user: ObjectLiteral, partial: boolean): Promise<ObjectLiteral> {
    if (this.configuration.profileSerializerClass) return this.readWithClass(body, request, user, partial);
    await assertObjectBody(body, this.messages, request);
    const { fields } = this.spec;
    const data = (body ?? {}) as Record<string, unknown>;
    const { values, errors } = await readFields(fields, data, { isTaken: this.takenByOther(user), partial });
    if (errors.size > 0) throw new ValidationFailed(formatFieldErrors(fields, errors, this.format(request)));
    const result: ObjectLiteral = {};
    for (const field of fields) if (field.name in values) result[field.property!] = values[field.name];
    return result;
  }

  /** The host's DTO, its writable columns only (those sent, for PATCH), then uniqueness of the unique ones. */
  private async readWithClass(
    body: unknown,
    request: unknown,
    user: ObjectLiteral,
    partial: boolean,
  ): Promise<ObjectLiteral> {
    const cls = this.configuration.profileSerializerClass!;
    const data = (await validateSerializer(cls, body, this.messages, request, { partial })) as ObjectLiteral;
    const sent = (body ?? {}) as Record<string, unknown>;
    this.cachedWritable ??= writableColumns(this.users.metadata, this.configuration);
    const values: ObjectLiteral = {};
    for (const property of this.cachedWritable) {
      if (data[property] === undefined || (partial && !Object.hasOwn(sent, property))) continue;
      values[property] = data[property];
    }
    const isTaken = this.takenByOther(user);
    const errors: FieldErrors = {};
    for (const field of this.spec.fields) {
      const value = values[field.property!] as unknown;
      if (!field.uniqueMessage || value === undefined || value === null || value === '') continue;
      if (await isTaken(field.property!, value))
        errors[field.property!] = [this.format(request)({ ...field.uniqueMessage, register: true })];
    }
    if (Object.keys(errors).length > 0) throw new ValidationFailed(errors);
    return values;
  }

  /**
   * The answer to a unique constraint that refused `values` although the check passed (a collation
   * that calls two values equal): the uniqueness message of the first unique field written.
   */
  takenError(values: ObjectLiteral, request: unknown): ValidationFailed | undefined {
    const field = this.spec.fields.find((candidate) => candidate.uniqueMessage && candidate.property! in values);
    if (!field) return undefined;
    return new ValidationFailed({ [field.name]: [this.format(request)({ ...field.uniqueMessage!, register: true })] });
  }
}
