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
