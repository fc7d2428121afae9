import { jwtAlgorithmAndSecretProblems } from './jwt-settings.checks.js';
import { type CanActivate, Inject, Injectable, type Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { JwtService, type JwtVerifyOptions } from '@nestjs/jwt';
import { createSecretKey, type KeyObject, randomUUID } from 'node:crypto';
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
import { keyedPasswordStamp, RecentStamps } from '../users/password-stamp.js';
import { RegistrationUsers } from '../users/registration-users.service.js';
import type { PasswordChange } from '../auth-token/registration-tokens.service.js';
import { JwtAuthGuard } from './jwt-auth.guard.js';
import { type HmacJwtVerifyOptions, isHmacJwtAlgorithm, verifyHmacJwt } from './hmac-jwt.js';
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
  /** Issue time in milliseconds. */
  iat_ms: number;
  /** Keyed digest of the user's stored password hash: a token outlives neither a new password nor its account. */
  pst: string;
  /** The user's revocation generation at issue, with a denylist: a later revoke-all refuses the token. */
  gen?: number;
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
  /** The same checks for `verifyHmacJwt`; undefined when the algorithm is not HMAC (startup checks refuse it). */
  private readonly hmacOptions?: HmacJwtVerifyOptions;
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
    if (isHmacJwtAlgorithm(this.options.algorithm)) {
      this.hmacOptions = {
        algorithms: [this.options.algorithm],
        ...(this.options.issuer ? { issuer: this.options.issuer } : {}),
        ...(this.options.audience ? { audience: this.options.audience } : {}),
      };
    }
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
    problems.push(...jwtAlgorithmAndSecretProblems(this.options, problems.length === 0));
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
    const denylist = await this.getDenylist();
    // Read before signing: a revoke-all that lands in between advances the generation past this token's.
    const gen = denylist ? await denylist.generation(this.users.getId(user)) : undefined;
    return this.jwt.signAsync(
      { iat_ms: now, pst: this.passwordStamp(user), ...(gen === undefined ? {} : { gen }) },
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
      await denylist.revokeAll(userId);
      return;
    }
    const claims = await this.verify(options.token).catch(() => undefined);
    if (!claims || claims.sub !== userId) throw new AuthTokenNotFound();
    await denylist.revoke(claims.jti, new Date(claims.exp * 1000));
  }
  /** `<jti>:<exp>`: enough to put this token on the denylist at a session logout, not to use it. */
  override async tokenReference(token: AuthToken): Promise<string | null> {
    const claims = await this.verify(token).catch(() => undefined);
    return claims ? `${claims.jti}:${claims.exp}` : null;
  }

  override async revokeTokenByReference(user: object, reference: string): Promise<void> {
    void user; // the reference came from this user's own session
    const denylist = await this.getDenylist();
    if (!denylist) throw new AuthTokenNotRevoked();
    const at = reference.lastIndexOf(':');
    const expiresAt = Number(reference.slice(at + 1));
    if (at <= 0 || !Number.isFinite(expiresAt)) throw new AuthTokenNotFound();
    await denylist.revoke(reference.slice(0, at), new Date(expiresAt * 1000));
  }

  async authenticateToken(token: AuthToken): Promise<object> {
    const claims = await this.verify(token).catch(() => {
      throw new AuthenticationFailed({ key: 'invalidToken' }, 'Bearer');
    });
    const denylist = await this.getDenylist();
    if (
      denylist &&
      (await denylist.isRevoked({
        jti: claims.jti,
        sub: claims.sub,
        issuedAtMs: claims.iat_ms,
        generation: claims.gen ?? 0,
      }))
    ) {
      throw new AuthenticationFailed({ key: 'invalidToken' }, 'Bearer');
    }
    const user = await this.users.findById(claims.sub);
    if (!user || !this.users.isActive(user)) throw new AuthenticationFailed({ key: 'userInactiveOrDeleted' }, 'Bearer');
    // Issued under another password, or to an account deleted since (its key reused), unless a
    // password change made with this very token bound it to the current one.
    const stamp = this.passwordStamp(user);
    if (claims.pst !== stamp && !(denylist?.isRebound && (await denylist.isRebound(claims.jti, stamp))))
      throw new AuthenticationFailed({ key: 'invalidToken' }, 'Bearer');
    return user;
  }

  /**
   * A password change keeping `change.token`: with a denylist that can (`isRebound`), the token's id is
   * bound to the new password's stamp before the hash is stored, so the token is accepted throughout;
   * every other token ends with the old password (its `pst` claim). Without one, every token ends.
   */
  async changePassword(change: PasswordChange): Promise<void> {
    const denylist = await this.getDenylist();
    if (change.token !== undefined && denylist?.rebind) {
      const claims = await this.verify(change.token).catch(() => undefined);
      const current = claims?.sub === this.users.getId(change.after) ? await this.usable(change.token) : false;
      if (claims && current)
        await denylist.rebind(claims.jti, this.passwordStamp(change.after), new Date(claims.exp * 1000));
    }
    await change.store();
  }

  /** Whether `token` authenticates right now. */
  private usable(token: AuthToken): Promise<boolean> {
    return this.authenticateToken(token).then(
      () => true,
      () => false,
    );
  }

  /** The claim binding a token to the user's stored password hash, keyed with the signing secret. */
  protected passwordStamp(user: object): string {
    const encoded = (user as Record<string, unknown>)[this.settings.userPasswordField];
    if (typeof encoded !== 'string') return keyedPasswordStamp(this.key ?? '', encoded);
    return this.recentStamps.get(encoded, () => keyedPasswordStamp(this.key ?? '', encoded));
  }

  /** Keyed stamps of recently seen hashes: an HMAC per request for what rarely changes. */
  private readonly recentStamps = new RecentStamps();

  /**
   * Verified claims of `token`; rejects when the signature, expiry, issuer, audience or shape is wrong.
   * HMAC tokens are checked in one pass with `node:crypto` (`verifyHmacJwt`: the checks `jsonwebtoken`
   * makes with these options, at about half its cost); `jsonwebtoken` still signs.
   */
  protected async verify(token: string): Promise<RegistrationJwtClaims> {
    const claims: Partial<RegistrationJwtClaims> =
      this.hmacOptions && this.key
        ? verifyHmacJwt(token, this.key as unknown as KeyObject, this.hmacOptions)
        : await this.jwt.verifyAsync<Partial<RegistrationJwtClaims>>(token, this.verifyOptions);
    if (
      typeof claims.sub !== 'string' ||
      typeof claims.jti !== 'string' ||
      typeof claims.exp !== 'number' ||
      typeof claims.iat_ms !== 'number' ||
      typeof claims.pst !== 'string' ||
      (claims.gen !== undefined && typeof claims.gen !== 'number')
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
