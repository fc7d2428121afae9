import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { instanceToPlain, plainToInstance } from 'class-transformer';
import type { ObjectLiteral } from 'typeorm';
import { mapDatabaseOutage } from '../database/database-unavailable.js';
import { RegistrationHttpException, ServiceUnavailable } from '../errors/exceptions.js';
import { RegistrationEvent, RegistrationEvents, requestInfo } from '../events/registration-events.js';
import type { HttpRequest } from '../http/http.js';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import { MailDeliveryFailed } from '../mail/mail-delivery-failed.js';
import { composeVerificationMail, formatMailMessage } from '../mail/mail-templates.js';
import { RegistrationMailer } from '../mail/registration-mailer.js';
import { REGISTER_MAIL_MESSAGES } from '../messages/flow-messages.js';
import { RegistrationMessages } from '../messages/registration-messages.js';
import { PasswordHasher } from '../passwords/password-hasher.js';
import { REGISTRATION_CONFIGURATION } from '../registration.constants.js';
import { RegistrationUsers } from '../users/registration-users.service.js';
import { RegisterInput, type RegisterInputValues } from './register-input.js';
import { hasVerifiableEmail } from './register-serializer.js';
import { UserWithoutEmailNonverifiable } from './register.messages.js';
import { RegistrationLinks } from './registration-links.js';

type RegisterMailKey = keyof typeof REGISTER_MAIL_MESSAGES;

/** `POST <prefix>/register` (upstream's `RegisterView`, contract section 3 "Nothing half-done"). */
@Injectable()
export class RegisterService {
  private readonly logger = new Logger('Registration');

  constructor(
    @Inject(REGISTRATION_CONFIGURATION) private readonly configuration: RegistrationConfiguration,
    private readonly input: RegisterInput,
    private readonly users: RegistrationUsers,
    private readonly hasher: PasswordHasher,
    private readonly links: RegistrationLinks,
    private readonly mailer: RegistrationMailer,
    private readonly messages: RegistrationMessages,
    private readonly events: RegistrationEvents,
  ) {}

  /** The 201 body: the new user's profile. Field errors 400; a mailer that refuses 503 and no user kept. */
  register(body: unknown, request: HttpRequest): Promise<object> {
    if (!this.configuration.registerFlowEnabled)
      throw new RegistrationHttpException({ key: 'notFound' }, HttpStatus.NOT_FOUND);
    return mapDatabaseOutage(() => this.perform(body, request));
  }

  private async perform(body: unknown, request: HttpRequest): Promise<object> {
    const verification = this.configuration.registerVerificationEnabled;
    const input = await this.input.read(body, request);
    if (verification && !hasVerifiableEmail(input.values, this.configuration.userEmailField))
      throw new UserWithoutEmailNonverifiable();
    const user = await this.create(input, verification, body, request);
    if (verification) await this.sendVerification(user, request);
    this.events.emit(RegistrationEvent.UserRegistered, {
      user: this.users.withoutSecrets(user),
      request: requestInfo(request),
      verificationSent: verification,
    });
    return this.output(user);
  }

  /** Stores the user, verification flag off while verification is on; a lost uniqueness race answers as the check. */
  private async create(
    input: RegisterInputValues,
    verification: boolean,
    body: unknown,
    request: HttpRequest,
  ): Promise<ObjectLiteral> {
    const { userPasswordField, userVerificationFlagField: flag } = this.configuration;
    const values: ObjectLiteral = { ...input.values, [userPasswordField]: await this.hasher.hash(input.password) };
    if (flag !== null) values[flag] = !verification;
    try {
      return await this.users.insertUser(values);
    } catch (error) {
      // Another request took a unique value between the check and the insert: answer as the check does.
      await this.input.read(body, request);
      throw error;
    }
  }

  /** Hands the e-mail to the mailer; when it refuses, the user is deleted again and the answer is 503. */
  private async sendVerification(user: ObjectLiteral, request: HttpRequest): Promise<void> {
    const c = this.configuration;
    try {
      const message = await composeVerificationMail(
        'register',
        { user, email: String(user[c.userEmailField]), verificationUrl: this.links.url(user) },
        {
          from: c.verificationFromEmail ?? '',
          replyTo: c.verificationReplyToEmail,
          templates: c.registerVerificationEmailTemplates ? { register: c.registerVerificationEmailTemplates } : {},
          // The register texts are message keys (`messages`, translations); the other flows' stay English here.
          format: (key, params) =>
            key in REGISTER_MAIL_MESSAGES
              ? this.messages.format(key as RegisterMailKey, params, request)
              : formatMailMessage(key, params),
        },
      );
      await this.mailer.send(message);
    } catch (error) {
      await this.users.repository.delete({ [this.users.idField]: user[this.users.idField] });
      const failure = error instanceof MailDeliveryFailed ? error : new MailDeliveryFailed(error);
      this.logger.error(`Register: ${failure.message}; user ${this.users.getId(user)} was not kept`);
      this.events.emit(RegistrationEvent.MailFailed, {
        flow: 'register',
        user: this.users.withoutSecrets(user),
        details: { ...failure.details },
        request: requestInfo(request),
      });
      throw new ServiceUnavailable({ key: 'registerMailNotSent' });
    }
  }

  /** `registerOutputSerializerClass` (class-transformer, `@Expose()`d properties), else the generated profile fields. */
  private output(user: ObjectLiteral): object {
    const cls = this.configuration.registerOutputSerializerClass;
    if (cls) return instanceToPlain(plainToInstance(cls, { ...user }, { excludeExtraneousValues: true }));
    const body: Record<string, unknown> = {};
    for (const field of this.input.spec.fields) {
      if (field.kind !== 'password' && field.property !== null) body[field.name] = user[field.property] ?? null;
    }
    return body;
  }
}
