import type { RegistrationRouteName } from '../interfaces/register-settings.interface.js';
import { type Check, type CheckContext, type CheckProblem, problem } from './check.js';
import { linkFlowOn, metadataOf, MIN_SECRET_BYTES, registerSendsMail } from './registration.checks.js';

function served(context: CheckContext, route: RegistrationRouteName): boolean {
  return context.settings.extras.routes.includes(route);
}

/** Whether send-reset-password-link sends e-mails with the default template machinery (upstream's "sends emails (RESET_PASSWORD)"). */
function resetSendsMail(context: CheckContext): boolean {
  return served(context, 'send-reset-password-link') && context.settings.resetPasswordVerificationEnabled;
}

/** Whether a reset-password route makes or checks signed links. */
function resetLinksOn(context: CheckContext): boolean {
  return (
    context.settings.resetPasswordVerificationEnabled &&
    (served(context, 'send-reset-password-link') || served(context, 'reset-password'))
  );
}

/** E084: send-reset-password-link and reset-password are served together. */
export const checkResetPasswordRoutes: Check = (context) => {
  const link = served(context, 'send-reset-password-link');
  const reset = served(context, 'reset-password');
  if (link === reset) return [];
  const [has, lacks] = link
    ? ['send-reset-password-link', 'reset-password']
    : ['reset-password', 'send-reset-password-link'];
  return [
    problem(
      'E084',
      `routes has ${has} but not ${lacks}; ${link ? 'its links would lead nowhere' : 'nothing would send its links'}.`,
      `Add '${lacks}' to routes, or leave '${has}' out.`,
    ),
  ];
};

/**
 * E001 (no reset URL while the default URL builder makes the link), E004, E007, E081 (as for register,
 * reported once when both flows lack the same), E080 (secret key), E013 (the e-mail body on a
 * non-unique e-mail column).
 */
export const checkResetPasswordVerification: Check = (context) => {
  const s = context.settings;
  const problems: CheckProblem[] = [];
  const registerMails = registerSendsMail(context);
  if (resetSendsMail(context)) {
    if (!s.resetPasswordVerificationUrl && s.verificationUrlBuilder.name === 'buildDefaultVerificationUrl')
      problems.push(
        problem(
          'E001',
          'resetPasswordVerificationUrl is not set.',
          "Set resetPasswordVerificationUrl to the front-end page that posts the link's data with the new password to reset-password (e.g. 'https://app.example/reset-password/'), or set resetPasswordVerificationEnabled: false.",
        ),
      );
    if (!s.verificationFromEmail && !registerMails)
      problems.push(
        problem(
          'E004',
          'verificationFromEmail is not set.',
          "Set verificationFromEmail to the sender address, e.g. 'no-reply@example.com'.",
        ),
      );
    const template = s.resetPasswordVerificationEmailTemplates as unknown;
    if (template !== null && typeof template !== 'function')
      problems.push(
        problem(
          'E007',
          `resetPasswordVerificationEmailTemplates is invalid: ${typeof template}, not a function.`,
          'Give a function (context, format) => ({ subject, text, html? }), or leave it out for the default template.',
        ),
      );
    if (s.mailer === null && !s.mailTransport && !registerMails)
      problems.push(
        problem(
          'E081',
          'send-reset-password-link sends e-mails, but mailTransport is not set (and no mailer replaces the default).',
          "Set mailTransport to an SMTP URL ('smtp://user:pass@smtp.example:587') or nodemailer options, or set mailer to your own RegistrationMailer class.",
        ),
      );
  }
  if (resetLinksOn(context) && !linkFlowOn(context)) {
    const keys = [s.secretKey, ...s.secretKeyFallbacks];
    if (keys.some((key) => typeof key !== 'string' || Buffer.byteLength(key) < MIN_SECRET_BYTES))
      problems.push(
        problem(
          'E080',
          s.secretKey
            ? `secretKey (or one of secretKeyFallbacks) is shorter than ${MIN_SECRET_BYTES} bytes.`
            : 'A route with signed links is on, but secretKey is not set.',
          "Set secretKey to at least 32 random bytes kept secret, e.g. from the environment (node -e \"console.log(require('crypto').randomBytes(48).toString('base64url'))\"); use your Django SECRET_KEY to accept links a DRR backend sent.",
        ),
      );
  }
  problems.push(...checkResetEmailUnique(context));
  return problems;
};

/** E013: the `{email}` body looks users up by an e-mail column that may repeat. */
function checkResetEmailUnique(context: CheckContext): CheckProblem[] {
  const s = context.settings;
  if (!served(context, 'send-reset-password-link') || !s.sendResetPasswordLinkSerializerUseEmail) return [];
  if (s.sendResetPasswordLinkSerializerClass !== null || s.sendResetPasswordLinkUserFinder !== null) return [];
  const metadata = metadataOf(context);
  if (!metadata) return [];
  const column = metadata.findColumnWithPropertyName(s.userEmailField);
  const unique =
    column !== undefined &&
    (column.isPrimary ||
      metadata.indices.some((index) => index.isUnique && index.columns.length === 1 && index.columns[0] === column) ||
      metadata.uniques.some((constraint) => constraint.columns.length === 1 && constraint.columns[0] === column));
  if (unique) return [];
  return [
    problem(
      'E013',
      `sendResetPasswordLinkSerializerUseEmail is set but the e-mail field ${metadata.name}.${s.userEmailField} is ${column ? 'not unique' : 'not a column'}.`,
      `Mark ${metadata.name}.${s.userEmailField} unique (@Column({ unique: true })), or set sendResetPasswordLinkSerializerUseEmail: false.`,
    ),
  ];
}

/** E086: `verificationRedirects` is given for the reset redirect, but one of its two URLs is missing. */
export const checkResetPasswordRedirects: Check = (context) => {
  const redirects = context.settings.verificationRedirects;
  if (!redirects || !served(context, 'reset-password')) return [];
  const missing = (['resetPasswordSuccessUrl', 'resetPasswordFailureUrl'] as const).filter(
    (key) => typeof redirects[key] !== 'string' || redirects[key] === '',
  );
  if (missing.length !== 1) return [];
  return [
    problem(
      'E086',
      `verificationRedirects has no ${missing[0]}, so the reset-password redirect cannot answer.`,
      'Give both resetPasswordSuccessUrl and resetPasswordFailureUrl (absolute URLs of your front end).',
    ),
  ];
};
