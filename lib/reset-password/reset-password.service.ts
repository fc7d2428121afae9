import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { ObjectLiteral } from 'typeorm';
import { mapDatabaseOutage } from '../database/database-unavailable.js';
import { type FieldErrors, RegistrationHttpException, UserNotFound, ValidationFailed } from '../errors/exceptions.js';
import { RegistrationEvent, RegistrationEvents, requestInfo } from '../events/registration-events.js';
import type { HttpRequest } from '../http/http.js';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import { validateSerializer } from '../login/validate-serializer.js';
import { RegistrationMessages } from '../messages/registration-messages.js';
import { validatePassword } from '../passwords/password-validator.js';
import { REGISTRATION_CONFIGURATION } from '../registration.constants.js';
import { RegistrationUsers } from '../users/registration-users.service.js';
import { ResetPasswordLinks } from './reset-password-links.js';
import { SignatureInvalid } from '../verification/verification.errors.js';
import { ResetPasswordConfirmSerializer, ResetPasswordSerializer } from './reset-password.serializers.js';

/** `POST <prefix>/reset-password` and its redirect (upstream's `process_reset_password_data`). */
@Injectable()
export class ResetPasswordService {
  /** The reset in progress per user: concurrent uses of one link in this process take turns. */
  private readonly resetting = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(REGISTRATION_CONFIGURATION) private readonly configuration: RegistrationConfiguration,
    private readonly users: RegistrationUsers,
    private readonly links: ResetPasswordLinks,
    private readonly messages: RegistrationMessages,
    private readonly events: RegistrationEvents,
  ) {}

  /** The API route: 200 `{"detail":"Reset password successful"}`. */
  reset(body: unknown, request: HttpRequest): Promise<{ detail: string }> {
    return mapDatabaseOutage(async () => {
      await this.apply(body, request);
      return { detail: this.messages.format('resetPasswordSuccessful', undefined, request) };
    });
  }

  /**
   * Checks in upstream's order (404 when the flow is off; the fields; the user of `user_id`; the
   * password validators with that user and the confirmation, with `"non_field_errors":[]`; the
   * signature; the period), then stores the new hash with `RegistrationUsers.setPassword`, which ends
   * every token of the user; its sessions end because they are bound to the old hash. Emits
   * `registration.password.reset`.
   */
  async apply(body: unknown, request: HttpRequest): Promise<ObjectLiteral> {
    const c = this.configuration;
    if (!c.resetPasswordVerificationEnabled)
      throw new RegistrationHttpException({ key: 'notFound' }, HttpStatus.NOT_FOUND);
    const serializer = c.resetPasswordSerializerPasswordConfirm
      ? ResetPasswordConfirmSerializer
      : ResetPasswordSerializer;
    const data = (await validateSerializer(serializer, body, this.messages, request)) as ResetPasswordConfirmSerializer;
    const user = await this.links.find(data.user_id);
    if (user === null) throw new UserNotFound();
    const problems = await validatePassword(c.passwordValidators, data.password, user, (key, params) =>
      this.messages.format(key, params, request),
    );
    const mismatch = c.resetPasswordSerializerPasswordConfirm && data.password_confirm !== data.password;
    if (problems.length > 0 || mismatch) {
      const errors: FieldErrors = {};
      if (problems.length > 0) errors.password = problems;
      if (mismatch) errors.password_confirm = [this.messages.format('passwordsDoNotMatch', undefined, request)];
      errors.non_field_errors = [];
      throw new ValidationFailed(errors);
    }
    this.links.verify(data, user);
    await this.exclusive(this.users.getId(user), async () => {
      // A concurrent use of the same one-time link may have changed the hash since it was checked.
      const current = await this.links.find(data.user_id);
      if (current === null) throw new UserNotFound();
      this.links.verify(data, current);
      // One-time links across instances: the hash is stored only if no other reset changed it first.
      const oneTime = c.resetPasswordVerificationOneTimeUse;
      if (!(await this.users.setPassword(current, data.password, { ifUnchanged: oneTime })))
        throw new SignatureInvalid();
      Object.assign(user, current);
    });
    this.events.emit(RegistrationEvent.PasswordReset, {
      user: this.users.withoutSecrets(user),
      request: requestInfo(request),
    });
    return user;
  }

  private async exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.resetting.get(key) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(work);
    this.resetting.set(key, current);
    try {
      return await current;
    } finally {
      if (this.resetting.get(key) === current) this.resetting.delete(key);
    }
  }
}
