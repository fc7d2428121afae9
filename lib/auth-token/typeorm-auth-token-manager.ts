import { Inject, Injectable, Logger, type Type, type CanActivate } from '@nestjs/common';
import { type DataSource, In, type Repository } from 'typeorm';
import { retryOnDeadlock } from '../database/retry-on-deadlock.js';
import { AuthenticationFailed, AuthTokenNotFound } from '../errors/exceptions.js';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import { REGISTRATION_DATA_SOURCE, REGISTRATION_CONFIGURATION } from '../registration.constants.js';
import { RegistrationUsers } from '../users/registration-users.service.js';
import {
  type AuthToken,
  AuthTokenManager,
  type RequiredModule,
  type RevokeTokenOptions,
  type VerifiesTokens,
} from './auth-token-manager.js';
import { AuthTokenEntity } from './auth-token.entity.js';
import { generateToken, hasTokenShape, tokenDigest } from './token-digest.js';
import { TokenAuthGuard } from './token-auth.guard.js';
import { TokenLookup } from './token-lookup.js';

const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * The default token manager: a fresh random token per login (per device), stored only as its
 * SHA-256 digest in `AuthTokenEntity`, with an optional time to live (`tokenTtl`).
 */
@Injectable()
export class TypeOrmAuthTokenManager extends AuthTokenManager implements VerifiesTokens {
  private readonly logger = new Logger('Registration');
  private lookup?: TokenLookup;

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
    const row = {
      digest: tokenDigest(token),
      userId: this.users.getId(user),
      createdAt: now,
      lastUsedAt: null,
      expiresAt: ttl === null ? null : new Date(now.getTime() + ttl * 1000),
    };
    await retryOnDeadlock(() => this.tokens.insert(row));
    return token;
  }

  override async revokeToken(user: object, options: RevokeTokenOptions = {}): Promise<void> {
    const userId = this.users.getId(user);
    const where = options.token === undefined ? { userId } : { userId, digest: tokenDigest(options.token) };
    const result = await retryOnDeadlock(() => this.tokens.delete(where));
    if (!result.affected) throw new AuthTokenNotFound();
  }

  /** Revokes every token of these users (for example after a password change or an account lock). */
  async revokeAllTokens(...users: object[]): Promise<number> {
    if (users.length === 0) return 0;
    const userIds = users.map((user) => this.users.getId(user));
    const result = await retryOnDeadlock(() => this.tokens.delete({ userId: In(userIds) }));
    return result.affected ?? 0;
  }

  async authenticateToken(token: AuthToken): Promise<object> {
    if (!hasTokenShape(token)) throw new AuthenticationFailed({ key: 'invalidToken' });
    const digest = tokenDigest(token);
    this.lookup ??= new TokenLookup(this.dataSource, this.users.joinableById?.());
    const row = await this.lookup.find(digest);
    const now = Date.now();
    if (!row) throw new AuthenticationFailed({ key: 'invalidToken' });
    if (row.expiresAt !== null && row.expiresAt.getTime() <= now) {
      this.forget(this.tokens.delete({ digest }));
      throw new AuthenticationFailed({ key: 'invalidToken' });
    }
    const user = row.user !== undefined ? row.user : await this.users.findById(row.userId);
    if (!user || !this.users.isActive(user)) throw new AuthenticationFailed({ key: 'userInactiveOrDeleted' });
    if (row.lastUsedAt === null || now - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
      this.forget(this.tokens.update({ digest }, { lastUsedAt: new Date(now) }));
    }
    return user;
  }

  /** Bookkeeping writes must never fail the request that triggered them. */
  private forget(write: Promise<unknown>): void {
    write.catch((error: unknown) => this.logger.warn(`Token bookkeeping failed: ${(error as Error).name}`));
  }
}
