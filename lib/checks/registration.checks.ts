import type { EntityMetadata } from 'typeorm';
import type { RegistrationRouteName } from '../interfaces/register-settings.interface.js';
import { registerSerializerFromMetadata } from '../user-serializer/user-fields.js';
import { registerSpecOptions } from '../register/register-input.js';
import { ALL_ROUTES } from '../registration.constants.js';
import { type Check, type CheckContext, type CheckProblem, problem } from './check.js';

export const MIN_SECRET_BYTES = 32;

function served(context: CheckContext, route: RegistrationRouteName): boolean {
  return context.settings.extras.routes.includes(route);
}

/** Whether register sends verification e-mails (upstream's "sends emails (REGISTER)"). */
export function registerSendsMail(context: CheckContext): boolean {
  const s = context.settings;
  return served(context, 'register') && s.registerFlowEnabled && s.registerVerificationEnabled;
}

/** Whether a route that makes or checks signed links is on. */
export function linkFlowOn(context: CheckContext): boolean {
  return (
    registerSendsMail(context) ||
    (served(context, 'verify-registration') && context.settings.registerVerificationEnabled)
  );
}

export function metadataOf({ settings, dataSource }: CheckContext): EntityMetadata | undefined {
  return typeof settings.userEntity === 'function' && dataSource.hasMetadata(settings.userEntity)
    ? dataSource.getMetadata(settings.userEntity)
    : undefined;
}

/** E084: `routes` names known routes, and each route's partner is served (verify-registration needs register). */
export const checkRoutes: Check = (context) => {
  const problems: CheckProblem[] = [];
  const routes = context.settings.extras.routes;
  const unknown = routes.filter((route) => !ALL_ROUTES.includes(route));
  if (unknown.length > 0)
    problems.push(
      problem(
        'E084',
        `routes names ${unknown.map((route) => `"${route}"`).join(', ')}, which the module does not serve.`,
        `Use 'all' or a list of: ${ALL_ROUTES.join(', ')}.`,
      ),
    );
  if (served(context, 'verify-registration') && !served(context, 'register'))
    problems.push(
      problem(
        'E084',
        'routes has verify-registration but not register, which sends its links.',
        "Add 'register' to routes, or leave 'verify-registration' out.",
      ),
    );
  return problems;
};

/** E002, E004, E007 (upstream's ids), E080 (secret key), E081 (mail transport). */
export const checkRegisterVerification: Check = (context) => {
  const s = context.settings;
  const problems: CheckProblem[] = [];
  if (registerSendsMail(context)) {
    if (!s.registerVerificationUrl && s.verificationUrlBuilder.name === 'buildDefaultVerificationUrl')
      problems.push(
        problem(
          'E002',
          'register verification is enabled, but registerVerificationUrl is not set.',
          "Set registerVerificationUrl to the front-end page that posts the link's data to verify-registration (e.g. 'https://app.example/verify-user/'), or set registerVerificationEnabled: false.",
        ),
      );
    if (!s.verificationFromEmail)
      problems.push(
        problem(
          'E004',
          'verificationFromEmail is not set.',
          "Set verificationFromEmail to the sender address, e.g. 'no-reply@example.com'.",
        ),
      );
    const template = s.registerVerificationEmailTemplates as unknown;
    if (template !== null && typeof template !== 'function')
      problems.push(
        problem(
          'E007',
          `registerVerificationEmailTemplates is invalid: ${typeof template}, not a function.`,
          'Give a function (context, format) => ({ subject, text, html? }), or leave it out for the default template.',
        ),
      );
    if (s.mailer === null && !s.mailTransport)
      problems.push(
        problem(
          'E081',
          'register sends verification e-mails, but mailTransport is not set (and no mailer replaces the default).',
          "Set mailTransport to an SMTP URL ('smtp://user:pass@smtp.example:587') or nodemailer options, or set mailer to your own RegistrationMailer class.",
        ),
      );
  }
  if (linkFlowOn(context)) {
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
  return problems;
};

/** E082 (a field setting names no column), E083 (no e-mail column while verification is on), E085 (column types). */
export const checkRegisterFields: Check = (context) => {
  const metadata = metadataOf(context);
  if (!metadata || !(served(context, 'register') || served(context, 'verify-registration'))) return [];
  const s = context.settings;
  const problems: CheckProblem[] = [];
  const columns = metadata.columns.map((column) => column.propertyName);
  const named: Array<[string, readonly string[] | null]> = [
    ['userHiddenFields', s.userHiddenFields],
    ['userPublicFields', s.userPublicFields],
    ['userVerificationFlagField', s.userVerificationFlagField === null ? null : [s.userVerificationFlagField]],
    ['userVerificationIdField', s.userVerificationIdField === null ? null : [s.userVerificationIdField]],
  ];
  for (const [setting, fields] of named) {
    const missing = (fields ?? []).filter((field) => !columns.includes(field));
    if (missing.length > 0)
      problems.push(
        problem(
          'E082',
          `${setting} names ${missing.map((field) => `"${field}"`).join(', ')}, not ${missing.length === 1 ? 'a column' : 'columns'} of ${metadata.name}.`,
          `Use property names of ${metadata.name}'s columns: ${columns.join(', ')}.`,
        ),
      );
  }
  if (s.registerVerificationEnabled && !columns.includes(s.userEmailField))
    problems.push(
      problem(
        'E083',
        `Register verification is on, but ${metadata.name} has no e-mail column "${s.userEmailField}".`,
        `Set userEmailField to the column that holds the address (columns: ${columns.join(', ')}), or set registerVerificationEnabled: false.`,
      ),
    );
  if (served(context, 'register') && s.registerSerializerClass === null) {
    const { unsupported } = registerSerializerFromMetadata(metadata, registerSpecOptions(s));
    if (unsupported.length > 0)
      problems.push(
        problem(
          'E085',
          `The generated register serializer cannot read the column type of ${unsupported.map((field) => `${metadata.name}.${field}`).join(', ')}.`,
          `Add ${unsupported.length === 1 ? 'it' : 'them'} to userHiddenFields (or list the others in userPublicFields), or set registerSerializerClass to your own DTO.`,
        ),
      );
  }
  return problems;
};

/** E086: `verificationRedirects` is given for the served redirect, but one of its two URLs is missing. */
export const checkVerificationRedirects: Check = (context) => {
  const redirects = context.settings.verificationRedirects;
  if (!redirects || !served(context, 'verify-registration')) return [];
  const missing = (['verifyRegistrationSuccessUrl', 'verifyRegistrationFailureUrl'] as const).filter(
    (key) => typeof redirects[key] !== 'string' || redirects[key] === '',
  );
  if (missing.length === 0 || missing.length === 2) return [];
  return [
    problem(
      'E086',
      `verificationRedirects has no ${missing[0]}, so the verify-registration redirect cannot answer.`,
      'Give both verifyRegistrationSuccessUrl and verifyRegistrationFailureUrl (absolute URLs of your front end).',
    ),
  ];
};

/** W001 (logged, not fatal): auto-login with links that work more than once. */
export const checkAutoLogin: Check = (context) => {
  const s = context.settings;
  if (!served(context, 'verify-registration') || !s.registerVerificationAutoLogin || s.registerVerificationOneTimeUse)
    return [];
  return [
    problem(
      'W001',
      'registerVerificationAutoLogin is enabled, but registerVerificationOneTimeUse is not enabled. This can allow multiple logins using the verification url.',
      'Set registerVerificationOneTimeUse: true (the default).',
    ),
  ];
};
