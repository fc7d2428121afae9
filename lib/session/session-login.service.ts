import { Injectable } from '@nestjs/common';
import type { HttpRequest } from '../http/http.js';
import { RegistrationUsers } from '../users/registration-users.service.js';
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
  constructor(private readonly users: RegistrationUsers) {}

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
    setCsrfCookie(request, response, csrf);
    return csrf;
  }

  /** Logs the user into a new session (new id: no fixation) with a new CSRF token. */
  async login(request: HttpRequest, response: unknown, user: object, backend: string): Promise<void> {
    const session = this.requireSession(request);
    await sessionCall(session, 'regenerate');
    const fresh = this.requireSession(request);
    const csrf = newCsrfToken();
    writeSessionData(fresh, {
      userId: this.users.getId(user),
      backend,
      passwordDigest: passwordDigest((user as Record<string, unknown>)[this.users.settings.userPasswordField]),
      csrf,
    });
    await sessionCall(fresh, 'save');
    setCsrfCookie(request, response, csrf);
  }

  /** Ends the session. */
  async logout(request: HttpRequest): Promise<void> {
    const session = getSession(request);
    if (session) await sessionCall(session, 'destroy');
  }

  private requireSession(request: HttpRequest) {
    const session = getSession(request);
    if (!session) throw new Error('Session login needs session middleware (express-session or @fastify/session)');
    return session;
  }
}
