import { getMetadataStorage } from 'class-validator';
import { isClass } from '../http/reflection.js';
import { type Check, type CheckProblem, problem } from './check.js';
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
  if (sendsMail(context, 'register-email')) {
    if (!s.registerEmailVerificationUrl && s.verificationUrlBuilder.name === 'buildDefaultVerificationUrl')
      problems.push(
        problem(
          'E003',
          'register email verification is enabled, but registerEmailVerificationUrl is not set.',
          "Set registerEmailVerificationUrl to the front-end page that posts the link's data to verify-email (e.g. 'https://app.example/verify-email/'), or set registerEmailVerificationEnabled: false.",
        ),
      );
    problems.push(
      ...templateProblems(
        'registerEmailVerificationEmailTemplates',
        s.registerEmailVerificationEmailTemplates,
        'Give a function (context, format) => ({ subject, text, html? }) (context.emailAlreadyUsed tells the notice from the link), or leave it out for the default templates.',
      ),
      ...senderProblems(context, 'register-email'),
      ...transportProblems(context, 'register-email', 'register-email sends verification e-mails'),
    );
  }
  problems.push(...secretKeyProblems(context, 'register-email'));
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
export const checkVerifyEmailRedirect: Check = (context) =>
  redirectUrlProblems(context, 'E092', 'verify-email', ['verifyEmailSuccessUrl', 'verifyEmailFailureUrl']);

/** The register-email checks, in the order their problems are listed. */
export const REGISTER_EMAIL_CHECKS: Check[] = [
  checkRegisterEmailRoutes,
  checkRegisterEmailVerification,
  checkRegisterEmailSerializer,
  checkRegisterEmailColumn,
  checkVerifyEmailRedirect,
];
