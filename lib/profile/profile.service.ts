import { Injectable } from '@nestjs/common';
import type { ObjectLiteral } from 'typeorm';
import { getRequestAuth } from '../auth-token/request-auth.js';
import { RegistrationTokens } from '../auth-token/registration-tokens.service.js';
import { mapDatabaseOutage } from '../database/database-unavailable.js';
import { isUniqueViolation } from '../database/unique-violation.js';
import { AuthenticationFailed, NotAuthenticated } from '../errors/exceptions.js';
import type { HttpRequest } from '../http/http.js';
import { RegistrationUsers } from '../users/registration-users.service.js';
import { ProfileInput } from './profile-input.js';

/** `GET / PUT / PATCH / POST <prefix>/profile` (upstream's `ProfileView`). */
@Injectable()
export class ProfileService {
  constructor(
    private readonly input: ProfileInput,
    private readonly users: RegistrationUsers,
    private readonly tokens: RegistrationTokens,
  ) {}

  /** The profile of the user who made the request. */
  show(request: HttpRequest): Promise<object> {
    return mapDatabaseOutage(async () => this.output(await this.current(request)));
  }

  /** PATCH (`partial`), PUT and POST: the writable fields sent are stored, then the profile is answered. */
  update(body: unknown, request: HttpRequest, partial: boolean): Promise<object> {
    return mapDatabaseOutage(async () => {
      const user = await this.current(request);
      const values = await this.input.read(body, request, user, partial);
      if (Object.keys(values).length === 0) return this.output(user);
      await this.save(user, values, body, request, partial);
      // Routes answered from the token cache see the new values at once.
      await this.tokens.evictCachedUsers(user);
      return this.output(await this.current(request));
    });
  }

  /** The stored row of the authenticated user (read again: the guard's copy may be cached). */
  private async current(request: HttpRequest): Promise<ObjectLiteral> {
    const user = getRequestAuth(request)?.user ?? (request as { user?: object }).user;
    if (!user) throw new NotAuthenticated();
    const stored = await this.users.findById(this.users.getId(user));
    if (!stored) throw new AuthenticationFailed({ key: 'userInactiveOrDeleted' });
    return stored;
  }

  /** A unique constraint that refuses the write (a concurrent request took the value) answers as the check does. */
  private async save(
    user: ObjectLiteral,
    values: ObjectLiteral,
    body: unknown,
    request: HttpRequest,
    partial: boolean,
  ): Promise<void> {
    const where = { [this.users.idField]: user[this.users.idField] };
    try {
      await this.users.repository.update(where, values);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      await this.input.read(body, request, user, partial);
      throw this.input.takenError(values, request) ?? error;
    }
  }

  private output(user: ObjectLiteral): object {
    const body: Record<string, unknown> = {};
    for (const field of this.input.spec.fields) body[field.name] = user[field.property!] ?? null;
    return body;
  }
}
