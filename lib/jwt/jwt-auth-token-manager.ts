import { type CanActivate, Inject, Injectable, type Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { JwtService, type JwtVerifyOptions } from '@nestjs/jwt';
import { createSecretKey, randomUUID } from 'node:crypto';
import {
  type AuthToken,
  AuthTokenManager,
  type RequiredModule,
  type RevokeTokenOptions,
  type VerifiesTokens,
} from '../auth-token/auth-token-manager.js';
import { type CheckProblem, problem } from '../errors/configuration.error.js';
import { isClass } from '../http/reflection.js';
import { AuthenticationFailed, AuthTokenNotFound, AuthTokenNotRevoked } from '../errors/exceptions.js';
import type { JwtDenylistLike } from '../interfaces/jwt-settings.interface.js';
import type {
  RegistrationConfiguration,
  ResolvedJwtSettings,
} from '../interfaces/registration-configuration.interface.js';
import { REGISTRATION_CONFIGURATION } from '../registration.constants.js';
import { RegistrationUsers } from '../users/registration-users.service.js';
import { JwtAuthGuard } from './jwt-auth.guard.js';
import { JwtRevocationEntity, TypeOrmJwtDenylist } from './jwt-denylist.js';

const MIN_SECRET_BYTES = 32;

/** Claims of the tokens this manager signs. */
export interface RegistrationJwtClaims {
  /** The user's primary key. */
  sub: string;
  /** Unique token id (the denylist's key). */
  jti: string;
  iat: number;
  exp: number;
  /** Issue time in milliseconds, so revoke-all cuts off at the right instant. */
  iat_ms: number;
}

/**
 * Stateless signed tokens (HMAC JWT via `@nestjs/jwt`) with subject, issue time, expiry and id. Nothing
 * is stored on login. `revokeToken` throws `AuthTokenNotRevoked` unless `jwt.denylist` is set; with a
 * denylist, revoked tokens are refused until they expire.
 */
@Injectable()
export class JwtAuthTokenManager extends AuthTokenManager implements VerifiesTokens {
  protected readonly jwt: JwtService;
  protected readonly options: ResolvedJwtSettings;
  private readonly key?: Buffer;
  /** Made once: what every verification passes (@nestjs/jwt and jsonwebtoken copy it, never change it). */
  private readonly verifyOptions: JwtVerifyOptions;
  private denylist?: Promise<JwtDenylistLike | null>;

  constructor(
    @Inject(REGISTRATION_CONFIGURATION) protected readonly settings: RegistrationConfiguration,
    protected readonly users: RegistrationUsers,
    protected readonly moduleRef: ModuleRef,
  ) {
    super();
    this.options = settings.jwt;
    this.jwt = new JwtService({});
    const secret = this.options.secret;
    // A KeyObject made once: given a string or Buffer, jsonwebtoken builds one on every call (~0.5 ms).
    this.key = secret ? (createSecretKey(Buffer.from(secret)) as unknown as Buffer) : undefined;
    this.verifyOptions = {
      secret: this.key,
      algorithms: [this.options.algorithm],
      ...(this.options.issuer ? { issuer: this.options.issuer } : {}),
      ...(this.options.audience ? { audience: this.options.audience } : {}),
    };
  }

  /** Token lifetime in seconds. */
  get lifetime(): number {
    return this.options.expiresIn;
  }

  override getAuthenticationGuard(): Type<CanActivate> {
    return JwtAuthGuard;
  }

  override getRequiredModules(): RequiredModule[] {
    return this.options.denylist === TypeOrmJwtDenylist ? [JwtRevocationEntity] : [];
  }

  override getConfigurationProblems(): CheckProblem[] {
    const problems: CheckProblem[] = [];
    const secret = this.options.secret;
    if (secret === undefined || secret === null || secret.length === 0) {
      problems.push(
        problem(
          'E030',
          'JwtAuthTokenManager is in use but jwt.secret is not set.',
          'Set jwt: { secret } to a random value of at least 32 bytes, e.g. from process.env (forRootAsync with ConfigService).',
        ),
      );
    } else if (Buffer.byteLength(secret) < MIN_SECRET_BYTES) {
      problems.push(
        problem(
          'E031',
          `jwt.secret is ${Buffer.byteLength(secret)} bytes; HMAC secrets must be at least ${MIN_SECRET_BYTES}.`,
          'Use a random secret of at least 32 bytes, e.g. `openssl rand -base64 48`.',
        ),
      );
    }
    const lifetime = this.lifetime;
    if (!(Number.isFinite(lifetime) && lifetime > 0)) {
      problems.push(
        problem(
          'E032',
          `jwt.expiresIn is ${String(lifetime)}.`,
          'Set jwt.expiresIn to a positive number of seconds: JWTs must expire.',
        ),
      );
    }
    const denylist = this.options.denylist as unknown;
    if (
      denylist !== undefined &&
      denylist !== null &&
      !isClass(denylist) &&
      typeof (denylist as JwtDenylistLike).isRevoked !== 'function'
    ) {
      problems.push(
        problem(
          'E033',
          'jwt.denylist is neither a JwtDenylist class nor an instance.',
          'Set jwt.denylist to TypeOrmJwtDenylist, an instance such as new RedisJwtDenylist(redis), or null.',
        ),
      );
    }
    return problems;
  }

  override async provideToken(user: object): Promise<AuthToken> {
    const now = Date.now();
    return this.jwt.signAsync(
      { iat_ms: now },
      {
        secret: this.key,
        algorithm: this.options.algorithm,
        expiresIn: this.lifetime,
        subject: this.users.getId(user),
        jwtid: randomUUID(),
        ...(this.options.issuer ? { issuer: this.options.issuer } : {}),
        ...(this.options.audience ? { audience: this.options.audience } : {}),
      },
    );
  }

  override async revokeToken(user: object, options: RevokeTokenOptions = {}): Promise<void> {
    const denylist = await this.getDenylist();
    if (!denylist) throw new AuthTokenNotRevoked();
    const userId = this.users.getId(user);
    if (options.token === undefined) {
      const now = new Date();
      await denylist.revokeAllBefore(userId, now, new Date(now.getTime() + this.lifetime * 1000));
      return;
    }
    const claims = await this.verify(options.token).catch(() => undefined);
    if (!claims || claims.sub !== userId) throw new AuthTokenNotFound();
    await denylist.revoke(claims.jti, new Date(claims.exp * 1000));
  }

  async authenticateToken(token: AuthToken): Promise<object> {
    const claims = await this.verify(token).catch(() => {
      throw new AuthenticationFailed({ key: 'invalidToken' }, 'Bearer');
    });
    const denylist = await this.getDenylist();
    if (denylist && (await denylist.isRevoked({ jti: claims.jti, sub: claims.sub, issuedAtMs: claims.iat_ms }))) {
      throw new AuthenticationFailed({ key: 'invalidToken' }, 'Bearer');
    }
    const user = await this.users.findById(claims.sub);
    if (!user || !this.users.isActive(user)) throw new AuthenticationFailed({ key: 'userInactiveOrDeleted' }, 'Bearer');
    return user;
  }

  /** Verified claims of `token`; rejects when the signature, expiry, issuer, audience or shape is wrong. */
  protected async verify(token: string): Promise<RegistrationJwtClaims> {
    const claims = await this.jwt.verifyAsync<Partial<RegistrationJwtClaims>>(token, this.verifyOptions);
    if (
      typeof claims.sub !== 'string' ||
      typeof claims.jti !== 'string' ||
      typeof claims.exp !== 'number' ||
      typeof claims.iat_ms !== 'number'
    ) {
      throw new Error('unexpected claims');
    }
    return claims as RegistrationJwtClaims;
  }

  private getDenylist(): Promise<JwtDenylistLike | null> {
    this.denylist ??= (async () => {
      const configured = this.options.denylist;
      if (configured === undefined || configured === null) return null;
      return isClass<JwtDenylistLike>(configured) ? this.moduleRef.create(configured) : configured;
    })();
    return this.denylist;
  }
}
