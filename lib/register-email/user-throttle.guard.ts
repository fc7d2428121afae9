import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Throttled } from '../errors/throttled.exception.js';
import { getHttpRequest, setResponseHeader } from '../http/http.js';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import { RegistrationMessages } from '../messages/registration-messages.js';
import { REGISTRATION_CONFIGURATION } from '../registration.constants.js';
import { LoginThrottler } from '../throttling/login-throttler.js';
import { RegistrationUsers } from '../users/registration-users.service.js';
import { authenticatedUser } from './register-email.service.js';

/**
 * Counts every register-email request of the authenticated user against `registrationThrottle.registerEmail`
 * (each one can send a message: no mail bombing of a victim's address through one account). Runs after
 * the authentication guard; over budget: 429 with `Retry-After`, as login answers it.
 */
@Injectable()
export class RegisterEmailThrottleGuard implements CanActivate {
  constructor(
    @Inject(REGISTRATION_CONFIGURATION) private readonly configuration: RegistrationConfiguration,
    private readonly throttler: LoginThrottler,
    private readonly users: RegistrationUsers,
    private readonly messages: RegistrationMessages,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const budgets = this.configuration.registrationThrottle;
    const limit = budgets === false ? false : budgets.registerEmail;
    if (limit === false) return true;
    const request = getHttpRequest(context);
    const response = context.switchToHttp().getResponse();
    try {
      const user = authenticatedUser(request);
      const wait = await this.throttler.hit('registration-registerEmail-user', this.users.getId(user), limit);
      if (wait === undefined) return true;
      const error = new Throttled(wait);
      setResponseHeader(response, 'Retry-After', String(error.wait));
      throw error;
    } catch (error) {
      throw this.messages.localizeFor(error, request, response);
    }
  }
}
