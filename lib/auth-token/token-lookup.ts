import { type DataSource, type ObjectLiteral, QueryFailedError } from 'typeorm';
import { type ColumnMetadata, escapedTable, hydrate, placeholder, supportsRawSql } from '../core/raw-sql.js';
import type { UserJoin } from '../users/user-by-id-lookup.js';
import { AuthTokenEntity } from './auth-token.entity.js';

/** The fields of a token row the guard needs, and its user when the same statement could read it. */
export type TokenRecord = Pick<AuthTokenEntity, 'userId' | 'expiresAt' | 'lastUsedAt'> & {
  /** The token's user (null: none, or soft-deleted); absent when it must be looked up separately. */
  user?: ObjectLiteral | null;
};

const PREFIX = 't_';

/** The part of better-sqlite3 used here. */
interface SqliteStatement {
  get(...values: unknown[]): Record<string, unknown> | undefined;
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}

interface Prepared {
  sql: string;
  columns: { userId: ColumnMetadata; expiresAt: ColumnMetadata; lastUsedAt: ColumnMetadata };
  user?: UserJoin;
}

/**
 * Reads one token row by digest with one parameterized statement (primary-key lookup), and the
 * token's user in the same statement when `userJoin` is given: one round trip, no query builder,
 * no entity hydration beyond the user. Nothing is cached but the SQL text, so a token revoked or a
 * user deactivated anywhere is refused on the next request. Falls back to the repository on
 * drivers without a known placeholder syntax.
 */
export class TokenLookup {
  private prepared?: Prepared | null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly userJoin?: UserJoin,
  ) {}

  async find(digest: string): Promise<TokenRecord | null> {
    const prepared = this.prepare();
    if (prepared === null) return this.dataSource.getRepository(AuthTokenEntity).findOne({ where: { digest } });
    const row = await this.run(prepared, digest);
    if (row === undefined) return null;
    const { userId, expiresAt, lastUsedAt } = prepared.columns;
    const record: TokenRecord = {
      userId: String(hydrate(this.dataSource, userId, row, PREFIX + userId.databaseName)),
      expiresAt: hydrate(this.dataSource, expiresAt, row, PREFIX + expiresAt.databaseName) as Date | null,
      lastUsedAt: hydrate(this.dataSource, lastUsedAt, row, PREFIX + lastUsedAt.databaseName) as Date | null,
    };
    if (prepared.user) record.user = prepared.user.read(row);
    return record;
  }

  private sqlite?: { connection: SqliteConnection; statement: SqliteStatement };

  /**
   * better-sqlite3 runs statements synchronously, so a statement prepared once on the driver's
   * connection skips the query runner; its errors are wrapped as the query runner wraps them.
   */
  private async run(prepared: Prepared, digest: string): Promise<Record<string, unknown> | undefined> {
    const connection = this.sqliteConnection();
    if (connection === undefined) {
      const rows = (await this.dataSource.query(prepared.sql, [digest])) as Array<Record<string, unknown>>;
      return rows[0];
    }
    try {
      if (this.sqlite?.connection !== connection)
        this.sqlite = { connection, statement: connection.prepare(prepared.sql) };
      return this.sqlite.statement.get(digest);
    } catch (error) {
      throw new QueryFailedError(prepared.sql, [digest], error as Error);
    }
  }

  private sqliteConnection(): SqliteConnection | undefined {
    if (this.dataSource.options.type !== 'better-sqlite3') return undefined;
    const connection = (this.dataSource.driver as { databaseConnection?: Partial<SqliteConnection> })
      .databaseConnection;
    return typeof connection?.prepare === 'function' ? (connection as SqliteConnection) : undefined;
  }

  private prepare(): Prepared | null {
    if (this.prepared !== undefined) return this.prepared;
    if (!supportsRawSql(this.dataSource)) return (this.prepared = null);
    const metadata = this.dataSource.getMetadata(AuthTokenEntity);
    const column = (property: string): ColumnMetadata => metadata.findColumnWithPropertyName(property)!;
    const columns = { userId: column('userId'), expiresAt: column('expiresAt'), lastUsedAt: column('lastUsedAt') };
    const escape = (name: string): string => this.dataSource.driver.escape(name);
    const selected = Object.values(columns).map(
      (c) => `t.${escape(c.databaseName)} AS ${escape(PREFIX + c.databaseName)}`,
    );
    let from = `${escapedTable(this.dataSource, metadata)} t`;
    if (this.userJoin) {
      selected.push(this.userJoin.select);
      from += ` ${this.userJoin.join(`t.${escape(columns.userId.databaseName)}`)}`;
    }
    const where = `t.${escape(column('digest').databaseName)} = ${placeholder(this.dataSource, 0)}`;
    this.prepared = { sql: `SELECT ${selected.join(', ')} FROM ${from} WHERE ${where}`, columns, user: this.userJoin };
    return this.prepared;
  }
}
