import { Inject, Injectable } from '@nestjs/common';
import { Column, Entity, In, LessThan, Like, PrimaryColumn, type DataSource } from 'typeorm';
import type { JwtDenylistLike } from '../interfaces/jwt-settings.interface.js';
import { REGISTRATION_DATA_SOURCE } from '../registration.constants.js';

/** Claims a denylist decides on. */
export interface DenylistClaims {
  jti: string;
  sub: string;
  /** When the token was issued, in milliseconds (only entries written before revocation generations use it). */
  issuedAtMs: number;
  /** The user's revocation generation when the token was issued (0 for tokens from before generations). */
  generation: number;
}

/**
 * Remembers revoked JWTs: single tokens by id (`jti`) until they expire, and for revoke-all a
 * per-user revocation generation that every token carries (a token of an older generation is
 * refused). Checked on every authenticated request.
 */
export abstract class JwtDenylist implements JwtDenylistLike {
  abstract isRevoked(claims: DenylistClaims): Promise<boolean>;
  abstract revoke(jti: string, expiresAt: Date): Promise<void>;
  abstract revokeAll(userId: string): Promise<void>;
  abstract generation(userId: string): Promise<number>;

  /** See `JwtDenylistLike.rebind`; the built-in denylists implement it. */
  rebind?(jti: string, stamp: string, expiresAt: Date): Promise<void>;
  isRebound?(jti: string, stamp: string): Promise<boolean>;
}

/**
 * One revocation: `jti:<id>` for a token; `user:<id>` for a user's revoke-alls (`generation`). User
 * entries are kept (one small row per user who ever revoked all): the generation must only grow.
 * `pst:<id>:<stamp>`: the token was bound to a new password by the change-password it made.
 */
@Entity('registration_jwt_revocation')
export class JwtRevocationEntity {
  @PrimaryColumn({ type: 'varchar', length: 300 })
  key: string;

  /** Only on user entries written before generations: tokens issued before this instant are refused. */
  @Column({ nullable: true, type: Date })
  notBefore: Date | null;

  /** For user entries: how many revoke-alls there were; tokens carrying a lower number are refused. */
  @Column({ type: 'int', default: 0 })
  generation: number;

  /** After this a token entry no longer matters (the token has expired). */
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

  async isRevoked({ jti, sub, issuedAtMs, generation }: DenylistClaims): Promise<boolean> {
    const rows = await this.repository.find({ where: { key: In([`jti:${jti}`, `user:${sub}`]) } });
    return rows.some(
      (row) =>
        row.key.startsWith('jti:') ||
        generation < row.generation ||
        (row.notBefore !== null && issuedAtMs < row.notBefore.getTime()),
    );
  }

  async revoke(jti: string, expiresAt: Date): Promise<void> {
    await this.repository.upsert({ key: `jti:${jti}`, notBefore: null, expiresAt }, ['key']);
  }

  async revokeAll(userId: string): Promise<void> {
    const key = `user:${userId}`;
    const column = this.dataSource.driver.escape('generation');
    const increment = () =>
      this.repository
        .createQueryBuilder()
        .update()
        .set({ generation: () => `${column} + 1`, notBefore: null })
        .where({ key })
        .execute();
    if ((await increment()).affected) return;
    try {
      await this.repository.insert({ key, generation: 1, notBefore: null, expiresAt: new Date() });
    } catch {
      // Another instance created the entry first: count this revoke-all on it.
      await increment();
    }
  }

  async generation(userId: string): Promise<number> {
    const row = await this.repository.findOne({ where: { key: `user:${userId}` } });
    return row?.generation ?? 0;
  }

  override async rebind(jti: string, stamp: string, expiresAt: Date): Promise<void> {
    await this.repository.upsert({ key: `pst:${jti}:${stamp}`, notBefore: null, expiresAt }, ['key']);
  }

  override async isRebound(jti: string, stamp: string): Promise<boolean> {
    const row = await this.repository.findOne({ where: { key: `pst:${jti}:${stamp}` } });
    return row !== null && row.expiresAt.getTime() > Date.now();
  }

  /** Deletes token entries whose tokens have expired (user entries stay); call it from a scheduled job. */
  async purgeExpired(now = new Date()): Promise<number> {
    let purged = 0;
    for (const prefix of ['jti:%', 'pst:%'])
      purged += (await this.repository.delete({ expiresAt: LessThan(now), key: Like(prefix) })).affected ?? 0;
    return purged;
  }
}

/** The part of an ioredis (or node-redis v4 with `legacyMode`) client the Redis denylist uses. */
export interface RedisLikeClient {
  mget(...keys: string[]): Promise<Array<string | null>>;
  set(key: string, value: string, mode: 'PX', milliseconds: number): Promise<unknown>;
  get(key: string): Promise<string | null>;
  incr(key: string): Promise<number>;
}

/**
 * A denylist in Redis, shared by every app instance: token entries expire with their tokens; each
 * user's revocation generation is a counter (`<prefix>gen:<id>`) that does not expire.
 */
export class RedisJwtDenylist extends JwtDenylist {
  constructor(
    private readonly redis: RedisLikeClient,
    private readonly prefix = 'registration:jwt:',
  ) {
    super();
  }

  async isRevoked({ jti, sub, issuedAtMs, generation }: DenylistClaims): Promise<boolean> {
    const [token, current, before] = await this.redis.mget(
      `${this.prefix}jti:${jti}`,
      `${this.prefix}gen:${sub}`,
      // Written by earlier versions (a time): honoured until it expires.
      `${this.prefix}user:${sub}`,
    );
    return (
      token !== null ||
      (current !== null && generation < Number(current)) ||
      (before !== null && issuedAtMs < Number(before))
    );
  }

  async revoke(jti: string, expiresAt: Date): Promise<void> {
    await this.redis.set(
      `${this.prefix}jti:${jti}`,
      '1',
      'PX',
      Math.max(1000, expiresAt.getTime() - Date.now() + 1000),
    );
  }

  async revokeAll(userId: string): Promise<void> {
    await this.redis.incr(`${this.prefix}gen:${userId}`);
  }

  async generation(userId: string): Promise<number> {
    return Number((await this.redis.get(`${this.prefix}gen:${userId}`)) ?? 0);
  }

  override async rebind(jti: string, stamp: string, expiresAt: Date): Promise<void> {
    await this.redis.set(
      `${this.prefix}pst:${jti}`,
      stamp,
      'PX',
      Math.max(1000, expiresAt.getTime() - Date.now() + 1000),
    );
  }

  override async isRebound(jti: string, stamp: string): Promise<boolean> {
    return (await this.redis.get(`${this.prefix}pst:${jti}`)) === stamp;
  }
}
