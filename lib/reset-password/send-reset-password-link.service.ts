import { HttpStatus, Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import type { ObjectLiteral } from 'typeorm';
import { mapDatabaseOutage } from '../database/database-unavailable.js';
import { RegistrationHttpException, UserNotFound } from '../errors/exceptions.js';
import { Throttled } from '../errors/throttled.exception.js';
import { RegistrationEvent, RegistrationEvents, type RequestInfo, requestInfo } from '../events/registration-events.js';
import type { HttpRequest } from '../http/http.js';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import { validateSerializer } from '../login/validate-serializer.js';
import { MailDeliveryFailed } from '../mail/mail-delivery-failed.js';
import { composeVerificationMail, formatMailMessage, type MailMessageFormatter } from '../mail/mail-templates.js';
import { RegistrationMailer } from '../mail/registration-mailer.js';
import { RESET_PASSWORD_MESSAGES } from '../messages/reset-password-messages.js';
import { RegistrationMessages } from '../messages/registration-messages.js';
import { REGISTRATION_CONFIGURATION } from '../registration.constants.js';
import { LoginThrottler } from '../throttling/login-throttler.js';
import { RegistrationUsers } from '../users/registration-users.service.js';
import { ResetPasswordLinks } from './reset-password-links.js';
import {
  DefaultSendResetPasswordLinkSerializer,
  SendResetPasswordLinkEmailSerializer,
} from './reset-password.serializers.js';
import {
  findResetPasswordTarget,
  type ResetLinkTarget,
  resetLinkSelectors,
  targetOf,
} from './reset-password-user-finder.js';

type ResetMailKey = keyof typeof RESET_PASSWORD_MESSAGES;

/**
 * Longest wait before a message is composed and handed to the mailer: the work lands on a random later
 * request, not on the one right after a known user's, which a prober could time.
 */
const MAX_HAND_OFF_DELAY_MS = 200;

/** The hand-off of an answer that mails nobody. */
const nothingToDeliver = (): Promise<void> => Promise.resolve();

/** The per-login budget's name in the throttle storage. */
export const RESET_LINK_PER_LOGIN = 'registration-sendResetPasswordLink-login';

/**
 * `POST <prefix>/send-reset-password-link` (upstream's `SendResetPasswordLinkView`). The answer does
 * not wait for the e-mail and costs the same whether the user exists, is inactive or has no address:
 * the same lookups (raw values, no entity made), the same throttle counts, the same hand-off; the user
 * is read, the link signed and the message composed and handed to the mailer after the answer (after a
 * random delay of up to 200 ms), and a failure is logged and emitted (`registration.mail.failed`),
 * never shown.
 */
@Injectable()
export class SendResetPasswordLinkService implements OnModuleDestroy {
  private readonly logger = new Logger('Registration');
  /** Messages waiting for their hand-off, sent at once when the module stops. */
  private readonly waiting = new Map<NodeJS.Timeout, () => Promise<void>>();

  constructor(
    @Inject(REGISTRATION_CONFIGURATION) private readonly configuration: RegistrationConfiguration,
    private readonly users: RegistrationUsers,
    private readonly links: ResetPasswordLinks,
    private readonly mailer: RegistrationMailer,
    private readonly messages: RegistrationMessages,
    private readonly events: RegistrationEvents,
    private readonly throttler: LoginThrottler,
  ) {}

  send(body: unknown, request: HttpRequest): Promise<{ detail: string }> {
    const c = this.configuration;
    if (!c.resetPasswordVerificationEnabled)
      throw new RegistrationHttpException({ key: 'notFound' }, HttpStatus.NOT_FOUND);
    return mapDatabaseOutage(async () => {
      // A plain object of the validated fields, for the finder.
      const data: Record<string, unknown> = {
        ...(await validateSerializer(this.serializerClass(), body, this.messages, request)),
      };
      const user = await this.findTarget(data);
      await this.countPerLogin(data, user);
      // Every answer schedules a hand-off, a no-op when there is nobody to mail: the work on the request
      // path (the request's details, the random delay, the timer) is then the same whoever the body names.
      this.deliverLater(user !== null && this.hasAddress(user.address) ? user.id : null, request);
      if (!c.resetPasswordFailWhenUserNotFound)
        return { detail: this.messages.format('resetLinkSentIfUserExists', undefined, request) };
      if (user === null) throw new UserNotFound();
      return { detail: this.messages.format('resetLinkSent', undefined, request) };
    });
  }

  private serializerClass() {
    const c = this.configuration;
    if (c.sendResetPasswordLinkSerializerClass) return c.sendResetPasswordLinkSerializerClass;
    return c.sendResetPasswordLinkSerializerUseEmail
      ? SendResetPasswordLinkEmailSerializer
      : DefaultSendResetPasswordLinkSerializer;
  }

  /** Who the body names: raw values only on the request path (a found row costs what none costs). */
  private async findTarget(data: Record<string, unknown>): Promise<ResetLinkTarget | null> {
    const emailField = this.configuration.userEmailField;
    const finder = this.configuration.sendResetPasswordLinkUserFinder;
    if (!finder) return findResetPasswordTarget(data, this.users, emailField);
    try {
      const user = (await finder(data, { users: this.users })) as ObjectLiteral | null | undefined;
      return user ? targetOf(user, this.users, emailField) : null;
    } catch (error) {
      if (error instanceof UserNotFound) return null;
      throw error;
    }
  }

  /** A user without an address gets no message (Django drops a message to `''`). */
  private hasAddress(value: unknown): value is string {
    return typeof value === 'string' && value.trim() !== '';
  }

  /**
   * The per-login budget: each value of the body (trimmed, lower-cased) and the user it names (a
   * stand-in key for nobody, so that known and unknown values cost the same storage calls).
   */
  private async countPerLogin(data: Record<string, unknown>, user: ResetLinkTarget | null): Promise<void> {
    const budgets = this.configuration.registrationThrottle;
    const limit = budgets === false ? false : budgets.sendResetPasswordLinkPerLogin;
    if (limit === false) return;
    const values = new Set(
      resetLinkSelectors(data, this.users, this.configuration.userEmailField).map(([, value]) =>
        String(value).trim().toLowerCase(),
      ),
    );
    const keys = [...values].map((value) => `login\0${value}`);
    keys.push(user === null ? `none\0${[...values].join('\0')}` : `account\0${user.id}`);
    let wait: number | undefined;
    for (const key of keys) {
      const over = await this.throttler.hit(RESET_LINK_PER_LOGIN, key, limit);
      if (over !== undefined) wait = Math.max(wait ?? 0, over);
    }
    if (wait !== undefined) throw new Throttled(wait);
  }

  /**
   * Reads the user, signs the link, composes and sends the message, once the answer is on its way;
   * with no `id` (nobody to mail), the same steps on the request path and nothing when the timer fires.
   */
  private deliverLater(id: string | null, request: HttpRequest): void {
    const info = requestInfo(request);
    const format: MailMessageFormatter = (key, params) =>
      key in RESET_PASSWORD_MESSAGES
        ? this.messages.format(key as ResetMailKey, params, request)
        : formatMailMessage(key, params);
    const run = id === null ? nothingToDeliver : () => this.deliver(id, info, format);
    const timer = setTimeout(
      () => {
        this.waiting.delete(timer);
        void run();
      },
      randomInt(MAX_HAND_OFF_DELAY_MS + 1),
    );
    this.waiting.set(timer, run);
  }

  /** Hands over the messages still waiting, so that stopping the app loses none. */
  async onModuleDestroy(): Promise<void> {
    const pending = [...this.waiting.entries()];
    this.waiting.clear();
    for (const [timer] of pending) clearTimeout(timer);
    await Promise.all(pending.map(([, run]) => run()));
  }

  private async deliver(id: string, info: RequestInfo, format: MailMessageFormatter): Promise<void> {
    const c = this.configuration;
    let user: ObjectLiteral = { [this.users.idField]: id };
    try {
      const found = await this.users.findById(id);
      if (!found) return;
      user = found;
      const address = user[c.userEmailField] as unknown;
      if (!this.hasAddress(address)) return;
      const message = await composeVerificationMail(
        'reset-password',
        { user, email: address, verificationUrl: this.links.url(user) },
        {
          from: c.verificationFromEmail ?? '',
          replyTo: c.verificationReplyToEmail,
          templates: c.resetPasswordVerificationEmailTemplates
            ? { resetPassword: c.resetPasswordVerificationEmailTemplates }
            : {},
          format,
        },
      );
      await this.mailer.send(message);
    } catch (error) {
      const failure = error instanceof MailDeliveryFailed ? error : new MailDeliveryFailed(error);
      this.logger.error(`Reset password link: ${failure.message}; user ${id}`);
      this.events.emit(RegistrationEvent.MailFailed, {
        flow: 'reset-password',
        user: this.users.withoutSecrets(user),
        details: { ...failure.details },
        request: info,
      });
    }
  }
}
