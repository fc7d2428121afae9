import type { OpenAPIObject } from '@nestjs/swagger';
import { ALLOW, answer, detail, json, ref, RETRY_AFTER, type Schema } from './openapi-parts.js';
import { PROFILE_SCHEMAS, profilePathItem } from './profile-openapi.js';
import { REGISTER_SCHEMAS, registerOperations } from './register-openapi.js';
import { REGISTER_EMAIL_SCHEMAS, registerEmailOperations } from './register-email-openapi.js';
import { CHANGE_PASSWORD_SCHEMAS, changePasswordOperations } from './change-password-openapi.js';
import { RESET_PASSWORD_SCHEMAS, resetPasswordOperations } from './reset-password-openapi.js';

type Operation = Record<string, unknown>;

/** Names of the security schemes added to `components.securitySchemes`. */
export const TOKEN_SECURITY_SCHEME = 'token';
export const BEARER_SECURITY_SCHEME = 'bearer';

/** Options of {@link addRegistrationToDocument}. */
export interface RegistrationDocumentOptions {
  /** The module's `urlPrefix`. Default `'accounts'`. */
  urlPrefix?: string;
  /** The app's `setGlobalPrefix()`, if any. Default `''`. */
  globalPrefix?: string;
  /** Tag of the operations. Default `'registration'`. */
  tag?: string;
  /**
   * Document 429 on login: the module throttles login unless `loginThrottle: false`, so set `false`
   * only then. Default `true`.
   */
  throttled?: boolean;
  /**
   * Document `GET <prefix>/csrf`, which only session login serves (it answers 404 in token-only mode):
   * set `true` when session login is on. Default `false`.
   */
  sessionLogin?: boolean;
  /** The module's `routes`: register, verify-registration, register-email and verify-email (with their redirects), profile and change-password are described when served. Default `['login', 'logout']`. */
  routes?: 'all' | readonly string[];
  /** Document 429 on the routes beyond login (`registrationThrottle` not `false`). Default `true`. */
  registrationThrottled?: boolean;
}

const SCHEMAS: Record<string, Schema> = {
  RegistrationLoginRequest: {
    type: 'object',
    required: ['login', 'password'],
    properties: {
      login: {
        type: 'string',
        description: 'Matched against `userLoginFields`, in order (trimmed).',
        example: 'alice',
      },
      password: { type: 'string', format: 'password', description: 'Not trimmed.' },
    },
  },
  RegistrationLoginResponse: {
    type: 'object',
    required: ['detail'],
    properties: {
      detail: { type: 'string', example: 'Login successful' },
      token: { type: 'string', description: 'Present when token retrieval is on.', example: 'nrr_...' },
    },
  },
  RegistrationLogoutRequest: {
    type: 'object',
    properties: {
      revoke_token: {
        type: 'boolean',
        default: false,
        description: 'Revoke the token that authenticated this request.',
      },
      revoke_all_tokens: { type: 'boolean', default: false, description: 'Revoke every token of the user.' },
    },
  },
  RegistrationLogoutResponse: {
    type: 'object',
    required: ['detail'],
    properties: { detail: { type: 'string', example: 'Logout successful' } },
  },
  RegistrationCsrfResponse: {
    type: 'object',
    required: ['csrfToken'],
    properties: {
      csrfToken: { type: 'string', description: 'Also set as the `csrftoken` cookie; send it back in `X-CSRFToken`.' },
    },
  },
  RegistrationDetail: {
    type: 'object',
    required: ['detail'],
    properties: { detail: { type: 'string' } },
    example: { detail: 'Login or password invalid.' },
  },
  RegistrationFieldErrors: {
    type: 'object',
    description: 'Messages per field; `non_field_errors` for errors of the whole body.',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    example: { login: ['This field is required.'] },
  },
};

const WWW_AUTHENTICATE = {
  'WWW-Authenticate': { description: 'The expected scheme.', schema: { type: 'string', example: 'Token' } },
};

function bodyErrors(): Record<string, unknown> {
  return {
    400: answer('Invalid login, invalid fields (per field), malformed JSON, or a token error.', {
      oneOf: [detail, ref('RegistrationFieldErrors')],
    }),
    403: answer('CSRF failure (session login on, browser request without a valid `X-CSRFToken`).', detail),
    405: answer('Another method than POST.', detail, ALLOW),
    413: answer('Body larger than the body parser allows.', detail),
    415: answer('A body of another media type than JSON or form-urlencoded.', detail),
    503: answer('The database cannot be reached; retrying later is safe.', detail),
  };
}

