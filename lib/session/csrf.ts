import { HttpStatus } from '@nestjs/common';
import { type HttpRequest, setResponseHeader } from '../http/http.js';
import { RegistrationHttpException } from '../errors/exceptions.js';
import { CSRF_COOKIE, CSRF_HEADER, type RegistrationSessionData, sameToken } from './session-data.js';

/** HTTP 403 for a missing or wrong CSRF token (Django's wording). */
export class CsrfFailed extends RegistrationHttpException {
  constructor(reason: 'csrfCookieNotSet' | 'csrfTokenMissing' | 'csrfTokenIncorrect') {
    super({ key: reason }, HttpStatus.FORBIDDEN);
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

export function isSafeMethod(request: HttpRequest): boolean {
  return SAFE_METHODS.has(request.method.toUpperCase());
}

/** Whether the request comes from a browser: only browsers can be tricked into a cross-site request. */
export function isBrowserRequest(request: HttpRequest): boolean {
  const headers = request.headers;
  return (
    headers.origin !== undefined ||
    headers['sec-fetch-site'] !== undefined ||
    headers.cookie !== undefined ||
    headers.referer !== undefined
  );
}

/** Throws `CsrfFailed` unless the `X-CSRFToken` header matches the session's token. */
export function enforceCsrf(request: HttpRequest, data: RegistrationSessionData | undefined): void {
  if (isSafeMethod(request)) return;
  if (!data?.csrf) throw new CsrfFailed('csrfCookieNotSet');
  const header = request.headers[CSRF_HEADER];
  if (typeof header !== 'string' || header.length === 0) throw new CsrfFailed('csrfTokenMissing');
  if (!sameToken(header, data.csrf)) throw new CsrfFailed('csrfTokenIncorrect');
}

/**
 * Sends the session's CSRF token as the `csrftoken` cookie, readable by the front end's scripts, with
 * Django's attributes: `Max-Age` and `Expires` from `maxAge` (none when null), `Path=/`, `SameSite=Lax`.
 */
export function setCsrfCookie(request: HttpRequest, response: unknown, token: string, maxAge: number | null): void {
  const secure =
    (request as { secure?: boolean; protocol?: string }).secure === true ||
    (request as { protocol?: string }).protocol === 'https';
  const lifetime =
    maxAge === null ? '' : `; Expires=${new Date(Date.now() + maxAge * 1000).toUTCString()}; Max-Age=${maxAge}`;
  setResponseHeader(
    response,
    'Set-Cookie',
    `${CSRF_COOKIE}=${token}${lifetime}; Path=/; SameSite=Lax${secure ? '; Secure' : ''}`,
  );
}
