import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { getRequestAuth } from '../auth-token/request-auth.js';
import { getHttpRequest } from '../http/http.js';
import { AuthenticationFailed, NotAuthenticated } from '../errors/exceptions.js';
import type { RegistrationMode } from '../interfaces/registration-configuration.interface.js';
import { RegistrationMessages } from '../messages/registration-messages.js';
import { REGISTRATION_MODE } from '../registration.constants.js';
import { SessionAuthGuard } from '../session/session-auth.guard.js';

/**
 * Authenticates logout (unless a global guard already did): by the session when session login is on
 * and the session has a user, otherwise with the token manager's own guard.
 */
@Injectable()
export class LogoutAuthGuard implements CanActivate {
  constructor(
    @Inject(REGISTRATION_MODE) private readonly mode: RegistrationMode,
    private readonly sessionGuard: SessionAuthGuard,
    private readonly messages: RegistrationMessages,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    try {
      return await this.authenticate(context);
    } catch (error) {
      throw this.messages.localizeFor(error, getHttpRequest(context), context.switchToHttp().getResponse());
    }
  }

  private async authenticate(context: ExecutionContext): Promise<boolean> {
    const request = getHttpRequest(context);
    if (getRequestAuth(request)) return true;
    const scheme = this.mode.retrieveToken || !this.mode.authenticateSession ? 'Token' : 'Session';
    try {
      if (this.mode.authenticateSession && (await this.sessionGuard.authenticate(request))) return true;
    } catch (error) {
      // Only a 401 names the scheme (logout's own); DRF never sends WWW-Authenticate with a 403 (a CSRF failure).
      if (error instanceof NotAuthenticated || error instanceof AuthenticationFailed) error.authenticateHeader = scheme;
      throw error;
    }
    const guard = this.mode.logoutGuard;
    if (!guard || scheme === 'Session') throw new NotAuthenticated(undefined, scheme);
    return (await guard.canActivate(context)) as boolean;
  }
}
