import { type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { getRequestAuth } from '../auth-token/request-auth.js';
import { Throttled } from '../errors/throttled.exception.js';
import { getHttpRequest, setResponseHeader } from '../http/http.js';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import { RegistrationMessages } from '../messages/registration-messages.js';
import { REGISTRATION_CONFIGURATION } from '../registration.constants.js';
import type { ResolvedRegistrationThrottle } from '../interfaces/register-configuration.interface.js';
import { RegistrationUsers } from '../users/registration-users.service.js';
import { LoginThrottler } from './login-throttler.js';

/** The budgets of `registrationThrottle`, by route. */
export type ThrottledRoute = keyof ResolvedRegistrationThrottle;

const ROUTE_KEY = 'REGISTRATION:THROTTLED_ROUTE';

/** Names the `registrationThrottle` budget a route counts against (read by `RouteThrottleGuard` and `UserThrottleGuard`). */
export const ThrottleRoute = (route: ThrottledRoute): MethodDecorator => SetMetadata(ROUTE_KEY, route);

/**
 * Counts every request of a route beyond login against its client address (`registrationThrottle`),
 * before the body is validated; over budget: 429 with `Retry-After`, as login answers it. Storage and
 * `trustProxy` are login's.
 */
@Injectable()
export class RouteThrottleGuard implements CanActivate {
  constructor(
    @Inject(REGISTRATION_CONFIGURATION) private readonly configuration: RegistrationConfiguration,
    private readonly throttler: LoginThrottler,
    private readonly reflector: Reflector,
    private readonly messages: RegistrationMessages,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const budgets = this.configuration.registrationThrottle;
    const route = this.reflector.get<ThrottledRoute | undefined>(ROUTE_KEY, context.getHandler());
    const limit = budgets === false || route === undefined ? false : budgets[route];
    if (limit === false) return true;
    const request = getHttpRequest(context);
    const wait = await this.throttler.hit(
      `registration-${route}-address`,
      this.throttler.clientAddress(request),
      limit,
    );
    if (wait === undefined) return true;
    const response = context.switchToHttp().getResponse();
    const error = new Throttled(wait);
    setResponseHeader(response, 'Retry-After', String(error.wait));
    throw this.messages.localizeFor(error, request, response);
  }
}

/**
 * Counts every request of an authenticated route against its user (`registrationThrottle`, the budget
 * `@ThrottleRoute` names), whichever token or session it uses and from any address, so that one
 * account cannot try old passwords fast (change-password) or send mail after mail (register-email).
 * Runs after the route's authentication guard; over budget: 429 with `Retry-After`, as login answers it.
 */
@Injectable()
export class UserThrottleGuard implements CanActivate {
  constructor(
    @Inject(REGISTRATION_CONFIGURATION) private readonly configuration: RegistrationConfiguration,
    private readonly throttler: LoginThrottler,
    private readonly reflector: Reflector,
    private readonly users: RegistrationUsers,
    private readonly messages: RegistrationMessages,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const budgets = this.configuration.registrationThrottle;
    const route = this.reflector.get<ThrottledRoute | undefined>(ROUTE_KEY, context.getHandler());
    const limit = budgets === false || route === undefined ? false : budgets[route];
    if (limit === false) return true;
    const request = getHttpRequest(context);
    const user = getRequestAuth(request)?.user ?? (request.user as object | undefined);
    if (!user) return true; // the authentication guard before this one answers 401
    const response = context.switchToHttp().getResponse();
    try {
      const wait = await this.throttler.hit(`registration-${route}-user`, this.users.getId(user), limit);
      if (wait === undefined) return true;
      const error = new Throttled(wait);
      setResponseHeader(response, 'Retry-After', String(error.wait));
      throw error;
    } catch (error) {
      throw this.messages.localizeFor(error, request, response);
    }
  }
}
