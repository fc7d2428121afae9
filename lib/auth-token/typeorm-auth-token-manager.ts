import { Inject, Injectable, Logger, Optional, type Type, type CanActivate } from '@nestjs/common';
import { type DataSource, In, IsNull, LessThan, Not, type Repository } from 'typeorm';
import { PreparedInsert } from '../database/prepared-insert.js';
import { retryOnDeadlock } from '../database/retry-on-deadlock.js';
import { AuthenticationFailed, AuthTokenNotFound } from '../errors/exceptions.js';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import {
  REGISTRATION_DATA_SOURCE,
  REGISTRATION_CONFIGURATION,
  REGISTRATION_TOKEN_CACHE,
} from '../registration.constants.js';
import type { CachedToken, TokenCache } from '../token-cache/token-cache.js';
import type { TokenInvalidation } from '../token-cache/invalidation-channel.js';
import { RegistrationUsers } from '../users/registration-users.service.js';
import {
  type AuthToken,
  AuthTokenManager,
  type RequiredModule,
  type RevokeTokenOptions,
  type VerifiesTokens,
  authenticateTokenNow,
} from './auth-token-manager.js';
import { AuthTokenEntity } from './auth-token.entity.js';
import { generateToken, hasTokenShape, tokenDigest } from './token-digest.js';
import { TokenAuthGuard } from './token-auth.guard.js';
import { type TokenRecord, TokenLookup } from './token-lookup.js';
import type { PasswordChange } from './registration-tokens.service.js';

const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * The default token manager: a fresh random token per login (per device), stored only as its
 * SHA-256 digest in `AuthTokenEntity` with the stamp of the password it was issued under, with an
 * optional time to live (`tokenTtl`), idle timeout (`tokenIdleTimeout`) and number per user
 * (`tokenLimitPerUser`, oldest revoked first). With `tokenCache`, tokens seen recently are answered
 * from memory, and every change here that ends a token is published to every instance.
 */
@Injectable()
export class TypeOrmAuthTokenManager extends AuthTokenManager implements VerifiesTokens {
  private readonly logger = new Logger('Registration');
  private lookup?: TokenLookup;
  private tokenInsert?: PreparedInsert;
  /** The `tokenCache` (null when off); a property so that subclasses keep their constructors. */
  @Optional() @Inject(REGISTRATION_TOKEN_CACHE) protected readonly cache: TokenCache | null = null;

  constructor(
    @Inject(REGISTRATION_CONFIGURATION) protected readonly settings: RegistrationConfiguration,
    @Inject(REGISTRATION_DATA_SOURCE) protected readonly dataSource: DataSource,
    protected readonly users: RegistrationUsers,
  ) {
    super();
  }

  protected get tokens(): Repository<AuthTokenEntity> {
    return this.dataSource.getRepository(AuthTokenEntity);
  }

  override getRequiredModules(): RequiredModule[] {
    return [AuthTokenEntity];
  }

  override getAuthenticationGuard(): Type<CanActivate> {
    return TokenAuthGuard;
  }

  override async provideToken(user: object): Promise<AuthToken> {
    const token = generateToken();
    const now = new Date();
    const ttl = this.settings.tokenTtl;
    const userId = this.users.getId(user);
    const row = {
      digest: tokenDigest(token),
      userId,
      createdAt: now,
      lastUsedAt: null,
      expiresAt: ttl === null ? null : new Date(now.getTime() + ttl * 1000),
      // The password this login checked: a change that lands before this insert leaves the token unusable.
      passwordStamp: this.users.passwordStamp(user),
    };
    // One prepared insert where that is all the repository's insert would do (see PreparedInsert).
    this.tokenInsert ??= new PreparedInsert(this.dataSource, this.tokens.metadata, 'insert');
    await retryOnDeadlock<unknown>(() => this.tokenInsert!.run(row) ?? this.tokens.insert(row));
    if (this.settings.tokenLimitPerUser !== null) {
      await this.enforceLimit(userId, row.digest, this.settings.tokenLimitPerUser);
    }
    return token;
  }

  /**
   * Revokes the user's oldest tokens beyond `limit`, never the one just issued. (MySQL and MariaDB
   * store `createdAt` to the second: tokens of the same second are ordered arbitrarily there.)
   */
  private async enforceLimit(userId: string, issued: string, limit: number): Promise<void> {
    const surplus = await this.tokens.find({
      select: { digest: true },
      where: { userId, digest: Not(issued) },
      order: { createdAt: 'DESC', digest: 'ASC' },
      skip: limit - 1,
      take: 1000,
    });
    if (surplus.length === 0) return;
    await retryOnDeadlock(() => this.tokens.delete({ userId, digest: In(surplus.map((row) => row.digest)) }));
    await this.invalidate(...surplus.map((row) => ({ digest: row.digest })));
  }

