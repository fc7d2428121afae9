import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { catchError, type Observable, throwError } from 'rxjs';
import { RegistrationMessages } from './registration-messages.js';

/**
 * Applies the `messages` settings to every error leaving the login controller's pipes and handlers,
 * including those of a host's own authenticator or token manager thrown with their default texts, in
 * the request's language when translations are configured.
 */
@Injectable()
export class RegistrationMessagesInterceptor implements NestInterceptor {
  constructor(private readonly messages: RegistrationMessages) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    this.messages.vary(http.getResponse());
    return next
      .handle()
      .pipe(
        catchError((error: unknown) =>
          throwError(() => this.messages.localizeFor(error, http.getRequest(), http.getResponse())),
        ),
      );
  }
}
