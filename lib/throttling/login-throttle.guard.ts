import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { getHttpRequest } from '../core/http.js';
import { LoginThrottler } from './login-throttler.js';

/** Counts every login request against its client address before the body is read or validated. */
@Injectable()
export class LoginAddressThrottleGuard implements CanActivate {
  constructor(private readonly throttler: LoginThrottler) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await this.throttler.checkAddress(getHttpRequest(context), context.switchToHttp().getResponse());
    return true;
  }
}
