import { createHash, createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import { type SqliteStatement, sqliteConnection } from './sqlite.js';

/**
 * The physical limits of the authenticated routes (scenarios 1-3): the least a hand-written guard
 * must do, with the raw driver and no framework layer between. What our guards are measured against.
 */
interface GuardedRequest {
  headers: Record<string, string | string[] | undefined>;
  user?: unknown;
}

/** Where the limit guards of PostgreSQL read (one `pg` pool, as TypeORM's own). */
export const LIMIT_PG_POOL = 'BENCH_LIMIT_PG_POOL';

function request(context: ExecutionContext): GuardedRequest {
  return context.switchToHttp().getRequest<GuardedRequest>();
}

/** The key after `<scheme> ` in the Authorization header, or a 401. */
function credentials(req: GuardedRequest, scheme: string): string {
  const header = req.headers.authorization;
  if (typeof header !== 'string' || !header.startsWith(scheme)) throw new UnauthorizedException();
  return header.slice(scheme.length);
}

const digest = (token: string): string => createHash('sha256').update(token).digest('hex');

function accept(req: GuardedRequest, row: Record<string, unknown> | undefined): true {
  if (!row || !row.isActive) throw new UnauthorizedException();
  const expiresAt = row.expiresAt as string | Date | null;
  if (expiresAt !== null && new Date(expiresAt).getTime() <= Date.now()) throw new UnauthorizedException();
  req.user = row;
  return true;
}

/** The SQLite limits' one statement: the token row joined with its user, by digest. */
const SQLITE_TOKEN_SQL =
  'SELECT u.id, u.username, u.password, u.isActive, t.expiresAt FROM registration_auth_token t ' +
  'JOIN bench_users u ON u.id = t.userId WHERE t.digest = ?';

/** SQLite token limit: SHA-256 of the header and one prepared better-sqlite3 statement joining token and user. */
@Injectable()
export class SqliteTokenLimitGuard implements CanActivate {
  private statement?: SqliteStatement;

  constructor(@Inject(getDataSourceToken()) private readonly dataSource: DataSource) {}

  canActivate(context: ExecutionContext): boolean {
    const req = request(context);
    const token = credentials(req, 'Token ');
    this.statement ??= sqliteConnection(this.dataSource).prepare(SQLITE_TOKEN_SQL);
    return accept(req, this.statement.get(digest(token)));
  }
}

/**
 * The floor of any cached token guard (scenario 10): the digest of the header and one map lookup, the
 * statement only on a miss; it never forgets a row (no invalidation, no bound), which no real cache may do.
 */
@Injectable()
export class CachedTokenLimitGuard implements CanActivate {
  private readonly rows = new Map<string, Record<string, unknown>>();
  private statement?: SqliteStatement;

  constructor(@Inject(getDataSourceToken()) private readonly dataSource: DataSource) {}

  canActivate(context: ExecutionContext): boolean {
    const req = request(context);
    const key = digest(credentials(req, 'Token '));
    let row = this.rows.get(key);
    if (row === undefined) {
      this.statement ??= sqliteConnection(this.dataSource).prepare(SQLITE_TOKEN_SQL);
      row = this.statement.get(key);
      if (row !== undefined) this.rows.set(key, row);
    }
    return accept(req, row);
  }
}

/** PostgreSQL token limit: the same with one named (prepared) `pg` query per request. */
@Injectable()
export class PostgresTokenLimitGuard implements CanActivate {
  private readonly query: pg.QueryConfig;

  constructor(
    @Inject(LIMIT_PG_POOL) private readonly pool: pg.Pool,
    @Inject(getDataSourceToken()) dataSource: DataSource,
  ) {
    const schema = (dataSource.options as { schema?: string }).schema ?? 'public';
    this.query = {
      name: 'bench-limit-token',
      text:
        `SELECT u.id, u.username, u.password, u."isActive", t."expiresAt" FROM "${schema}".registration_auth_token t ` +
        `JOIN "${schema}".bench_users u ON u.id = CAST(t."userId" AS integer) WHERE t.digest = $1`,
    };
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = request(context);
    const token = credentials(req, 'Token ');
    const result = await this.pool.query({ ...this.query, values: [digest(token)] });
    return accept(req, result.rows[0] as Record<string, unknown> | undefined);
  }
}

/** The JWT secret of the bench apps. */
export const JWT_SECRET = 'bench-only-secret-of-at-least-32-bytes-0123456789';

/** JWT limit: HS256 checked with a KeyObject made once, then the user by one prepared statement. */
@Injectable()
export class JwtLimitGuard implements CanActivate {
  private readonly key = createSecretKey(Buffer.from(JWT_SECRET));
  private statement?: SqliteStatement;

  constructor(@Inject(getDataSourceToken()) private readonly dataSource: DataSource) {}

  canActivate(context: ExecutionContext): boolean {
    const req = request(context);
    const token = credentials(req, 'Token '); // the bench logs in for `Token <jwt>`
    const [header, payload, signature] = token.split('.');
    if (signature === undefined) throw new UnauthorizedException();
    const expected = createHmac('sha256', this.key).update(`${header}.${payload}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new UnauthorizedException();
    const { alg } = JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg?: string };
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sub?: string; exp?: number };
    if (alg !== 'HS256' || typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now())
      throw new UnauthorizedException();
    this.statement ??= sqliteConnection(this.dataSource).prepare(
      'SELECT id, username, password, isActive, NULL AS expiresAt FROM bench_users WHERE id = ?',
    );
    return accept(req, this.statement.get(claims.sub));
  }
}
