import { registerSerializerFromMetadata } from '../user-serializer/user-fields.js';
import { registerSpecOptions } from '../register/register-input.js';
import { ALL_ROUTES } from '../registration.constants.js';
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
  if (sendsMail(context, 'register')) {
    if (!s.registerVerificationUrl && s.verificationUrlBuilder.name === 'buildDefaultVerificationUrl')
      problems.push(
        problem(
          'E002',
          'register verification is enabled, but registerVerificationUrl is not set.',
          "Set registerVerificationUrl to the front-end page that posts the link's data to verify-registration (e.g. 'https://app.example/verify-user/'), or set registerVerificationEnabled: false.",
        ),
      );
    problems.push(
      ...senderProblems(context, 'register'),
      ...templateProblems('registerVerificationEmailTemplates', s.registerVerificationEmailTemplates),
      ...transportProblems(context, 'register', 'register sends verification e-mails'),
    );
  }
  problems.push(...secretKeyProblems(context, 'register'));
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
export const checkVerificationRedirects: Check = (context) =>
  redirectUrlProblems(context, 'E086', 'verify-registration', [
    'verifyRegistrationSuccessUrl',
    'verifyRegistrationFailureUrl',
  ]);

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
