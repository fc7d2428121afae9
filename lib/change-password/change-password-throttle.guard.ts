import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { getRequestAuth } from '../auth-token/request-auth.js';
import { Throttled } from '../errors/throttled.exception.js';
import { getHttpRequest, setResponseHeader } from '../http/http.js';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import { RegistrationMessages } from '../messages/registration-messages.js';
import { REGISTRATION_CONFIGURATION } from '../registration.constants.js';
import { LoginThrottler } from '../throttling/login-throttler.js';
import { RegistrationUsers } from '../users/registration-users.service.js';

/**
 * Counts every change-password request against its user (`registrationThrottle.changePassword`), once
 * the request is authenticated and before the body is read, so that a stolen token or session cannot
 * try old passwords fast from many addresses. Over budget: 429 with `Retry-After`, as login answers it.
 */
@Injectable()
export class ChangePasswordThrottleGuard implements CanActivate {
  constructor(
    @Inject(REGISTRATION_CONFIGURATION) private readonly configuration: RegistrationConfiguration,
    private readonly throttler: LoginThrottler,
    private readonly users: RegistrationUsers,
    private readonly messages: RegistrationMessages,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const limit = this.configuration.changePasswordThrottle;
    if (limit === false) return true;
    const request = getHttpRequest(context);
    const user = getRequestAuth(request)?.user ?? (request.user as object | undefined);
    if (!user) return true; // the authentication guard before this one answers 401
    const response = context.switchToHttp().getResponse();
    try {
      const wait = await this.throttler.hit('registration-changePassword-user', this.users.getId(user), limit);
      if (wait === undefined) return true;
      const error = new Throttled(wait);
      setResponseHeader(response, 'Retry-After', String(error.wait));
      throw error;
    } catch (error) {
      throw this.messages.localizeFor(error, request, response);
    }
  }
}