  override async revokeToken(user: object, options: RevokeTokenOptions = {}): Promise<void> {
    const userId = this.users.getId(user);
    const where = options.token === undefined ? { userId } : { userId, digest: tokenDigest(options.token) };
    const result = await retryOnDeadlock(() => this.tokens.delete(where));
    await this.invalidate(where.digest === undefined ? { userId } : { digest: where.digest });
    if (!result.affected) throw new AuthTokenNotFound();
  }

  /** The token's digest, as stored: the session keeps it to revoke this token at a session logout. */
  override tokenReference(token: AuthToken): Promise<string | null> {
    return Promise.resolve(tokenDigest(token));
  }

  override async revokeTokenByReference(user: object, reference: string): Promise<void> {
    const where = { userId: this.users.getId(user), digest: reference };
    const result = await retryOnDeadlock(() => this.tokens.delete(where));
    await this.invalidate({ digest: reference });
    if (!result.affected) throw new AuthTokenNotFound();
  }

  /** Revokes every token of these users (for example after a password change or an account lock). */
  async revokeAllTokens(...users: object[]): Promise<number> {
    if (users.length === 0) return 0;
    const userIds = users.map((user) => this.users.getId(user));
    const result = await retryOnDeadlock(() => this.tokens.delete({ userId: In(userIds) }));
    await this.invalidate(...userIds.map((userId) => ({ userId })));
    return result.affected ?? 0;
  }

  /**
   * Makes every instance read these users' tokens from the database again, for a change of the users
   * that the module did not make (an account deactivated by the host's code). A no-op without `tokenCache`.
   */
  async evictCachedUsers(...users: object[]): Promise<void> {
    await this.invalidate(...users.map((user) => ({ userId: this.users.getId(user) })));
  }

  /**
   * The new hash, the kept token bound to it and every other token of the user deleted, in one
   * transaction: other requests see the old state or the new one, never a kept token that does not
   * match its user. A token a concurrent login issues under the old password is deleted here or, if
   * inserted later, carries the old stamp and is refused.
   */
  async changePassword(change: PasswordChange): Promise<void> {
    const userId = this.users.getId(change.after);
    const digest = change.token === undefined ? undefined : tokenDigest(change.token);
    await retryOnDeadlock(() =>
      this.dataSource.transaction(async (transaction) => {
        const tokens = transaction.getRepository(AuthTokenEntity);
        if (digest !== undefined)
          await tokens.update(
            { userId, digest, passwordStamp: this.users.passwordStamp(change.before) },
            { passwordStamp: this.users.passwordStamp(change.after) },
          );
        await change.store(transaction);
        await tokens.delete(digest === undefined ? { userId } : { userId, digest: Not(digest) });
      }),
    );
    // Cached copies of the user hold the previous hash; the other tokens are gone.
    await this.invalidate({ userId });
  }

  /** Binds the user's tokens issued under `previousStamp` to the user's current password. */
  async rebindTokens(user: object, previousStamp: string): Promise<void> {
    const userId = this.users.getId(user);
    await retryOnDeadlock(() =>
      this.tokens.update({ userId, passwordStamp: previousStamp }, { passwordStamp: this.users.passwordStamp(user) }),
    );
    // Cached copies of the user still hold the previous password hash.
    await this.invalidate({ userId });
  }

  /** Deletes the rows of tokens that can no longer be used: expired, or idle too long. Call it from a scheduled job. */
  async purgeExpiredTokens(now = new Date()): Promise<number> {
    let purged = (await this.tokens.delete({ expiresAt: LessThan(now) })).affected ?? 0;
    const idle = this.settings.tokenIdleTimeout;
    if (idle !== null) {
      const cutoff = new Date(now.getTime() - idle * 1000);
      purged += (await this.tokens.delete({ lastUsedAt: LessThan(cutoff) })).affected ?? 0;
      purged += (await this.tokens.delete({ lastUsedAt: IsNull(), createdAt: LessThan(cutoff) })).affected ?? 0;
    }
    return purged;
  }

