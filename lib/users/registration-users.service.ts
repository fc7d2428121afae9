import { Inject, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { And, type DataSource, Equal, type EntityMetadata, type ObjectLiteral, Raw, type Repository } from 'typeorm';
import { PasswordHasher } from '../passwords/password-hasher.js';
import { REGISTRATION_CONFIGURATION, REGISTRATION_DATA_SOURCE } from '../registration.constants.js';
import type { AuthToken } from '../auth-token/auth-token-manager.js';
import { RegistrationTokens } from '../auth-token/registration-tokens.service.js';
import { PreparedInsert } from '../database/prepared-insert.js';
import { columnCanHold } from './column-values.js';
import { passwordStamp } from './password-stamp.js';

/** Options of `RegistrationUsers.setPassword()`. */
export interface SetPasswordOptions {
  /**
   * Revoke every token of the user, so that sessions opened with the old password end. With `false`,
   * the user's opaque tokens are bound to the new password and keep working; JWTs carry the binding
   * in their signature and end either way. Ignored with `keep`.
   * @default true
   */
  revokeTokens?: boolean;
  /**
   * The credential of the request that changes the password (what change-password does): every other
   * token of the user ends, and `keep.token` keeps working, bound to the new password in the same step
   * as the hash is stored. (Sessions end with the password; change-password then re-binds its own.)
   * @default none: `revokeTokens` applies
   */
  keep?: KeptCredential;
  /**
   * Store the new hash only if the stored one is still the hash `user` carries (a compare-and-set in
   * the database), so that two instances using the same one-time link cannot both succeed: the one
   * that finds the hash changed stores nothing and `setPassword` answers `false`. Ignored with `keep`.
   * @default false
   */
  ifUnchanged?: boolean;
}

/** What `setPassword(..., { keep })` keeps working. */
export interface KeptCredential {
  /** The token (opaque, or a JWT with a denylist that can `rebind`) that authenticated the request; none: no token is kept. */
  token?: AuthToken;
}
import { UserByIdLookup, type UserJoin } from './user-by-id-lookup.js';
import type { UserEntityFields } from './user-entity-fields.js';

/** Outcome of a password check. */
export interface PasswordCheck {
  matches: boolean;
  /** The stored hash should be replaced by one in the preferred scheme. */
  needsRehash: boolean;
}

/**
 * Lookups and password checks on the host's user entity, as the settings describe it. Given to
 * authenticators in their context; injectable by hosts that write their own.
 */
@Injectable()
export class RegistrationUsers {
  private readonly logger = new Logger('Registration');
  private cachedMetadata?: EntityMetadata;
  /** A property, so that the constructor stays as hosts and subclasses know it. */
  @Inject(ModuleRef) private readonly moduleRef?: ModuleRef;
  private byId?: UserByIdLookup;
  private userInsert?: PreparedInsert;

  /** The prepared-statement lookups of the user entity, made on first use. */
  private get prepared(): UserByIdLookup {
    this.byId ??= new UserByIdLookup(this.dataSource, this.metadata);
    return this.byId;
  }

  constructor(
    @Inject(REGISTRATION_CONFIGURATION) readonly settings: UserEntityFields,
    @Inject(REGISTRATION_DATA_SOURCE) readonly dataSource: DataSource,
    readonly hasher: PasswordHasher,
  ) {}

  /** The TypeORM repository of the user entity. */
  get repository(): Repository<ObjectLiteral> {
    return this.dataSource.getRepository(this.settings.userEntity);
  }

  get metadata(): EntityMetadata {
    this.cachedMetadata ??= this.dataSource.getMetadata(this.settings.userEntity);
    return this.cachedMetadata;
  }

  /** Name of the (single) primary key property. */
  get idField(): string {
    return this.metadata.primaryColumns[0].propertyName;
  }

  /**
   * Users whose `field` equals `value` exactly, letter case and trailing spaces included, whatever the
   * database collation says (MySQL and MariaDB compare case-insensitively by default). More than one
   * result means the value is not unique; callers treat that as no match. A value the column cannot
   * hold (text for an integer column, U+0000 on PostgreSQL) matches nobody without a query.
   */
  async findByField(field: string, value: unknown): Promise<ObjectLiteral[]> {
    if (!columnCanHold(this.dataSource, this.metadata, field, value)) return [];
    // One prepared statement where that gives what the repository gives (login, register and profile
    // uniqueness, throttling all come through here); the query builder otherwise.
    const rows = await ((typeof value === 'string' ? this.prepared.findByProperty(field, value, 3) : undefined) ??
      this.repository.find({ where: { [field]: this.exactly(value) }, take: 3 }));
    return rows.filter((row) => row[field] === value || String(row[field]) === String(value));
  }

  /**
   * The driver's values of the rows whose `field` equals the text `value` (at most `limit`), each
   * property of `selected` under its alias, no entity made: one prepared statement on SQLite and
   * PostgreSQL for a plain entity, `undefined` elsewhere (the caller's query builder then). As
   * `getRawMany()`, soft-deleted rows are left out and the comparison is the database's.
   */
  rawRowsByField(
    field: string,
    value: unknown,
    limit: number,
    selected: Readonly<Record<string, string>>,
  ): Promise<Array<Record<string, unknown>>> | undefined {
    return typeof value === 'string' ? this.prepared.rawByProperty(field, value, limit, selected) : undefined;
  }

  /**
   * The find condition for `value`. MySQL and MariaDB also compare the bytes, so the rows their
   * collation calls equal ('Alice', 'alice ') cannot crowd the exact one out of the few fetched; the
   * plain equality stays first so the column's index is still used.
   */
  private exactly(value: unknown): unknown {
    const type = this.dataSource.options.type;
    if (typeof value !== 'string' || (type !== 'mysql' && type !== 'mariadb' && type !== 'aurora-mysql')) return value;
    return And(
      Equal(value),
      Raw((column) => `CAST(${column} AS BINARY) = CAST(:registrationExactValue AS BINARY)`, {
        registrationExactValue: value,
      }),
    );
  }

  /**
   * Stores a new user made from `values` (`repository.create`) and answers it with what the database
   * generated (key, defaults), as `repository.save` answers it. One prepared insert where that is all
   * `save` would do (see `PreparedInsert`); the repository's `save` otherwise.
   */
  async insertUser(values: ObjectLiteral): Promise<ObjectLiteral> {
    const user = this.repository.create(values);
    this.userInsert ??= new PreparedInsert(this.dataSource, this.metadata, 'save');
    const inserted = this.userInsert.run(user);
    if (inserted === undefined) return this.repository.save(user);
    await inserted;
    return user;
  }

  /** The user with this primary key (per-request path of the token guard: one prepared query when the entity is plain). */
  findById(id: string | number): Promise<ObjectLiteral | null> {
    return this.prepared.find(id) ?? this.repository.findOne({ where: { [this.idField]: id } });
  }

  /**
   * How to read the user by id in the same statement as another table's row, when that gives what
   * `findById` gives: a plain entity on the same data source, and `findById` not overridden.
   * @internal Used by the token manager's per-request lookup.
   */
  joinableById(): UserJoin | undefined {
    if (this.findById !== RegistrationUsers.prototype.findById) return undefined;
    return this.prepared.joinable();
  }

  getId(user: object): string {
    return String((user as ObjectLiteral)[this.idField]);
  }

  isActive(user: object): boolean {
    const field = this.settings.userActiveField;
    return field === null || (user as ObjectLiteral)[field] === true || (user as ObjectLiteral)[field] === 1;
  }

  /** Verifies `password` against the user's stored hash. */
  async checkPassword(user: object, password: string): Promise<PasswordCheck> {
    const encoded = (user as ObjectLiteral)[this.settings.userPasswordField] as unknown;
    const stored = typeof encoded === 'string' ? encoded : null;
    const matches = await this.hasher.verify(password, stored);
    return { matches, needsRehash: matches && stored !== null && this.hasher.needsRehash(stored) };
  }

  /** Spends the cost of one password check without a user, so unknown users take as long as known ones. */
  async checkPasswordWithoutUser(password: string): Promise<void> {
    await this.hasher.verify(password, null);
  }

  /**
   * Replaces the user's stored hash by one in the preferred scheme (after a successful login with a
   * hash in an older scheme). A failure is logged and does not fail the login.
   */
  async upgradePassword(user: object, password: string): Promise<void> {
    const field = this.settings.userPasswordField;
    const previous = (user as ObjectLiteral)[field] as unknown;
    try {
      const encoded = await this.hasher.hash(password);
      // Only over the hash that was checked: a concurrent upgrade or password change keeps its own.
      const result = await this.repository.update(
        { [this.idField]: (user as ObjectLiteral)[this.idField], [field]: previous },
        { [field]: encoded },
      );
      if (result.affected === 0) {
        // Another request wrote a hash first. Another upgrade of the same password: bind this login's
        // token to the stored hash. A password change: keep the hash that was checked, so the token
        // of this login with the old password is refused.
        const current = await this.findById((user as ObjectLiteral)[this.idField] as string);
        const stored = current?.[field] as unknown;
        if (typeof stored === 'string' && (await this.hasher.verify(password, stored)))
          (user as ObjectLiteral)[field] = stored;
        return;
      }
      (user as ObjectLiteral)[field] = encoded;
    } catch (error) {
      this.logger.warn(`Could not upgrade the password hash of user ${this.getId(user)}: ${(error as Error).name}`);
    }
  }

  /** The digest of the user's stored password hash that its tokens are bound to (see `passwordStamp`). */
  passwordStamp(user: object): string {
    return passwordStamp((user as ObjectLiteral)[this.settings.userPasswordField]);
  }

  /**
   * The password-change hook: hashes `password` with the `PasswordHasher`, saves it on the user, and
   * (unless `revokeTokens: false`) revokes every token of the user through `RegistrationTokens`; with
   * `keep`, every token but the kept one. Call it from the host's own password-change or reset flow.
   * Answers `true` once the hash is stored; `false` only with `ifUnchanged`, when another writer
   * changed the password first (nothing stored, nothing revoked).
   */
  async setPassword(user: object, password: string, options: SetPasswordOptions = {}): Promise<boolean> {
    const field = this.settings.userPasswordField;
    const previous = this.passwordStamp(user);
    const encoded = await this.hasher.hash(password);
    const id = { [this.idField]: (user as ObjectLiteral)[this.idField] };
    // Resolved on use: the token manager itself depends on this service.
    const tokens = this.moduleRef!.get(RegistrationTokens, { strict: false });
    if (options.keep) {
      await tokens.changePassword({
        before: user,
        after: { ...user, [field]: encoded },
        token: options.keep.token,
        store: async (transaction) => {
          const repository = transaction?.getRepository(this.settings.userEntity) ?? this.repository;
          await repository.update(id, { [field]: encoded });
        },
      });
      (user as ObjectLiteral)[field] = encoded;
      return true;
    }
    const where = options.ifUnchanged ? { ...id, [field]: (user as ObjectLiteral)[field] as unknown } : id;
    const stored = await this.repository.update(where, { [field]: encoded });
    if (options.ifUnchanged && stored.affected === 0) return false;
    (user as ObjectLiteral)[field] = encoded;
    if (options.revokeTokens ?? true) await tokens.revokeAllTokens(user);
    else await tokens.rebindTokens(user, previous);
    return true;
  }

  /**
   * The account-deletion hook: deletes the user's row and revokes every token of the user, so that
   * nothing issued to this account works for one created later under the same key. Call it from the
   * host's own deletion flow (tokens of rows deleted otherwise are refused on use: their password
   * stamp no longer matches, see docs/security.md).
   */
  async deleteUser(user: object): Promise<void> {
    // The row first: a login that starts now finds nobody; then every token issued until now.
    await this.repository.delete({ [this.idField]: (user as ObjectLiteral)[this.idField] });
    await this.moduleRef!.get(RegistrationTokens, { strict: false }).revokeAllTokensIfPossible(user);
  }

  /** A copy of `user` without the password column, for events and logs. */
  withoutSecrets<T extends object>(user: T): T {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(user) as object) as T, user);
    delete (copy as ObjectLiteral)[this.settings.userPasswordField];
    return copy;
  }
}
