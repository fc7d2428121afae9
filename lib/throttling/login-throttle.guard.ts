import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { getHttpRequest } from '../http/http.js';
import { RegistrationMessages } from '../messages/registration-messages.js';
import { LOGIN_THROTTLERS, LoginThrottler } from './login-throttler.js';

/**
 * Counts every login request against its client address: after the HTTP adapter has parsed the body (Nest
 * runs guards after the body parser), before the body is validated and before any password is hashed.
 */
@Injectable()
export class LoginAddressThrottleGuard implements CanActivate {
  constructor(
    private readonly throttler: LoginThrottler,
    private readonly messages: RegistrationMessages,
  ) {}

  /** Which count the guard adds to. */
  protected readonly budget: string = LOGIN_THROTTLERS.perAddress;

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = getHttpRequest(context);
    const response = context.switchToHttp().getResponse();
    try {
      await this.throttler.checkAddress(request, this.budget);
    } catch (error) {
      throw this.messages.localizeFor(error, request, response);
    }
    return true;
  }
}

/**
 * Counts every `GET <prefix>/csrf` against its client address, with the per-address limits but a count of
 * its own: each answer may create a server-side session, so anonymous callers cannot make them unthrottled.
 */
@Injectable()
export class CsrfAddressThrottleGuard extends LoginAddressThrottleGuard {
  protected override readonly budget: string = LOGIN_THROTTLERS.csrf;
}
