import { type Check, type CheckContext, type CheckProblem, problem } from './check.js';
import {
  metadataOf,
  redirectUrlProblems,
  secretKeyProblems,
  senderProblems,
  sendsMail,
  served,
  templateProblems,
  transportProblems,
} from './link-flows.js';

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
  if (sendsMail(context, 'reset-password')) {
    if (!s.resetPasswordVerificationUrl && s.verificationUrlBuilder.name === 'buildDefaultVerificationUrl')
      problems.push(
        problem(
          'E001',
          'resetPasswordVerificationUrl is not set.',
          "Set resetPasswordVerificationUrl to the front-end page that posts the link's data with the new password to reset-password (e.g. 'https://app.example/reset-password/'), or set resetPasswordVerificationEnabled: false.",
        ),
      );
    problems.push(
      ...senderProblems(context, 'reset-password'),
      ...templateProblems('resetPasswordVerificationEmailTemplates', s.resetPasswordVerificationEmailTemplates),
      ...transportProblems(context, 'reset-password', 'send-reset-password-link sends e-mails'),
    );
  }
  problems.push(...secretKeyProblems(context, 'reset-password'), ...checkResetEmailUnique(context));
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
export const checkResetPasswordRedirects: Check = (context) =>
  redirectUrlProblems(context, 'E086', 'reset-password', ['resetPasswordSuccessUrl', 'resetPasswordFailureUrl']);
