import { formatMessage, type MessageParams } from '../messages/default-messages.js';
import { MAIL_MESSAGES } from '../messages/flow-messages.js';
import type { RegistrationMailMessage } from './registration-mailer.js';

export { MAIL_MESSAGES };

export type MailMessageKey = keyof typeof MAIL_MESSAGES;

/** Puts a mail text in words: the default is the English text; the wiring passes the `messages` setting's. */
export type MailMessageFormatter = (key: MailMessageKey, params: MessageParams) => string;

export const formatMailMessage: MailMessageFormatter = (key, params) => formatMessage(MAIL_MESSAGES[key], params);

/** What a template sees (upstream's template context). */
export interface MailContext {
  /** The user the message is about. */
  user: object;
  /** The address the message goes to (for register-email: the new address). */
  email: string;
  /** The signed link (absent for the e-mail-already-used notice). */
  verificationUrl?: string;
  /** register-email only: the new address already belongs to another account. */
  emailAlreadyUsed?: boolean;
}

/** A template's result: the subject (trimmed when sent), the text body and an optional HTML body. */
export interface RenderedMail {
  subject: string;
  text: string;
  html?: string;
}

/** One flow's template: a function of the context, given the formatter of the module's texts. */
export type MailTemplate = (context: MailContext, format: MailMessageFormatter) => RenderedMail | Promise<RenderedMail>;

/** The messages the module sends; each template can be replaced on its own. */
export type MailTemplateName = 'register' | 'resetPassword' | 'registerEmail' | 'registerEmailAlreadyUsed';

/** Django's `escape()`: `& < > " '`. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#x27' }[char]};`,
  );
}

function linkMail(subject: MailMessageKey, text: MailMessageKey): MailTemplate {
  return (context, format) => {
    const params = { verification_url: context.verificationUrl ?? '', email: escapeHtml(context.email) };
    return { subject: format(subject, params), text: format(text, params) };
  };
}

/** Upstream's default templates (text only, as upstream's defaults). */
export const DEFAULT_MAIL_TEMPLATES: Readonly<Record<MailTemplateName, MailTemplate>> = {
  register: linkMail('registerVerificationSubject', 'registerVerificationText'),
  resetPassword: linkMail('resetPasswordSubject', 'resetPasswordText'),
  registerEmail: linkMail('registerEmailSubject', 'registerEmailText'),
  registerEmailAlreadyUsed: linkMail('emailAlreadyUsedSubject', 'emailAlreadyUsedText'),
};

/** How a message is put together: sender addresses, replaced templates, the texts' formatter. */
export interface ComposeMailOptions {
  /** `verificationFromEmail`. */
  from: string;
  /** `verificationReplyToEmail`; default: `from`. */
  replyTo?: string | null;
  templates?: Partial<Record<MailTemplateName, MailTemplate>>;
  format?: MailMessageFormatter;
}

/** The template a flow's message uses: register-email switches to the already-used notice. */
export function mailTemplateName(
  flow: 'register' | 'reset-password' | 'register-email',
  context: MailContext,
): MailTemplateName {
  if (flow === 'register') return 'register';
  if (flow === 'reset-password') return 'resetPassword';
  return context.emailAlreadyUsed ? 'registerEmailAlreadyUsed' : 'registerEmail';
}

/** Renders one flow's message for `context.email`, as upstream's `create_verification_notification`. */
export async function composeVerificationMail(
  flow: 'register' | 'reset-password' | 'register-email',
  context: MailContext,
  options: ComposeMailOptions,
): Promise<RegistrationMailMessage> {
  const name = mailTemplateName(flow, context);
  const template = options.templates?.[name] ?? DEFAULT_MAIL_TEMPLATES[name];
  const rendered = await template(context, options.format ?? formatMailMessage);
  return {
    to: context.email,
    from: options.from,
    replyTo: options.replyTo ?? options.from,
    subject: rendered.subject.trim(),
    text: rendered.text,
    ...(rendered.html === undefined ? {} : { html: rendered.html }),
  };
}