  authenticateToken(token: AuthToken): Promise<object> {
    try {
      return Promise.resolve(this.authenticateNow(token));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  /** @internal What the module's guards call: `authenticateToken()`, without a promise on SQLite and on a cache hit. */
  [authenticateTokenNow](token: AuthToken): object | Promise<object> {
    // A subclass's authenticateToken() is the one to call.
    if (this.authenticateToken !== TypeOrmAuthTokenManager.prototype.authenticateToken)
      return this.authenticateToken(token);
    return this.authenticateNow(token);
  }

  private authenticateNow(token: AuthToken): object | Promise<object> {
    if (!hasTokenShape(token)) throw new AuthenticationFailed({ key: 'invalidToken' });
    const digest = tokenDigest(token);
    const cached = this.cache?.get(digest);
    if (cached !== undefined) {
      const user = this.fromCache(digest, cached, Date.now());
      if (user !== undefined) return user;
    }
    // Taken before the read: an invalidation that arrives while it runs keeps its result out of the cache.
    const mark = this.cache?.mark() ?? 0;
    this.lookup ??= new TokenLookup(this.dataSource, this.users.joinableById?.());
    const row = this.lookup.find(digest);
    return row instanceof Promise
      ? row.then((found) => this.acceptRow(digest, found, mark))
      : this.acceptRow(digest, row, mark);
  }

  /** The token's user once its row is read: checks the row, then the user (read now when the statement could not join it). */
  private acceptRow(digest: string, row: TokenRecord | null, mark: number): object | Promise<object> {
    const now = Date.now();
    if (!row) throw new AuthenticationFailed({ key: 'invalidToken' });
    if (this.isUnusable(row.expiresAt?.getTime() ?? null, (row.lastUsedAt ?? row.createdAt).getTime(), now)) {
      this.forget(this.tokens.delete({ digest }));
      throw new AuthenticationFailed({ key: 'invalidToken' });
    }
    if (row.user !== undefined) return this.acceptUser(digest, row, row.user, mark, now);
    return this.users.findById(row.userId).then((user) => this.acceptUser(digest, row, user, mark, now));
  }

  private acceptUser(digest: string, row: TokenRecord, user: object | null, mark: number, now: number): object {
    if (!user || !this.users.isActive(user)) throw new AuthenticationFailed({ key: 'userInactiveOrDeleted' });
    if (row.passwordStamp !== this.users.passwordStamp(user)) {
      // Issued under another password, or to an account deleted since (its key reused). Only while it
      // still carries that stamp: a password change may have bound it to the new one since it was read.
      this.forget(this.tokens.delete({ digest, passwordStamp: row.passwordStamp ?? IsNull() }));
      // Other instances may still hold the user as it was before the change.
      if (this.cache) this.forget(this.cache.invalidate({ userId: row.userId }));
      throw new AuthenticationFailed({ key: 'invalidToken' });
    }
    let lastUsedAt = row.lastUsedAt?.getTime() ?? null;
    if (lastUsedAt === null || now - lastUsedAt >= LAST_USED_RESOLUTION_MS) {
      this.forget(this.tokens.update({ digest }, { lastUsedAt: new Date(now) }));
      lastUsedAt = now;
    }
    this.cache?.set(
      digest,
      {
        userId: row.userId,
        user,
        expiresAt: row.expiresAt?.getTime() ?? null,
        createdAt: row.createdAt.getTime(),
        lastUsedAt,
      },
      mark,
      now,
    );
    return user;
  }

  /**
   * The user of a cached token, as a copy (a handler that changes `request.user` does not change the
   * cache's); `undefined` when the token has expired or idled since, for the database to decide.
   */
  private fromCache(digest: string, cached: CachedToken, now: number): object | undefined {
    if (this.isUnusable(cached.expiresAt, cached.lastUsedAt ?? cached.createdAt, now)) {
      this.cache!.forget({ digest });
      return undefined;
    }
    if (cached.lastUsedAt === null || now - cached.lastUsedAt >= LAST_USED_RESOLUTION_MS) {
      cached.lastUsedAt = now;
      this.forget(this.tokens.update({ digest }, { lastUsedAt: new Date(now) }));
    }
    return Object.assign(Object.create(Object.getPrototypeOf(cached.user) as object | null) as object, cached.user);
  }

  /** Expired, or unused for longer than `tokenIdleTimeout` (times in ms). */
  private isUnusable(expiresAt: number | null, lastUsed: number, now: number): boolean {
    if (expiresAt !== null && expiresAt <= now) return true;
    const idle = this.settings.tokenIdleTimeout;
    return idle !== null && now - lastUsed > idle * 1000;
  }

  /** Forgets tokens in the cache of every instance (no-op without `tokenCache`). */
  private async invalidate(...invalidations: TokenInvalidation[]): Promise<void> {
    if (this.cache && invalidations.length > 0) await this.cache.invalidate(...invalidations);
  }

  /** Bookkeeping writes must never fail the request that triggered them. */
  private forget(write: Promise<unknown>): void {
    write.catch((error: unknown) => this.logger.warn(`Token bookkeeping failed: ${(error as Error).name}`));
  }
}
