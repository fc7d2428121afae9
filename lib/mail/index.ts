export { MailDeliveryFailed, type MailFailureDetails } from './mail-delivery-failed.js';
export {
  type ComposeMailOptions,
  composeVerificationMail,
  DEFAULT_MAIL_TEMPLATES,
  escapeHtml,
  formatMailMessage,
  MAIL_MESSAGES,
  type MailContext,
  type MailMessageFormatter,
  type MailMessageKey,
  type MailTemplate,
  type MailTemplateName,
  mailTemplateName,
  type RenderedMail,
} from './mail-templates.js';
export { type MailTransportOptions, NodemailerRegistrationMailer } from './nodemailer-mailer.js';
export { type RegistrationMailMessage, RegistrationMailer } from './registration-mailer.js';
