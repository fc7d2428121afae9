import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { getRequestAuth } from '../auth-token/request-auth.js';
import { getHttpRequest, type HttpRequest, setResponseHeader } from '../core/http.js';
import { RegistrationRuntime } from '../core/registration-runtime.js';
import { AuthenticationFailed, NotAuthenticated, UnsupportedMediaType } from '../errors/exceptions.js';
import { RegistrationMessages } from '../messages/registration-messages.js';
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
    private readonly runtime: RegistrationRuntime,
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
    const scheme = this.runtime.retrieveToken || !this.runtime.authenticateSession ? 'Token' : 'Session';
    try {
      if (this.runtime.authenticateSession && (await this.sessionGuard.authenticate(request))) return true;
    } catch (error) {
      // Only a 401 names the scheme; DRF never sends WWW-Authenticate with a 403 (a CSRF failure).
      if (error instanceof NotAuthenticated || error instanceof AuthenticationFailed)
        setResponseHeader(context.switchToHttp().getResponse(), 'WWW-Authenticate', scheme);
      throw error;
    }
    const guard = this.runtime.logoutGuard;
    if (!guard || scheme === 'Session') {
      setResponseHeader(context.switchToHttp().getResponse(), 'WWW-Authenticate', scheme);
      throw new NotAuthenticated(scheme);
    }
    return (await guard.canActivate(context)) as boolean;
  }
}
