import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { catchError, type Observable, throwError } from 'rxjs';
import { RegistrationMessages } from './registration-messages.js';

/**
 * Applies the `messages` setting to every error leaving the login controller's pipes and handlers,
 * including those of a host's own authenticator or token manager thrown with their default texts.
 */
@Injectable()
export class RegistrationMessagesInterceptor implements NestInterceptor {
  constructor(private readonly messages: RegistrationMessages) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.messages.overridden) return next.handle();
    return next.handle().pipe(catchError((error: unknown) => throwError(() => this.messages.localize(error))));
  }
}
