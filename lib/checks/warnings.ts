import type { HttpRequest } from '../http/http.js';
import { CHECK_ID_PREFIX } from '../registration.constants.js';

/** W070: login would answer 200 and hand out nothing (neither a token nor a session). */
export function loginAuthenticatesNothing(): string {
  return (
    `[${CHECK_ID_PREFIX}.W070] Login authenticates nothing: it returns no token (no route uses the token guard) ` +
    'and does not log into the session (no route uses SessionAuthGuard), so a successful login changes nothing. ' +
    'Fix: protect routes with @UseGuards(TokenAuthGuard) or pass globalGuard: true, or set loginRetrieveToken: true ' +
    '(or loginAuthenticateSession: true with session middleware).'
  );
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
