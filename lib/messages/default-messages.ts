import {
  FLOW_MESSAGE_PLACEHOLDERS,
  PASSWORD_VALIDATION_MESSAGES,
  REGISTER_MAIL_MESSAGES,
  REGISTER_MESSAGES,
  VERIFICATION_MESSAGES,
} from './flow-messages.js';
import { REGISTER_EMAIL_MESSAGE_PLACEHOLDERS, REGISTER_EMAIL_MESSAGES } from './register-email-messages.js';
import { RESET_PASSWORD_MESSAGE_PLACEHOLDERS, RESET_PASSWORD_MESSAGES } from './reset-password-messages.js';

import { CHANGE_PASSWORD_MESSAGES } from './change-password-messages.js';
import type { MessageParams, MessageTemplate } from './message-template.js';

export type { MessageParams, MessageTemplate };

function seconds({ wait }: MessageParams): string {
  return `Request was throttled. Expected available in ${wait} second${Number(wait) === 1 ? '' : 's'}.`;
}

/**
 * Every text the module puts in a response body, keyed for the `messages` setting. The defaults are
 * upstream's English (django-rest-registration, Django REST framework, Django's CSRF); placeholders use
 * DRF's names, so existing translations of DRF's catalogue fit.
 */
export const DEFAULT_MESSAGES = {
  loginSuccessful: 'Login successful',
  logoutSuccessful: 'Logout successful',
  loginInvalid: 'Login or password invalid.',
  userNotFound: 'User not found',
  authTokenError: 'Could not process authentication token',
  authTokenNotProvided: 'Authentication token could not be provided',
  authTokenNotRevoked: 'Authentication token cannot be revoked',
  authTokenNotFound: 'Authentication token not found',
  notAuthenticated: 'Authentication credentials were not provided.',
  authenticationFailed: 'Incorrect authentication credentials.',
  invalidToken: 'Invalid token.',
  invalidTokenHeaderNoCredentials: 'Invalid token header. No credentials provided.',
  invalidTokenHeaderSpaces: 'Invalid token header. Token string should not contain spaces.',
  userInactiveOrDeleted: 'User inactive or deleted.',
  fieldRequired: 'This field is required.',
  fieldNull: 'This field may not be null.',
  fieldBlank: 'This field may not be blank.',
  fieldNotAString: 'Not a valid string.',
  fieldNotABoolean: 'Must be a valid boolean.',
  invalidData: 'Invalid data. Expected a dictionary, but got {datatype}.',
  methodNotAllowed: 'Method "{method}" not allowed.',
  unsupportedMediaType: 'Unsupported media type "{media_type}" in request.',
  parseError: 'JSON parse error - {error}',
  parseErrorUnexpectedToken: 'JSON parse error - Unexpected token in JSON',
  parseErrorTooDeep: 'JSON parse error - Nested deeper than {depth} levels',
  payloadTooLarge: 'Request body is too large.',
  unsupportedCharset: 'Unsupported charset "{charset}".',
  unsupportedEncoding: 'Unsupported content encoding "{encoding}".',
  unreadableBody: 'The request body could not be read.',
  csrfCookieNotSet: 'CSRF Failed: CSRF cookie not set.',
  csrfTokenMissing: 'CSRF Failed: CSRF token missing.',
  csrfTokenIncorrect: 'CSRF Failed: CSRF token incorrect.',
  throttled: seconds as MessageTemplate,
  serviceUnavailable: 'Service temporarily unavailable, try again later.',
  notFound: 'Not found.',
  ...REGISTER_MESSAGES,
  ...VERIFICATION_MESSAGES,
  ...PASSWORD_VALIDATION_MESSAGES,
  ...REGISTER_MAIL_MESSAGES,
  ...REGISTER_EMAIL_MESSAGES,
  ...CHANGE_PASSWORD_MESSAGES,
  ...RESET_PASSWORD_MESSAGES,
} satisfies Record<string, MessageTemplate>;

/** The key of one of the module's messages. */
export type RegistrationMessageKey = keyof typeof DEFAULT_MESSAGES;

/** The `messages` setting: any subset of the keys, each a template or a function. */
export type RegistrationMessagesSettings = Partial<Record<RegistrationMessageKey, MessageTemplate>>;

/** The placeholders each message is given. */
export const MESSAGE_PLACEHOLDERS: Readonly<Partial<Record<RegistrationMessageKey, readonly string[]>>> = {
  invalidData: ['datatype'],
  methodNotAllowed: ['method'],
  unsupportedMediaType: ['media_type'],
  parseError: ['error'],
  parseErrorTooDeep: ['depth'],
  unsupportedCharset: ['charset'],
  unsupportedEncoding: ['encoding'],
  throttled: ['wait'],
  ...FLOW_MESSAGE_PLACEHOLDERS,
  ...REGISTER_EMAIL_MESSAGE_PLACEHOLDERS,
  ...RESET_PASSWORD_MESSAGE_PLACEHOLDERS,
};

const PLACEHOLDER = /\{(\w+)\}/g;

/** The names of the `{name}` placeholders in a template. */
export function templatePlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1]);
}

/** Fills a template's placeholders (unknown ones stay as written), or calls a message function. */
export function formatMessage(template: MessageTemplate, params: MessageParams = {}): string {
  if (typeof template === 'function') return String(template(params));
  if (!template.includes('{')) return template;
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** A message by key, for exceptions: `{ key, params }`. */
export interface MessageRef {
  key: RegistrationMessageKey;
  params?: MessageParams;
}
