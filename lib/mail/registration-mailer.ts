/** One verification message, ready to hand to a transport. */
export interface RegistrationMailMessage {
  to: string;
  from: string;
  /** Default: the `from` address (as upstream's `reply_to`). */
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
}

/**
 * Sends the module's e-mails; also the DI token. The default is `NodemailerRegistrationMailer`; a host
 * provides its own class (a queue, an API, a console printer) with `{ provide: RegistrationMailer,
 * useClass: MyMailer }`. `send` resolves once the transport has accepted the message and rejects
 * with `MailDeliveryFailed` (or any error) when it has not: register then answers 503 and keeps no user.
 */
export abstract class RegistrationMailer {
  abstract send(message: RegistrationMailMessage): Promise<void>;
}
