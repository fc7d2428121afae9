import { type CanActivate, type ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type HttpRequest, getHttpRequest } from '../http/http.js';
import { isPublicRoute } from '../http/reflection.js';
import { databaseOutageError } from '../database/database-unavailable.js';
import { AuthenticationFailed, NotAuthenticated } from '../errors/exceptions.js';
import { DEFAULT_REGISTRATION_MESSAGES, RegistrationMessages } from '../messages/registration-messages.js';
import { guardOutsideModule } from '../errors/wiring.errors.js';
import { AuthTokenManager, authenticateWithManagerNow } from './auth-token-manager.js';
import { getRequestAuth, setRequestAuth } from './request-auth.js';
import { parseTokenHeader } from './token-header.js';

/**
 * Authenticates `Authorization: Token <key>` (DRF's keyword) or `Bearer <key>` with the token
 * manager, and puts the user on `request.user`. Routes marked `@Public()` are let through.
 * Answers 401 with DRF's bodies and a `WWW-Authenticate: Token` header, and 503 (`ServiceUnavailable`)
 * when the database cannot be reached.
 */
@Injectable()
export class TokenAuthGuard implements CanActivate {
  /** The scheme named in `WWW-Authenticate`. */
  protected readonly scheme: string = 'Token';
  /** The module's messages (the `messages` setting); a property so that subclasses keep their constructors. */
  @Optional() @Inject(RegistrationMessages) protected readonly messages: RegistrationMessages =
    DEFAULT_REGISTRATION_MESSAGES;

  constructor(
    protected readonly reflector: Reflector,
    // Optional so that a guard used outside the module's reach says so (E071) instead of Nest's DI error.
    @Optional() protected readonly manager: AuthTokenManager,
  ) {
    if (!manager) throw guardOutsideModule(new.target.name, 'AuthTokenManager');
  }

  /**
   * Synchronous where the manager answers at once (the default manager on SQLite, or a `tokenCache`
   * hit), so that Nest has nothing to await; a promise otherwise.
   */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (this.isPublic(context)) return true;
    const request = this.getRequest(context);
    if (getRequestAuth(request)?.token !== undefined) return true;
    let token: string;
    let user: object | Promise<object>;
    try {
      const found = this.extractToken(request);
      if (found === null) throw new NotAuthenticated(undefined, this.scheme);
      token = found;
      user = this.authenticate(token);
    } catch (error) {
      throw this.refusal(error, context, request);
    }
    if (!(user instanceof Promise)) return this.accept(request, user, token);
    return user.then(
      (authenticated) => this.accept(request, authenticated, token),
      (error: unknown) => {
        throw this.refusal(error, context, request);
      },
    );
  }

  private accept(request: HttpRequest, user: object, token: string): true {
    request.user = user;
    setRequestAuth(request, { user, token });
    return true;
  }

  /** The error to answer with: 401 with `WWW-Authenticate`, 503 for an outage, localized. */
  private refusal(error: unknown, context: ExecutionContext, request: HttpRequest): unknown {
    const response = context.switchToHttp().getResponse();
    if (error instanceof NotAuthenticated || error instanceof AuthenticationFailed)
      error.authenticateHeader = this.scheme;
    return this.messages.localizeFor(databaseOutageError(error), request, response);
  }

  protected isPublic(context: ExecutionContext): boolean {
    return isPublicRoute(this.reflector, context);
  }

  protected getRequest(context: ExecutionContext): HttpRequest {
    return getHttpRequest(context);
  }

  /** The token of the request; `null` when it carries none. Throws `AuthenticationFailed` when malformed. */
  protected extractToken(request: HttpRequest): string | null {
    return parseTokenHeader(request.headers.authorization, this.scheme);
  }

  /** The user the token belongs to (or a promise of it). Throws or rejects with `AuthenticationFailed`. */
  protected authenticate(token: string): object | Promise<object> {
    return authenticateWithManagerNow(this.manager, token);
  }
}