function operations(tag: string, throttled: boolean): Record<string, Operation> {
  const body = (name: string, required: boolean) => ({
    required,
    content: { ...json(ref(name)), 'application/x-www-form-urlencoded': { schema: ref(name) } },
  });
  return {
    login: {
      tags: [tag],
      operationId: 'registrationLogin',
      summary: 'Log in',
      description: 'Returns a token when token retrieval is on, and starts a session when session login is on.',
      security: [],
      requestBody: body('RegistrationLoginRequest', true),
      responses: {
        200: answer('Logged in.', ref('RegistrationLoginResponse')),
        ...bodyErrors(),
        ...(throttled
          ? { 429: answer('Too many login attempts from this address or for this login.', detail, RETRY_AFTER) }
          : {}),
      },
    },
    logout: {
      tags: [tag],
      operationId: 'registrationLogout',
      summary: 'Log out',
      description: 'Revokes what the body asks for, then ends the session.',
      security: [{ [TOKEN_SECURITY_SCHEME]: [] }, { [BEARER_SECURITY_SCHEME]: [] }, {}],
      requestBody: body('RegistrationLogoutRequest', false),
      responses: {
        200: answer('Logged out.', ref('RegistrationLogoutResponse')),
        ...bodyErrors(),
        401: answer('Not authenticated, or an invalid token.', detail, WWW_AUTHENTICATE),
      },
    },
    csrf: {
      tags: [tag],
      operationId: 'registrationCsrf',
      summary: 'Get a CSRF token (session login)',
      security: [],
      responses: {
        200: answer('The CSRF token, also set as a cookie.', ref('RegistrationCsrfResponse')),
        404: answer('Session login is off.', detail),
        ...(throttled ? { 429: answer('Too many requests from this address.', detail, RETRY_AFTER) } : {}),
      },
    },
  };
}

/**
 * Describes the module's routes in a document made by `SwaggerModule.createDocument()`: login, logout,
 * csrf, and with `routes` register, verify-registration and profile, with their bodies, every error status, and the `token` (`Authorization: Token <key>`) and `bearer`
 * security schemes. Replaces what Nest generated for those paths (which also lists the 405 handlers).
 * Needs nothing from `@nestjs/swagger` at run time; returns the same document.
 *
 * ```ts
 * const document = addRegistrationToDocument(SwaggerModule.createDocument(app, config));
 * SwaggerModule.setup('docs', app, document);
 * ```
 */
export function addRegistrationToDocument<T extends OpenAPIObject>(
  document: T,
  options: RegistrationDocumentOptions = {},
): T {
  const base = [options.globalPrefix ?? '', options.urlPrefix ?? 'accounts']
    .flatMap((part) => part.split('/'))
    .filter(Boolean)
    .join('/');
  const paths = document.paths as Record<string, Record<string, unknown>>;
  const tag = options.tag ?? 'registration';
  const routes = options.routes ?? ['login', 'logout'];
  const served = (route: string) => routes === 'all' || routes.includes(route);
  const described: Array<[string, string, Operation]> = Object.entries(operations(tag, options.throttled ?? true))
    .filter(([route]) => served(route === 'csrf' ? 'login' : route))
    .map(([route, operation]) => [route, route === 'csrf' ? 'get' : 'post', operation]);
  for (const [route, { method, operation }] of Object.entries(
    registerOperations(tag, options.registrationThrottled ?? true),
  ))
    if (served(route.replace('verification-redirects/', ''))) described.push([route, method, operation]);
  const authenticated: Array<Record<string, string[]>> = [
    { [TOKEN_SECURITY_SCHEME]: [] },
    { [BEARER_SECURITY_SCHEME]: [] },
    {},
  ];
  for (const [route, { method, operation }] of Object.entries(
    registerEmailOperations(tag, options.registrationThrottled ?? true, authenticated),
  ))
    if (served(route.replace('verification-redirects/', ''))) described.push([route, method, operation]);
  for (const [route, { method, operation }] of Object.entries(
    changePasswordOperations(tag, options.registrationThrottled ?? true, authenticated),
  ))
    if (served(route)) described.push([route, method, operation]);
  for (const [route, { method, operation }] of Object.entries(
    resetPasswordOperations(tag, options.registrationThrottled ?? true),
  ))
    if (served(route.replace('verification-redirects/', ''))) described.push([route, method, operation]);
  for (const [route, method, operation] of described) {
    const path = `/${base ? `${base}/` : ''}${route}`;
    delete paths[`${path}/`];
    if (route === 'csrf' && !options.sessionLogin) {
      delete paths[path];
      continue;
    }
    paths[path] = { [method]: operation };
  }
  if (served('profile')) {
    const path = `/${base ? `${base}/` : ''}profile`;
    delete paths[`${path}/`];
    paths[path] = profilePathItem(tag);
  }
  const components = (document.components ??= {}) as Record<string, Record<string, unknown>>;
  Object.assign(
    (components.schemas ??= {}),
    SCHEMAS,
    served('register') ? REGISTER_SCHEMAS : {},
    served('profile') ? PROFILE_SCHEMAS : {},
  );
  if (served('register-email') || served('verify-email')) Object.assign(components.schemas, REGISTER_EMAIL_SCHEMAS);
  if (served('change-password')) Object.assign(components.schemas, CHANGE_PASSWORD_SCHEMAS);
  if (served('reset-password')) Object.assign(components.schemas, RESET_PASSWORD_SCHEMAS);
  Object.assign((components.securitySchemes ??= {}), {
    [TOKEN_SECURITY_SCHEME]: {
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
      description: 'DRF style: `Authorization: Token <key>`, the key as login returned it.',
    },
    [BEARER_SECURITY_SCHEME]: {
      type: 'http',
      scheme: 'bearer',
      description: '`Authorization: Bearer <key>` (the same key, or a JWT).',
    },
  });
  const tags = (document.tags ??= []);
  if (!tags.some((entry) => entry.name === tag))
    tags.push({ name: tag, description: 'Login, logout and registration (django-rest-registration API).' });
  return document;
}
