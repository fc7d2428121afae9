import { type CanActivate, type ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { getRequestAuth, setRequestAuth } from '../auth-token/request-auth.js';
import { getHttpRequest, type HttpRequest } from '../http/http.js';
import { isPublicRoute } from '../http/reflection.js';
import { mapDatabaseOutage } from '../database/database-unavailable.js';
import { AuthenticationFailed, NotAuthenticated } from '../errors/exceptions.js';
import { DEFAULT_REGISTRATION_MESSAGES, RegistrationMessages } from '../messages/registration-messages.js';
import { RegistrationUsers } from '../users/registration-users.service.js';
import { guardOutsideModule } from '../errors/wiring.errors.js';
import { enforceCsrf } from './csrf.js';
import { passwordDigest, readSessionData } from './session-data.js';

/**
 * Authenticates the user logged into the session by login (with the host's express-session or
 * @fastify/session), puts it on `request.user`, and requires the `X-CSRFToken` header on unsafe methods
 * (403 `{"detail":"CSRF Failed: ..."}`). A password change ends the session. Routes marked `@Public()`
 * are let through.
 */
@Injectable()
export class SessionAuthGuard implements CanActivate {
  /** The module's messages (the `messages` setting); a property so that subclasses keep their constructors. */
  @Optional() @Inject(RegistrationMessages) protected readonly messages: RegistrationMessages =
    DEFAULT_REGISTRATION_MESSAGES;

  constructor(
    protected readonly reflector: Reflector,
    // Optional so that a guard used outside the module's reach says so (E071) instead of Nest's DI error.
    @Optional() protected readonly users: RegistrationUsers,
  ) {
    if (!users) throw guardOutsideModule(new.target.name, 'RegistrationUsers');
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (isPublicRoute(this.reflector, context)) return true;
    const request = getHttpRequest(context);
    if (getRequestAuth(request)) return true;
    try {
      const user = await this.authenticate(request);
      if (!user) throw new NotAuthenticated(undefined, 'Session');
      return true;
    } catch (error) {
      const response = context.switchToHttp().getResponse();
      if (error instanceof NotAuthenticated || error instanceof AuthenticationFailed)
        error.authenticateHeader = 'Session';
      throw this.messages.localizeFor(error, request, response);
    }
  }

  /** The session's user (null when the session has none), CSRF checked; throws when the user is gone. */
  async authenticate(request: HttpRequest): Promise<object | null> {
    const data = readSessionData(request);
    if (!data?.userId) return null;
    const userId = data.userId;
    const user = await mapDatabaseOutage(() => this.users.findById(userId));
    if (!user || !this.users.isActive(user))
      throw new AuthenticationFailed({ key: 'userInactiveOrDeleted' }, 'Session');
    if (
      data.passwordDigest !== passwordDigest((user as Record<string, unknown>)[this.users.settings.userPasswordField])
    ) {
      return null; // the password changed since login: the session no longer counts
    }
    enforceCsrf(request, data);
    request.user = user;
    setRequestAuth(request, { user, session: true });
    return user;
  }
}
