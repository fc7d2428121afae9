import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import { MailDeliveryFailed } from './mail-delivery-failed.js';
import { plainMessage } from './plain-message.js';
import { type RegistrationMailMessage, RegistrationMailer } from './registration-mailer.js';

/** The `mailTransport` setting: an SMTP URL (`smtp://user:pass@host:587`) or nodemailer's SMTP options. */
export type MailTransportOptions = string | SMTPTransport.Options | SMTPPool.Options;

/**
 * The default mailer: SMTP through nodemailer. The transport is made once, when the mailer is, and
 * closed with `close()` (Nest calls `onModuleDestroy`). Any failure to hand over a message becomes
 * `MailDeliveryFailed`. A plain message (the default templates: ASCII text, bare addresses) is handed
 * to nodemailer already built (`plainMessage`), the others are composed by nodemailer; with `dkim` in
 * the transport options every message is composed by nodemailer.
 */
export class NodemailerRegistrationMailer extends RegistrationMailer {
  private readonly transporter: Transporter;
  private readonly prebuild: boolean;

  constructor(transport: MailTransportOptions) {
    super();
    this.transporter = nodemailer.createTransport(transport as SMTPTransport.Options);
    this.prebuild = typeof transport === 'string' || !('dkim' in transport);
  }

  async send(message: RegistrationMailMessage): Promise<void> {
    try {
      const plain = this.prebuild ? plainMessage(message) : undefined;
      await this.transporter.sendMail(
        plain ?? {
          from: message.from,
          to: message.to,
          replyTo: message.replyTo ?? message.from,
          subject: message.subject,
          text: message.text,
          ...(message.html === undefined ? {} : { html: message.html }),
        },
      );
    } catch (error) {
      throw new MailDeliveryFailed(error);
    }
  }

  close(): void {
    this.transporter.close();
  }

  onModuleDestroy(): void {
    this.close();
  }
}
