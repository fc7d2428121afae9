import { getMetadataStorage } from 'class-validator';
import type { EntityMetadata } from 'typeorm';
import { isClass } from '../http/reflection.js';
import type { RegistrationRouteName } from '../interfaces/register-settings.interface.js';
import { type Check, type CheckContext, type CheckProblem, problem } from './check.js';

const MIN_SECRET_BYTES = 32;

function served(context: CheckContext, route: RegistrationRouteName): boolean {
  return context.settings.extras.routes.includes(route);
}

/** Whether register sends verification e-mails (its own checks then report the shared mail settings). */
function registerSendsMail(context: CheckContext): boolean {
  const s = context.settings;
  return served(context, 'register') && s.registerFlowEnabled && s.registerVerificationEnabled;
}

/** Whether register-email sends links (upstream's "sends emails (REGISTER_EMAIL)"). */
function registerEmailSendsMail(context: CheckContext): boolean {
  return served(context, 'register-email') && context.settings.registerEmailVerificationEnabled;
}

function metadataOf({ settings, dataSource }: CheckContext): EntityMetadata | undefined {
  return typeof settings.userEntity === 'function' && dataSource.hasMetadata(settings.userEntity)
    ? dataSource.getMetadata(settings.userEntity)
    : undefined;
}

/** E084: verify-email checks the links register-email sends, so it needs that route. */
export const checkRegisterEmailRoutes: Check = (context) =>
  served(context, 'verify-email') && !served(context, 'register-email')
    ? [
        problem(
          'E084',
          'routes has verify-email but not register-email, which sends its links.',
          "Add 'register-email' to routes, or leave 'verify-email' out.",
        ),
      ]
    : [];

/**
 * E003 and E007 (upstream's ids), and for register-email the mail and key checks register makes for its own
 * flow (E004, E081, E080), reported once when both flows need the same setting.
 */
export const checkRegisterEmailVerification: Check = (context) => {
  const s = context.settings;
  const problems: CheckProblem[] = [];
  const sends = registerEmailSendsMail(context);
  if (sends && !s.registerEmailVerificationUrl && s.verificationUrlBuilder.name === 'buildDefaultVerificationUrl')
    problems.push(
      problem(
        'E003',
        'register email verification is enabled, but registerEmailVerificationUrl is not set.',
        "Set registerEmailVerificationUrl to the front-end page that posts the link's data to verify-email (e.g. 'https://app.example/verify-email/'), or set registerEmailVerificationEnabled: false.",
      ),
    );
  const template = s.registerEmailVerificationEmailTemplates as unknown;
  if (sends && template !== null && typeof template !== 'function')
    problems.push(
      problem(
        'E007',
        `registerEmailVerificationEmailTemplates is invalid: ${typeof template}, not a function.`,
        'Give a function (context, format) => ({ subject, text, html? }) (context.emailAlreadyUsed tells the notice from the link), or leave it out for the default templates.',
      ),
    );
  if (sends && !registerSendsMail(context)) {
    if (!s.verificationFromEmail)
      problems.push(
        problem(
          'E004',
          'verificationFromEmail is not set.',
          "Set verificationFromEmail to the sender address, e.g. 'no-reply@example.com'.",
        ),
      );
    if (s.mailer === null && !s.mailTransport)
      problems.push(
        problem(
          'E081',
          'register-email sends verification e-mails, but mailTransport is not set (and no mailer replaces the default).',
          "Set mailTransport to an SMTP URL ('smtp://user:pass@smtp.example:587') or nodemailer options, or set mailer to your own RegistrationMailer class.",
        ),
      );
  }
  const registerLinks =
    registerSendsMail(context) || (served(context, 'verify-registration') && s.registerVerificationEnabled);
  const emailLinks = sends || (served(context, 'verify-email') && s.registerEmailVerificationEnabled);
  if (emailLinks && !registerLinks) {
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

/** E012 (upstream's id): `registerEmailSerializerClass` is a class-validator DTO with an `email` property. */
export const checkRegisterEmailSerializer: Check = (context) => {
  const serializer = context.settings.registerEmailSerializerClass as unknown;
  if (serializer === null || !served(context, 'register-email')) return [];
  const fields = isClass(serializer)
    ? new Set(
        getMetadataStorage()
          .getTargetValidationMetadatas(serializer, '', true, false)
          .map((entry) => entry.propertyName),
      )
    : undefined;
  if (fields?.has('email')) return [];
  return [
    problem(
      'E012',
      fields
        ? `registerEmailSerializerClass (${(serializer as Function).name}) does not contain email field.`
        : `registerEmailSerializerClass is ${String(serializer)}, not a class.`,
      'Give a class-validator DTO with a validated `email` property (e.g. extend DefaultRegisterEmailSerializer), or leave it out.',
    ),
  ];
};

/** E089: register-email and verify-email store the address in the e-mail column, which the entity must have. */
export const checkRegisterEmailColumn: Check = (context) => {
  const metadata = metadataOf(context);
  if (!metadata || !(served(context, 'register-email') || served(context, 'verify-email'))) return [];
  const field = context.settings.userEmailField;
  const columns = metadata.columns.map((column) => column.propertyName);
  if (columns.includes(field)) return [];
  return [
    problem(
      'E089',
      `register-email and verify-email change the e-mail column, but ${metadata.name} has no column "${field}".`,
      `Set userEmailField to the column that holds the address (columns: ${columns.join(', ')}), or leave 'register-email' and 'verify-email' out of routes.`,
    ),
  ];
};

/** E092: `verificationRedirects` is given for the served verify-email redirect, but one of its two URLs is missing. */
export const checkVerifyEmailRedirect: Check = (context) => {
  const redirects = context.settings.verificationRedirects;
  if (!redirects || !served(context, 'verify-email')) return [];
  const missing = (['verifyEmailSuccessUrl', 'verifyEmailFailureUrl'] as const).filter(
    (key) => typeof redirects[key] !== 'string' || redirects[key] === '',
  );
  if (missing.length !== 1) return [];
  return [
    problem(
      'E092',
      `verificationRedirects has no ${missing[0]}, so the verify-email redirect cannot answer.`,
      'Give both verifyEmailSuccessUrl and verifyEmailFailureUrl (absolute URLs of your front end).',
    ),
  ];
};

/** The register-email checks, in the order their problems are listed. */
export const REGISTER_EMAIL_CHECKS: Check[] = [
  checkRegisterEmailRoutes,
  checkRegisterEmailVerification,
  checkRegisterEmailSerializer,
  checkRegisterEmailColumn,
  checkVerifyEmailRedirect,
];
