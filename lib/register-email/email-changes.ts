import { Inject, Injectable } from '@nestjs/common';
import type { ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import { RegistrationTokens } from '../auth-token/registration-tokens.service.js';
import { isUniqueViolation } from '../database/unique-violation.js';
import { BadRequest, ValidationFailed } from '../errors/exceptions.js';
import { RegistrationEvent, RegistrationEvents, requestInfo } from '../events/registration-events.js';
import type { HttpRequest } from '../http/http.js';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import type { MessageRef } from '../messages/default-messages.js';
import { RegistrationMessages } from '../messages/registration-messages.js';
import { REGISTRATION_CONFIGURATION } from '../registration.constants.js';
import { RegistrationUsers } from '../users/registration-users.service.js';

/** 400 `{"detail":"This email is already registered."}` (a unique e-mail column holds the address already). */
export class EmailAlreadyRegistered extends BadRequest {
  constructor(detail: string | MessageRef = { key: 'emailAlreadyRegistered' }) {
    super(detail);
  }
}

/** The e-mail column of the user entity: whether an address is taken, and changing a user's address. */
@Injectable()
export class EmailChanges {
  constructor(
    @Inject(REGISTRATION_CONFIGURATION) private readonly configuration: RegistrationConfiguration,
    private readonly users: RegistrationUsers,
    private readonly messages: RegistrationMessages,
    private readonly events: RegistrationEvents,
    private readonly tokens: RegistrationTokens,
  ) {}

  private get column(): ColumnMetadata | undefined {
    return this.users.metadata.findColumnWithPropertyName(this.configuration.userEmailField);
  }

  /** Whether the e-mail column is unique (upstream's `is_user_email_field_unique`). */
  get unique(): boolean {
    const column = this.column;
    if (!column) return false;
    const metadata = this.users.metadata;
    return (
      column.isPrimary ||
      metadata.indices.some((index) => index.isUnique && index.columns.length === 1 && index.columns[0] === column) ||
      metadata.uniques.some((unique) => unique.columns.length === 1 && unique.columns[0] === column)
    );
  }

  /**
   * Whether a unique e-mail column already holds `email` (any user, the caller included, as upstream's
   * `user_with_email_exists`). Compared as the column's unique index compares (the database's collation).
   */
  async taken(email: string): Promise<boolean> {
    if (!this.unique) return false;
    return this.users.repository.exists({ where: { [this.configuration.userEmailField]: email } });
  }

  /**
   * 400 `email: Ensure this field has no more than N characters.` when the column cannot hold the
   * address (upstream's plain `EmailField` has no limit; storing it would fail).
   */
  checkLength(email: string, request: HttpRequest): void {
    const length = Number(this.column?.length);
    if (!Number.isInteger(length) || length <= 0 || [...email].length <= length) return;
    throw new ValidationFailed({
      email: [this.messages.format('fieldTooLong', { max_length: length }, request)],
    });
  }

  /**
   * Stores `email` as the user's address and emits `registration.user.email-changed`. Another request
   * that stored the same address on a unique column first (a race the `taken` check cannot see) makes
   * the database refuse the row: that answers `EmailAlreadyRegistered` too.
   */
  async change(user: ObjectLiteral, email: string, request: HttpRequest): Promise<void> {
    const field = this.configuration.userEmailField;
    const idField = this.users.idField;
    const oldEmail = (user[field] ?? null) as string | null;
    try {
      await this.users.repository.update({ [idField]: user[idField] }, { [field]: email });
    } catch (error) {
      if (isUniqueViolation(error)) throw new EmailAlreadyRegistered();
      throw error;
    }
    user[field] = email;
    // Routes answered from the token cache see the new address at once.
    await this.tokens.evictCachedUsers(user);
    this.events.emit(RegistrationEvent.UserEmailChanged, {
      user: this.users.withoutSecrets(user),
      oldEmail,
      newEmail: email,
      request: requestInfo(request),
    });
  }
}
