import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { ObjectLiteral } from 'typeorm';
import { mapDatabaseOutage } from '../database/database-unavailable.js';
import { RegistrationHttpException, UserNotFound } from '../errors/exceptions.js';
import { RegistrationEvent, RegistrationEvents, requestInfo } from '../events/registration-events.js';
import type { HttpRequest } from '../http/http.js';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import { UserLogin } from '../session/user-login.service.js';
import { RegistrationMessages } from '../messages/registration-messages.js';
import { REGISTRATION_CONFIGURATION } from '../registration.constants.js';
import { RegistrationUsers } from '../users/registration-users.service.js';
import { parseVerificationData } from '../verification/verification-data.js';
import { RegistrationLinks } from './registration-links.js';

/** verify-registration's success body; `detail` first, `token` with auto-login and token retrieval. */
export interface VerifyRegistrationResponse {
  detail: string;
  token?: string;
}

/** `POST <prefix>/verify-registration` and its redirect (upstream's `process_verify_registration_data`). */
@Injectable()
export class VerifyRegistrationService {
  constructor(
    @Inject(REGISTRATION_CONFIGURATION) private readonly configuration: RegistrationConfiguration,
    private readonly links: RegistrationLinks,
    private readonly users: RegistrationUsers,
    private readonly messages: RegistrationMessages,
    private readonly events: RegistrationEvents,
    private readonly userLogin: UserLogin,
  ) {}

  /** The API route: verifies, emits `registration.user.activated`, and logs in with auto-login. */
  verify(body: unknown, request: HttpRequest, response: unknown): Promise<VerifyRegistrationResponse> {
    return mapDatabaseOutage(async () => {
      // A cross-site form must not log a visitor into someone else's new account (login CSRF).
      if (this.configuration.registerVerificationAutoLogin) this.userLogin.checkCsrf(request);
      const user = await this.activate(body, request);
      this.events.emit(RegistrationEvent.UserActivated, {
        user: this.users.withoutSecrets(user),
        request: requestInfo(request),
      });
      const answer: VerifyRegistrationResponse = { detail: this.messages.format('userVerified', undefined, request) };
      if (this.configuration.registerVerificationAutoLogin) {
        const token = await this.userLogin.logIn(user, request, response, { user_id: this.users.getId(user) });
        if (token !== undefined) answer.token = token;
      }
      return answer;
    });
  }

  /**
   * Checks in upstream's order (404 when verification is off; the fields; the signature; the period;
   * the user) and sets the verification flag. Returns the user; no event, no login (the redirect's part).
   */
  async activate(body: unknown, request: HttpRequest): Promise<ObjectLiteral> {
    if (!this.configuration.registerVerificationEnabled)
      throw new RegistrationHttpException({ key: 'notFound' }, HttpStatus.NOT_FOUND);
    const data = await parseVerificationData(body, this.messages, request);
    const user = await this.links.find(data.user_id);
    this.links.verify(data, user);
    if (user === null) throw new UserNotFound();
    const flag = this.configuration.userVerificationFlagField;
    if (flag !== null) {
      await this.users.repository.update({ [this.users.idField]: user[this.users.idField] }, { [flag]: true });
      user[flag] = true;
    }
    return user;
  }
}
