import { Injectable } from '@nestjs/common';
import { getRequestAuth } from '../auth-token/request-auth.js';
import { mapDatabaseOutage } from '../database/database-unavailable.js';
import { AuthenticationFailed } from '../errors/exceptions.js';
import { RegistrationEvent, RegistrationEvents, requestInfo } from '../events/registration-events.js';
import type { HttpRequest } from '../http/http.js';
import { RegistrationMessages } from '../messages/registration-messages.js';
import { SessionLogin } from '../session/session-login.service.js';
import { RegistrationUsers } from '../users/registration-users.service.js';
import { ChangePasswordInput } from './change-password-input.js';

/**
 * `POST <prefix>/change-password` (upstream's `ChangePasswordView`). On success every other token and
 * session of the user ends and the credential of the request keeps working (we differ: upstream keeps
 * every token and ends the session that made the change).
 */
@Injectable()
export class ChangePasswordService {
  constructor(
    private readonly input: ChangePasswordInput,
    private readonly users: RegistrationUsers,
    private readonly sessions: SessionLogin,
    private readonly messages: RegistrationMessages,
    private readonly events: RegistrationEvents,
  ) {}

  changePassword(body: unknown, request: HttpRequest): Promise<{ detail: string }> {
    return mapDatabaseOutage(() => this.perform(body, request));
  }

  private async perform(body: unknown, request: HttpRequest): Promise<{ detail: string }> {
    const auth = getRequestAuth(request);
    const authenticated = auth?.user ?? (request.user as object);
    // The stored row, not the request's copy (a cached one may be older): its hash is checked and replaced.
    const user = await this.users.findById(this.users.getId(authenticated));
    if (!user) throw new AuthenticationFailed({ key: 'userInactiveOrDeleted' });
    const password = await this.input.read(body, user, request);
    await this.users.setPassword(user, password, { keep: { token: auth?.token } });
    if (auth?.session) await this.sessions.keepAfterPasswordChange(request, user);
    this.events.emit(RegistrationEvent.PasswordChanged, {
      user: this.users.withoutSecrets(user),
      request: requestInfo(request),
      kept: auth?.token !== undefined ? 'token' : auth?.session ? 'session' : 'none',
    });
    return { detail: this.messages.format('passwordChanged', undefined, request) };
  }
}
