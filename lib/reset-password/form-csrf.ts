import type { HttpRequest } from '../http/http.js';
import { CsrfFailed } from '../session/csrf.js';
import { CSRF_HEADER, readSessionData, sameToken } from '../session/session-data.js';

/** Django's form field for the CSRF token of a plain form post. */
export const CSRF_FORM_FIELD = 'csrfmiddlewaretoken';

/**
 * A form post must show the session's CSRF token (Django's `CsrfViewMiddleware`): in the
 * `csrfmiddlewaretoken` field, or in the `X-CSRFToken` header. Throws `CsrfFailed` (403) otherwise.
 */
export function enforceFormCsrf(request: HttpRequest, body: unknown): void {
  const expected = readSessionData(request)?.csrf;
  if (!expected) throw new CsrfFailed('csrfCookieNotSet');
  const field =
    body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[CSRF_FORM_FIELD] : undefined;
  const header = request.headers[CSRF_HEADER];
  const given = typeof field === 'string' && field !== '' ? field : typeof header === 'string' ? header : '';
  if (given === '') throw new CsrfFailed('csrfTokenMissing');
  if (!sameToken(given, expected)) throw new CsrfFailed('csrfTokenIncorrect');
}
