import type { HttpRequest } from '../http/http.js';
import { CHECK_ID_PREFIX } from '../registration.constants.js';
import type { SessionLike } from './session-data.js';

interface SessionCookieOptions {
  path?: string;
  domain?: string;
  sameSite?: boolean | string;
  secure?: boolean | string;
}

/** The request's cookies, values URL-decoded. */
function requestCookies(request: HttpRequest): Array<[string, string]> {
  const header = request.headers.cookie;
  const text = Array.isArray(header) ? header.join('; ') : (header ?? '');
  return text
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.includes('='))
    .map((part) => {
      const at = part.indexOf('=');
      const raw = part.slice(at + 1);
      let value = raw;
      try {
        value = decodeURIComponent(raw);
      } catch {
        // keep the raw value
      }
      return [part.slice(0, at), value];
    });
}

/**
 * The name of the cookie that carries this session: the one whose value is the session id, signed
 * (`s:<id>.<signature>` for express-session, `<id>.<signature>` for @fastify/session) or not. Neither
 * middleware tells its cookie name to the request, and the host may have chosen any.
 */
export function sessionCookieName(request: HttpRequest, session: SessionLike): string | undefined {
  const id = (request as { sessionID?: unknown }).sessionID ?? (session as { sessionId?: unknown }).sessionId;
  if (typeof id !== 'string' || id.length === 0) return undefined;
  const found = requestCookies(request).find(
    ([, value]) => value === id || value.startsWith(`s:${id}.`) || value.startsWith(`${id}.`),
  );
  return found?.[0];
}

function sameSiteText(value: boolean | string | undefined): string | undefined {
  if (value === true) return 'Strict';
  if (typeof value !== 'string') return undefined;
  return value.charAt(0).toUpperCase() + value.slice(1).toLowerCase();
}

/** The cookie attributes express-session and @fastify/session keep on the session. */
export function sessionCookieOptions(session: SessionLike): SessionCookieOptions {
  return (session as { cookie?: SessionCookieOptions }).cookie ?? {};
}

/** A `Set-Cookie` value that deletes the session cookie, as Django's logout sends (`Max-Age=0`). */
export function clearedSessionCookie(name: string, session: SessionLike): string {
  const options = sessionCookieOptions(session);
  const parts = [`${name}=`, 'Expires=Thu, 01 Jan 1970 00:00:00 GMT', 'Max-Age=0', `Path=${options.path ?? '/'}`];
  if (options.domain) parts.push(`Domain=${options.domain}`);
  const sameSite = sameSiteText(options.sameSite);
  if (sameSite) parts.push(`SameSite=${sameSite}`);
  // A SameSite=None cookie is only replaced by a Secure one.
  if (options.secure === true || sameSite === 'None') parts.push('Secure');
  return parts.join('; ');
}

/**
 * W071: the session cookie is `Secure` but the request came over plain HTTP as the framework sees it, so
 * the session middleware sets no cookie and the browser stays logged out. `undefined` when that is not so.
 */
export function secureCookieOverHttp(
  request: HttpRequest,
  cookie: { secure?: unknown } | undefined,
): string | undefined {
  const http = request as { secure?: boolean; protocol?: string };
  const encrypted = http.secure === true || http.protocol === 'https';
  if (cookie?.secure !== true || encrypted) return undefined;
  return (
    `[${CHECK_ID_PREFIX}.W071] The session cookie is Secure, but this login came over plain HTTP, so the session ` +
    'middleware set no cookie: login answered 200 and the browser is not logged in. Fix: serve HTTPS, or behind a ' +
    "proxy that terminates TLS let the framework trust it (Express: app.set('trust proxy', 1); Fastify: " +
    'new FastifyAdapter({ trustProxy: true })), or set cookie.secure to false in development.'
  );
}
