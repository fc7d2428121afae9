import type { EntityMetadata } from 'typeorm';
import type { RegistrationRouteName } from '../interfaces/register-settings.interface.js';
import { type CheckContext, type CheckProblem, problem } from './check.js';

/** The shortest `secretKey` (and fallback) accepted, in bytes. */
export const MIN_SECRET_BYTES = 32;

export function served(context: CheckContext, route: RegistrationRouteName): boolean {
  return context.settings.extras.routes.includes(route);
}

export function metadataOf({ settings, dataSource }: CheckContext): EntityMetadata | undefined {
  return typeof settings.userEntity === 'function' && dataSource.hasMetadata(settings.userEntity)
    ? dataSource.getMetadata(settings.userEntity)
    : undefined;
}

/** The flows that send signed links, in the order their checks report. */
export type LinkFlow = 'register' | 'reset-password' | 'register-email';
const LINK_FLOWS: readonly LinkFlow[] = ['register', 'reset-password', 'register-email'];

/** Whether `flow` sends e-mails (upstream's "sends emails (REGISTER / RESET_PASSWORD / REGISTER_EMAIL)"). */
export function sendsMail(context: CheckContext, flow: LinkFlow): boolean {
  const s = context.settings;
  if (flow === 'register') return served(context, 'register') && s.registerFlowEnabled && s.registerVerificationEnabled;
  if (flow === 'reset-password')
    return served(context, 'send-reset-password-link') && s.resetPasswordVerificationEnabled;
  return served(context, 'register-email') && s.registerEmailVerificationEnabled;
}

/** Whether `flow` makes or checks signed links (its sending route, or the route that verifies them). */
export function usesLinks(context: CheckContext, flow: LinkFlow): boolean {
  const s = context.settings;
  if (sendsMail(context, flow)) return true;
  if (flow === 'register') return served(context, 'verify-registration') && s.registerVerificationEnabled;
  if (flow === 'reset-password') return served(context, 'reset-password') && s.resetPasswordVerificationEnabled;
  return served(context, 'verify-email') && s.registerEmailVerificationEnabled;
}

/** Whether `flow` is the first flow with `on`: the settings the flows share are reported by that one only. */
function firstWith(context: CheckContext, flow: LinkFlow, on: (flow: LinkFlow) => boolean): boolean {
  return on(flow) && LINK_FLOWS.find(on) === flow;
}

/** E004 (no sender) for `flow`, when it is the first flow that sends mail (so it is reported once). */
export function senderProblems(context: CheckContext, flow: LinkFlow): CheckProblem[] {
  if (context.settings.verificationFromEmail || !firstWith(context, flow, (each) => sendsMail(context, each)))
    return [];
  return [
    problem(
      'E004',
      'verificationFromEmail is not set.',
      "Set verificationFromEmail to the sender address, e.g. 'no-reply@example.com'.",
    ),
  ];
}

/**
 * E081 (no transport while the default mailer sends) for `flow`, when it is the first flow that sends
 * mail. `sends` says what it sends, in the problem's text ("register sends verification e-mails").
 */
export function transportProblems(context: CheckContext, flow: LinkFlow, sends: string): CheckProblem[] {
  const s = context.settings;
  if (s.mailer !== null || s.mailTransport || !firstWith(context, flow, (each) => sendsMail(context, each))) return [];
  return [
    problem(
      'E081',
      `${sends}, but mailTransport is not set (and no mailer replaces the default).`,
      "Set mailTransport to an SMTP URL ('smtp://user:pass@smtp.example:587') or nodemailer options, or set mailer to your own RegistrationMailer class.",
    ),
  ];
}

/** E080 (secret key missing or short) for `flow`, when it is the first flow with signed links. */
export function secretKeyProblems(context: CheckContext, flow: LinkFlow): CheckProblem[] {
  if (!firstWith(context, flow, (each) => usesLinks(context, each))) return [];
  const s = context.settings;
  const keys = [s.secretKey, ...s.secretKeyFallbacks];
  if (!keys.some((key) => typeof key !== 'string' || Buffer.byteLength(key) < MIN_SECRET_BYTES)) return [];
  return [
    problem(
      'E080',
      s.secretKey
        ? `secretKey (or one of secretKeyFallbacks) is shorter than ${MIN_SECRET_BYTES} bytes.`
        : 'A route with signed links is on, but secretKey is not set.',
      "Set secretKey to at least 32 random bytes kept secret, e.g. from the environment (node -e \"console.log(require('crypto').randomBytes(48).toString('base64url'))\"); use your Django SECRET_KEY to accept links a DRR backend sent.",
    ),
  ];
}

/** E007: a flow's `...EmailTemplates` setting that is neither null nor a function. */
export function templateProblems(
  setting: string,
  value: unknown,
  fix = 'Give a function (context, format) => ({ subject, text, html? }), or leave it out for the default template.',
): CheckProblem[] {
  if (value === null || typeof value === 'function') return [];
  return [problem('E007', `${setting} is invalid: ${typeof value}, not a function.`, fix)];
}

type RedirectUrlKey =
  | 'verifyRegistrationSuccessUrl'
  | 'verifyRegistrationFailureUrl'
  | 'verifyEmailSuccessUrl'
  | 'verifyEmailFailureUrl'
  | 'resetPasswordSuccessUrl'
  | 'resetPasswordFailureUrl';

/** `id`: `verificationRedirects` is given for the served `route`'s redirect, but one of its two URLs is missing. */
export function redirectUrlProblems(
  context: CheckContext,
  id: string,
  route: RegistrationRouteName,
  keys: readonly [RedirectUrlKey, RedirectUrlKey],
): CheckProblem[] {
  const redirects = context.settings.verificationRedirects;
  if (!redirects || !served(context, route)) return [];
  const missing = keys.filter((key) => typeof redirects[key] !== 'string' || redirects[key] === '');
  if (missing.length !== 1) return [];
  return [
    problem(
      id,
      `verificationRedirects has no ${missing[0]}, so the ${route} redirect cannot answer.`,
      `Give both ${keys[0]} and ${keys[1]} (absolute URLs of your front end).`,
    ),
  ];
}
