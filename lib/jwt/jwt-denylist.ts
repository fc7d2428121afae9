import { Inject, Injectable } from '@nestjs/common';
import { Column, Entity, In, PrimaryColumn, type DataSource } from 'typeorm';
import type { JwtDenylistLike } from '../interfaces/jwt-settings.interface.js';
import { REGISTRATION_DATA_SOURCE } from '../registration.constants.js';

/** Claims a denylist decides on. */
export interface DenylistClaims {
  jti: string;
  sub: string;
  /** When the token was issued, in milliseconds. */
  issuedAtMs: number;
}

/**
 * Remembers revoked JWTs until they expire: single tokens by id (`jti`), and "every token of this user
 * issued before" for revoke-all. Checked on every authenticated request.
 */
export abstract class JwtDenylist implements JwtDenylistLike {
  abstract isRevoked(claims: DenylistClaims): Promise<boolean>;
  abstract revoke(jti: string, expiresAt: Date): Promise<void>;
  abstract revokeAllBefore(userId: string, before: Date, expiresAt: Date): Promise<void>;
}

/** One revocation: `jti:<id>` for a token, `user:<id>` for all of a user's tokens before `notBefore`. */
@Entity('registration_jwt_revocation')
export class JwtRevocationEntity {
  @PrimaryColumn({ type: 'varchar', length: 300 })
  key: string;

  /** For user revocations: tokens issued before this instant are refused. */
  @Column({ nullable: true, type: Date })
  notBefore: Date | null;

  /** After this the entry no longer matters (every token it covers has expired). */
  @Column()
  expiresAt: Date;
}

/** A denylist in the module's TypeORM DataSource (add `JwtRevocationEntity` to its entities). */
@Injectable()
export class TypeOrmJwtDenylist extends JwtDenylist {
  constructor(@Inject(REGISTRATION_DATA_SOURCE) private readonly dataSource: DataSource) {
    super();
  }

  private get repository() {
    return this.dataSource.getRepository(JwtRevocationEntity);
  }

  async isRevoked({ jti, sub, issuedAtMs }: DenylistClaims): Promise<boolean> {
    const rows = await this.repository.find({ where: { key: In([`jti:${jti}`, `user:${sub}`]) } });
    return rows.some((row) => row.notBefore === null || issuedAtMs < row.notBefore.getTime());
  }

  async revoke(jti: string, expiresAt: Date): Promise<void> {
    await this.repository.upsert({ key: `jti:${jti}`, notBefore: null, expiresAt }, ['key']);
  }

  async revokeAllBefore(userId: string, before: Date, expiresAt: Date): Promise<void> {
    await this.repository.upsert({ key: `user:${userId}`, notBefore: before, expiresAt }, ['key']);
  }

  /** Deletes entries whose tokens have all expired; call it from a scheduled job. */
  async purgeExpired(now = new Date()): Promise<number> {
    const result = await this.repository.createQueryBuilder().delete().where('expiresAt < :now', { now }).execute();
    return result.affected ?? 0;
  }
}

/** The part of an ioredis (or node-redis v4 with `legacyMode`) client the Redis denylist uses. */
export interface RedisLikeClient {
  mget(...keys: string[]): Promise<Array<string | null>>;
  set(key: string, value: string, mode: 'PX', milliseconds: number): Promise<unknown>;
}

/** A denylist in Redis; entries expire with the tokens they cover. Shared by every app instance. */
export class RedisJwtDenylist extends JwtDenylist {
  constructor(
    private readonly redis: RedisLikeClient,
    private readonly prefix = 'registration:jwt:',
  ) {
    super();
  }

  async isRevoked({ jti, sub, issuedAtMs }: DenylistClaims): Promise<boolean> {
    const [token, user] = await this.redis.mget(`${this.prefix}jti:${jti}`, `${this.prefix}user:${sub}`);
    return token !== null || (user !== null && issuedAtMs < Number(user));
  }

  async revoke(jti: string, expiresAt: Date): Promise<void> {
    await this.redis.set(`${this.prefix}jti:${jti}`, '1', 'PX', this.ttl(expiresAt));
  }

  async revokeAllBefore(userId: string, before: Date, expiresAt: Date): Promise<void> {
    await this.redis.set(`${this.prefix}user:${userId}`, String(before.getTime()), 'PX', this.ttl(expiresAt));
  }

  private ttl(expiresAt: Date): number {
    return Math.max(1000, expiresAt.getTime() - Date.now() + 1000);
  }
}
