import { Inject, Injectable } from '@nestjs/common';
import { AuthTokenManager } from '../auth-token/auth-token-manager.js';
import { AuthTokenError } from '../errors/exceptions.js';
import {
  publicCredentials,
  RegistrationEvent,
  RegistrationEvents,
  requestInfo,
} from '../events/registration-events.js';
import type { HttpRequest } from '../http/http.js';
import type {
  RegistrationConfiguration,
  RegistrationMode,
} from '../interfaces/registration-configuration.interface.js';
import { REGISTRATION_CONFIGURATION, REGISTRATION_MODE } from '../registration.constants.js';
import { SessionLogin } from './session-login.service.js';
import { RegistrationUsers } from '../users/registration-users.service.js';

/**
 * Logs an identified user in as login does (upstream's `perform_login`): a token when token retrieval
 * is on, the session when session login is on, and the login events. Used by login and by
 * verify-registration's auto-login.
 */
@Injectable()
export class UserLogin {
  constructor(
    private readonly manager: AuthTokenManager,
    private readonly users: RegistrationUsers,
    private readonly events: RegistrationEvents,
    @Inject(REGISTRATION_MODE) private readonly mode: RegistrationMode,
    private readonly sessions: SessionLogin,
    @Inject(REGISTRATION_CONFIGURATION) private readonly configuration: RegistrationConfiguration,
  ) {}

  /** Before logging in without a password (auto-login): a browser must show the session's CSRF token, as for login. */
  checkCsrf(request: HttpRequest): void {
    if (this.mode.authenticateSession) this.sessions.checkLoginCsrf(request);
  }

  /** Returns the token when one was issued. `data` is what the user was identified by (for the failure event). */
  async logIn(user: object, request: HttpRequest, response: unknown, data: object): Promise<string | undefined> {
    let token: string | undefined;
    if (this.mode.retrieveToken) {
      try {
        token = await this.manager.provideToken(user);
      } catch (error) {
        if (error instanceof AuthTokenError) {
          this.events.emit(RegistrationEvent.LoginFailed, {
            reason: 'token-not-provided',
            credentials: publicCredentials(data, this.users.settings.userLoginFields),
            user: this.users.withoutSecrets(user),
            request: requestInfo(request),
          });
        }
        throw error;
      }
    }
    if (this.mode.authenticateSession) {
      const backend = this.configuration.loginDefaultSessionAuthenticationBackend;
      const reference = token === undefined ? null : await this.manager.tokenReference(token);
      await this.sessions.login(request, response, user, backend, reference);
    }
    this.events.emit(RegistrationEvent.LoginSucceeded, {
      user: this.users.withoutSecrets(user),
      request: requestInfo(request),
      tokenIssued: token !== undefined,
    });
    return token;
  }
}
