import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ObjectLiteral } from 'typeorm';
import { getRequestAuth } from '../auth-token/request-auth.js';
import { mapDatabaseOutage } from '../database/database-unavailable.js';
import { NotAuthenticated } from '../errors/exceptions.js';
import { RegistrationEvent, RegistrationEvents, requestInfo } from '../events/registration-events.js';
import type { HttpRequest } from '../http/http.js';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import { validateSerializer } from '../login/validate-serializer.js';
import { MailDeliveryFailed } from '../mail/mail-delivery-failed.js';
import { composeVerificationMail, formatMailMessage, type MailMessageKey } from '../mail/mail-templates.js';
import { RegistrationMailer } from '../mail/registration-mailer.js';
import { REGISTER_EMAIL_MAIL_KEYS } from '../messages/register-email-messages.js';
import { RegistrationMessages } from '../messages/registration-messages.js';
import { REGISTRATION_CONFIGURATION } from '../registration.constants.js';
import { RegistrationUsers } from '../users/registration-users.service.js';
import { EmailAlreadyRegistered, EmailChanges } from './email-changes.js';
import { DefaultRegisterEmailSerializer } from './email-field.js';
import { RegisterEmailLinks } from './register-email-links.js';

const MAIL_KEYS: ReadonlySet<string> = new Set(REGISTER_EMAIL_MAIL_KEYS);

/** The user the request was authenticated as (by `LogoutAuthGuard`, the session or a host guard). */
function authenticatedUser(request: HttpRequest): ObjectLiteral {
  const user = getRequestAuth(request)?.user ?? request.user;
  if (typeof user !== 'object' || user === null) throw new NotAuthenticated();
  return user as ObjectLiteral;
}

/** `POST <prefix>/register-email` (upstream's `RegisterEmailView`). */
@Injectable()
export class RegisterEmailService {
  private readonly logger = new Logger('Registration');

  constructor(
    @Inject(REGISTRATION_CONFIGURATION) private readonly configuration: RegistrationConfiguration,
    private readonly users: RegistrationUsers,
    private readonly links: RegisterEmailLinks,
    private readonly changes: EmailChanges,
    private readonly mailer: RegistrationMailer,
    private readonly messages: RegistrationMessages,
    private readonly events: RegistrationEvents,
  ) {}

  /**
   * With verification on: a link to the new address (or, when a unique e-mail column holds it already,
   * upstream's "already in use" notice instead), handed to the mailer after the answer, so that both
   * cases answer the same 200 in the same time; the stored address stays. Off: the address changes at once.
   */
  registerEmail(body: unknown, request: HttpRequest): Promise<{ detail: string }> {
    return mapDatabaseOutage(async () => {
      const user = authenticatedUser(request);
      const serializer = this.configuration.registerEmailSerializerClass ?? DefaultRegisterEmailSerializer;
      const data = (await validateSerializer(serializer, body, this.messages, request)) as { email?: unknown };
      const email = String(data.email);
      this.changes.checkLength(email, request);
      const alreadyUsed = await this.changes.taken(email);
      if (this.configuration.registerEmailVerificationEnabled) {
        setImmediate(() => void this.send(user, email, alreadyUsed, request));
      } else {
        if (alreadyUsed) throw new EmailAlreadyRegistered();
        await this.changes.change(await this.current(user), email, request);
      }
      return { detail: this.messages.format('registerEmailLinkSent', undefined, request) };
    });
  }

  /** The user's row as stored now (the authenticated object may be a cached or partial copy). */
  private async current(user: ObjectLiteral): Promise<ObjectLiteral> {
    const idField = this.users.idField;
    return (await this.users.repository.findOne({ where: { [idField]: user[idField] } })) ?? user;
  }

  /** Composes and sends the message; a refusal is logged and emitted (`registration.mail.failed`), never answered. */
  private async send(user: ObjectLiteral, email: string, emailAlreadyUsed: boolean, request: HttpRequest) {
    const c = this.configuration;
    try {
      const message = await composeVerificationMail(
        'register-email',
        {
          user,
          email,
          emailAlreadyUsed,
          ...(emailAlreadyUsed ? {} : { verificationUrl: this.links.url(user, email) }),
        },
        {
          from: c.verificationFromEmail ?? '',
          replyTo: c.verificationReplyToEmail,
          templates: c.registerEmailVerificationEmailTemplates
            ? {
                registerEmail: c.registerEmailVerificationEmailTemplates,
                registerEmailAlreadyUsed: c.registerEmailVerificationEmailTemplates,
              }
            : {},
          format: (key: MailMessageKey, params) =>
            MAIL_KEYS.has(key)
              ? this.messages.format(key as (typeof REGISTER_EMAIL_MAIL_KEYS)[number], params, request)
              : formatMailMessage(key, params),
        },
      );
      await this.mailer.send(message);
    } catch (error) {
      const failure = error instanceof MailDeliveryFailed ? error : new MailDeliveryFailed(error);
      this.logger.error(`Register email: ${failure.message} (user ${this.users.getId(user)})`);
      try {
        this.events.emit(RegistrationEvent.MailFailed, {
          flow: 'register-email',
          user: this.users.withoutSecrets(user),
          details: { ...failure.details },
          request: requestInfo(request),
        });
      } catch {
        // An event that cannot be built must not become an unhandled rejection.
      }
    }
  }
}
