import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { AuthTokenManager } from '../auth-token/auth-token-manager.js';
import { getRequestAuth, type RequestAuth } from '../auth-token/request-auth.js';
import type { HttpRequest } from '../http/http.js';
import { mapDatabaseOutage } from '../database/database-unavailable.js';
import { AuthTokenNotFound, LoginInvalid, RegistrationHttpException, UserNotFound } from '../errors/exceptions.js';
import {
  publicCredentials,
  RegistrationEvent,
  RegistrationEvents,
  requestInfo,
} from '../events/registration-events.js';
import type { LoginAuthenticator } from '../interfaces/authenticator.interface.js';
import type { RegistrationMode } from '../interfaces/registration-configuration.interface.js';
import { REGISTRATION_AUTHENTICATOR, REGISTRATION_MODE } from '../registration.constants.js';
import { SessionLogin } from '../session/session-login.service.js';
import { RegistrationUsers } from '../users/registration-users.service.js';
import { RegistrationMessages } from '../messages/registration-messages.js';
import { LoginThrottler } from '../throttling/login-throttler.js';
import type { LogoutSerializer } from './logout.serializer.js';
import { UserLogin } from '../session/user-login.service.js';

/** Login success body; `detail` first, as upstream. */
export interface LoginResponse {
  /** "Login successful", or the `messages` setting's `loginSuccessful`. */
  detail: string;
  token?: string;
}

/** What the login and logout routes do (contract sections 1 to 4). */
@Injectable()
export class LoginService {
  /** The module's messages; a property so that subclasses keep their constructors. */
  @Inject(RegistrationMessages) protected readonly messages: RegistrationMessages;
  /** Brute-force limits: a successful login marks the client as a known device. */
  @Inject(LoginThrottler) protected readonly loginThrottler: LoginThrottler;

  constructor(
    @Inject(REGISTRATION_AUTHENTICATOR)
    private readonly authenticator: LoginAuthenticator | { authenticate: LoginAuthenticator },
    private readonly manager: AuthTokenManager,
    private readonly users: RegistrationUsers,
    private readonly events: RegistrationEvents,
    @Inject(REGISTRATION_MODE) private readonly mode: RegistrationMode,
    private readonly sessions: SessionLogin,
    private readonly userLogin: UserLogin,
  ) {}

  /** Answers 503 (`ServiceUnavailable`) when the database cannot be reached; no token is handed out unstored. */
  login(data: object, request: HttpRequest, httpResponse?: unknown): Promise<LoginResponse> {
    return mapDatabaseOutage(() => this.performLogin(data, request, httpResponse));
  }

  logout(data: LogoutSerializer, request: HttpRequest, httpResponse?: unknown): Promise<{ detail: string }> {
    return mapDatabaseOutage(() => this.performLogout(data, request, httpResponse));
  }

  private async performLogin(data: object, request: HttpRequest, httpResponse?: unknown): Promise<LoginResponse> {
    if (this.mode.authenticateSession) this.sessions.checkLoginCsrf(request);
    const user = await this.authenticate(data, request);
    const body: LoginResponse = { detail: this.messages.format('loginSuccessful', undefined, request) };
    const token = await this.userLogin.logIn(user, request, httpResponse, data);
    if (token !== undefined) body.token = token;
    this.loginThrottler.rememberDevice(user, request, httpResponse);
    return body;
  }

  private async performLogout(
    data: LogoutSerializer,
    request: HttpRequest,
    httpResponse?: unknown,
  ): Promise<{ detail: string }> {
    const auth = getRequestAuth(request);
    const user = auth?.user ?? (request.user as object);
    let revoked: 'none' | 'token' | 'all' = 'none';
    if (this.mode.retrieveToken) {
      if (data.revoke_all_tokens) {
        await this.manager.revokeToken(user);
        revoked = 'all';
      } else if (data.revoke_token) {
        await this.revokeRequestToken(user, auth, request);
        revoked = 'token';
      }
    }
    // Revoke first, then end the session: a failed revoke leaves everything as it was.
    if (this.mode.authenticateSession) await this.sessions.logout(request, httpResponse);
    this.events.emit(RegistrationEvent.Logout, {
      user: this.users.withoutSecrets(user),
      request: requestInfo(request),
      revoked,
    });
    return { detail: this.messages.format('logoutSuccessful', undefined, request) };
  }

  /** The token that authenticated the request, or, for a session, the token its login issued (as upstream). */
  private async revokeRequestToken(user: object, auth: RequestAuth | undefined, request: HttpRequest): Promise<void> {
    if (auth?.token !== undefined) return this.manager.revokeToken(user, { token: auth.token });
    const reference =
      auth?.session && this.mode.authenticateSession ? this.sessions.issuedTokenReference(request) : undefined;
    if (reference === undefined) throw new AuthTokenNotFound();
    await this.manager.revokeTokenByReference(user, reference);
  }

  async csrf(request: HttpRequest, response: unknown): Promise<{ csrfToken: string }> {
    // A keyed error like the others: the controller's interceptor puts it in the configured words.
    if (!this.mode.authenticateSession) throw new RegistrationHttpException({ key: 'notFound' }, HttpStatus.NOT_FOUND);
    return { csrfToken: await this.sessions.ensureCsrfToken(request, response) };
  }

  private async authenticate(data: object, request: HttpRequest): Promise<object> {
    const context = { serializer: data, request, users: this.users };
    const authenticator = this.authenticator;
    try {
      return typeof authenticator === 'function'
        ? await authenticator(data as Record<string, unknown>, context)
        : await authenticator.authenticate(data as Record<string, unknown>, context);
    } catch (error) {
      if (error instanceof UserNotFound || error instanceof LoginInvalid) {
        this.events.emit(RegistrationEvent.LoginFailed, {
          reason: 'invalid-credentials',
          credentials: publicCredentials(data, this.users.settings.userLoginFields),
          request: requestInfo(request),
        });
        throw new LoginInvalid();
      }
      throw error;
    }
  }
}
