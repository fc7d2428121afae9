import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { ObjectLiteral } from 'typeorm';
import { mapDatabaseOutage } from '../database/database-unavailable.js';
import { RegistrationHttpException, UserNotFound } from '../errors/exceptions.js';
import type { HttpRequest } from '../http/http.js';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import { validateSerializer } from '../login/validate-serializer.js';
import { RegistrationMessages } from '../messages/registration-messages.js';
import { RegistrationLinks } from '../register/index.js';
import { REGISTRATION_CONFIGURATION } from '../registration.constants.js';
import { EmailAlreadyRegistered, EmailChanges } from './email-changes.js';
import { VerifyEmailData } from './email-field.js';
import { RegisterEmailLinks } from './register-email-links.js';

/** `POST <prefix>/verify-email` and its redirect (upstream's `process_verify_email_data`). */
@Injectable()
export class VerifyEmailService {
  constructor(
    @Inject(REGISTRATION_CONFIGURATION) private readonly configuration: RegistrationConfiguration,
    private readonly links: RegisterEmailLinks,
    private readonly userLinks: RegistrationLinks,
    private readonly changes: EmailChanges,
    private readonly messages: RegistrationMessages,
  ) {}

  /** The API route's answer: `{"detail":"Email verified successfully"}`. */
  async verify(body: unknown, request: HttpRequest): Promise<{ detail: string }> {
    await this.change(body, request);
    return { detail: this.messages.format('emailVerified', undefined, request) };
  }

  /**
   * Checks in upstream's order (404 when the flow is off; the fields, the e-mail among them; the
   * signature; the period; a unique column that holds the address; the user, which must be verified
   * while register verification is on) and stores the new address. Returns the user.
   */
  change(body: unknown, request: HttpRequest): Promise<ObjectLiteral> {
    if (!this.configuration.registerEmailVerificationEnabled)
      throw new RegistrationHttpException({ key: 'notFound' }, HttpStatus.NOT_FOUND);
    return mapDatabaseOutage(async () => {
      const data = await validateSerializer(VerifyEmailData, body, this.messages, request);
      this.links.verify(data);
      this.changes.checkLength(data.email, request);
      if (await this.changes.taken(data.email)) throw new EmailAlreadyRegistered();
      const user = await this.userLinks.find(data.user_id);
      if (user === null || !this.verified(user)) throw new UserNotFound();
      await this.changes.change(user, data.email, request);
      return user;
    });
  }

  /** Upstream's `require_verified=True`: the verification flag is set, while register verification is on. */
  private verified(user: ObjectLiteral): boolean {
    const flag = this.configuration.userVerificationFlagField;
    if (!this.configuration.registerVerificationEnabled || flag === null) return true;
    return user[flag] === true || user[flag] === 1;
  }
}
