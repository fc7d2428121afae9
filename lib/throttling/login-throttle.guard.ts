import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { getHttpRequest } from '../http/http.js';
import { RegistrationMessages } from '../messages/registration-messages.js';
import { LoginThrottler } from './login-throttler.js';

/** Counts every login request against its client address before the body is read or validated. */
@Injectable()
export class LoginAddressThrottleGuard implements CanActivate {
  constructor(
    private readonly throttler: LoginThrottler,
    private readonly messages: RegistrationMessages,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = getHttpRequest(context);
    const response = context.switchToHttp().getResponse();
    try {
      await this.throttler.checkAddress(request, response);
    } catch (error) {
      throw this.messages.localizeFor(error, request, response);
    }
    return true;
  }
}
