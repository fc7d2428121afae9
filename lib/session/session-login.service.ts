import { Inject, Injectable, Logger } from '@nestjs/common';
import { appendSetCookie, appendVary, type HttpRequest, setResponseHeader } from '../http/http.js';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import { REGISTRATION_CONFIGURATION } from '../registration.constants.js';
import { RegistrationUsers } from '../users/registration-users.service.js';
import {
  clearedSessionCookie,
  secureCookieOverHttp,
  sessionCookieName,
  sessionCookieOptions,
} from './session-cookie.js';
import { enforceCsrf, isBrowserRequest, CsrfFailed, setCsrfCookie } from './csrf.js';
import {
  getSession,
  newCsrfToken,
  passwordDigest,
  readSessionData,
  sessionCall,
  writeSessionData,
} from './session-data.js';

/** Session login and logout on the host's session middleware. */
@Injectable()
export class SessionLogin {
  private readonly logger = new Logger('Registration');
  /** W071 is logged once, not at every login. */
  private warnedSecureCookie = false;

  constructor(
    private readonly users: RegistrationUsers,
    @Inject(REGISTRATION_CONFIGURATION) private readonly configuration: RegistrationConfiguration,
  ) {}

  /**
   * Before login: a request with a session must carry its CSRF token; a browser without a session must
   * first fetch one (`GET <prefix>/csrf`), so a cross-site page cannot log a visitor into another account.
   */
  checkLoginCsrf(request: HttpRequest): void {
    const data = readSessionData(request);
    if (data?.csrf) return enforceCsrf(request, data);
    if (isBrowserRequest(request)) throw new CsrfFailed('csrfCookieNotSet');
  }

  /** Gives the session a CSRF token (creating the session if needed) and returns it. */
  async ensureCsrfToken(request: HttpRequest, response: unknown): Promise<string> {
    const session = this.requireSession(request);
    const data = readSessionData(request) ?? {};
    const csrf = data.csrf ?? newCsrfToken();
    writeSessionData(session, { ...data, csrf });
    await sessionCall(session, 'save');
    setCsrfCookie(request, response, csrf, this.configuration.csrfCookieAge);
    // A per-visitor answer: no cache may keep it or hand it to another visitor.
    setResponseHeader(response, 'Cache-Control', 'no-store');
    appendVary(response, 'Cookie');
    return csrf;
  }

  /** Logs the user into a new session (new id: no fixation) with a new CSRF token. */
  async login(
    request: HttpRequest,
    response: unknown,
    user: object,
    backend: string,
    tokenReference?: string | null,
  ): Promise<void> {
    const session = this.requireSession(request);
    await sessionCall(session, 'regenerate');
    const fresh = this.requireSession(request);
    const csrf = newCsrfToken();
    writeSessionData(fresh, {
      userId: this.users.getId(user),
      backend,
      passwordDigest: passwordDigest((user as Record<string, unknown>)[this.users.settings.userPasswordField]),
      csrf,
      ...(tokenReference ? { tokenReference } : {}),
    });
    await sessionCall(fresh, 'save');
    setCsrfCookie(request, response, csrf, this.configuration.csrfCookieAge);
    const warning = this.warnedSecureCookie ? undefined : secureCookieOverHttp(request, sessionCookieOptions(fresh));
    if (warning) {
      this.warnedSecureCookie = true;
      this.logger.warn(warning);
    }
  }

  /**
   * After a password change made through this session: the session stays logged in, under a new id,
   * bound to the new password (Django's `update_session_auth_hash`); its CSRF token stays. The token its
   * login issued was revoked with the others, so the session forgets it.
   */
  async keepAfterPasswordChange(request: HttpRequest, user: object): Promise<void> {
    const { tokenReference, ...data } = readSessionData(request) ?? {};
    void tokenReference;
    await sessionCall(this.requireSession(request), 'regenerate');
    const fresh = this.requireSession(request);
    const hash = (user as Record<string, unknown>)[this.users.settings.userPasswordField];
    writeSessionData(fresh, { ...data, passwordDigest: passwordDigest(hash) });
    await sessionCall(fresh, 'save');
  }

  /** What the session's login remembered of the token it issued (see `AuthTokenManager.tokenReference`). */
  issuedTokenReference(request: HttpRequest): string | undefined {
    return readSessionData(request)?.tokenReference;
  }

  /** Ends the session and, as Django does, tells the browser to delete the session cookie. */
  async logout(request: HttpRequest, response?: unknown): Promise<void> {
    const session = getSession(request);
    if (!session) return;
    const cookieName = sessionCookieName(request, session);
    const cleared = cookieName === undefined ? undefined : clearedSessionCookie(cookieName, session);
    await sessionCall(session, 'destroy');
    if (cleared !== undefined && response !== undefined) appendSetCookie(response, cleared);
  }

  private requireSession(request: HttpRequest) {
    const session = getSession(request);
    if (!session) throw new Error('Session login needs session middleware (express-session or @fastify/session)');
    return session;
  }
}
