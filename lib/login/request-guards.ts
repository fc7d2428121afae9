import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { getRequestAuth } from '../auth-token/request-auth.js';
import { getHttpRequest, type HttpRequest } from '../http/http.js';
import { AuthenticationFailed, NotAuthenticated, UnsupportedMediaType } from '../errors/exceptions.js';
import type { RegistrationMode } from '../interfaces/registration-configuration.interface.js';
import { RegistrationMessages } from '../messages/registration-messages.js';
import { REGISTRATION_MODE } from '../registration.constants.js';
import { SessionAuthGuard } from '../session/session-auth.guard.js';

const PARSED_MEDIA_TYPES = new Set(['application/json', 'application/x-www-form-urlencoded']);

function hasBody(request: HttpRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** 415 for a body that is neither JSON nor form-urlencoded (those the route can read). */
@Injectable()
export class MediaTypeGuard implements CanActivate {
  constructor(private readonly messages: RegistrationMessages) {}

  canActivate(context: ExecutionContext): boolean {
    const request = getHttpRequest(context);
    if (!hasBody(request)) return true;
    const header = request.headers['content-type'];
    const contentType = typeof header === 'string' ? header : '';
    const mediaType = contentType.split(';')[0].trim().toLowerCase();
    if (PARSED_MEDIA_TYPES.has(mediaType)) return true;
    throw this.messages.localizeFor(
      new UnsupportedMediaType(contentType),
      request,
      context.switchToHttp().getResponse(),
    );
  }
}

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
