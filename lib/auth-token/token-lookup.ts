import type { DataSource, ObjectLiteral } from 'typeorm';
import {
  type ColumnMetadata,
  escapedTable,
  hydrate,
  placeholder,
  queryFirstRowNow,
  supportsRawSql,
} from '../database/raw-sql.js';
import type { UserJoin } from '../users/user-by-id-lookup.js';
import { AuthTokenEntity } from './auth-token.entity.js';

/** The fields of a token row the guard needs, and its user when the same statement could read it. */
export type TokenRecord = Pick<
  AuthTokenEntity,
  'userId' | 'expiresAt' | 'lastUsedAt' | 'createdAt' | 'passwordStamp'
> & {
  /** The token's user (null: none, or soft-deleted); absent when it must be looked up separately. */
  user?: ObjectLiteral | null;
};

const PREFIX = 't_';

const COLUMNS = ['userId', 'expiresAt', 'lastUsedAt', 'createdAt', 'passwordStamp'] as const;
type Column = (typeof COLUMNS)[number];

interface Prepared {
  sql: string;
  columns: Record<Column, ColumnMetadata>;
  /** The result-row keys of those columns (made once: a fresh string per request costs a lookup each). */
  keys: Record<Column, string>;
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

  /** The row, or a promise of it: on better-sqlite3 the statement answers at once and no promise is made. */
  find(digest: string): TokenRecord | null | Promise<TokenRecord | null> {
    const prepared = this.prepare();
    if (prepared === null) return this.dataSource.getRepository(AuthTokenEntity).findOne({ where: { digest } });
    const row = queryFirstRowNow(this.dataSource, prepared.sql, [digest]);
    return row instanceof Promise ? row.then((found) => this.record(prepared, found)) : this.record(prepared, row);
  }

  private record(prepared: Prepared, row: Record<string, unknown> | undefined): TokenRecord | null {
    if (row === undefined) return null;
    const { columns, keys } = prepared;
    const value = (column: Column): unknown => hydrate(this.dataSource, columns[column], row, keys[column]);
    const record: TokenRecord = {
      userId: String(value('userId')),
      expiresAt: value('expiresAt') as Date | null,
      lastUsedAt: value('lastUsedAt') as Date | null,
      createdAt: value('createdAt') as Date,
      passwordStamp: (value('passwordStamp') as string | null) ?? null,
    };
    if (prepared.user) record.user = prepared.user.read(row);
    return record;
  }

  private prepare(): Prepared | null {
    if (this.prepared !== undefined) return this.prepared;
    if (!supportsRawSql(this.dataSource)) return (this.prepared = null);
    const metadata = this.dataSource.getMetadata(AuthTokenEntity);
    const column = (property: string): ColumnMetadata => metadata.findColumnWithPropertyName(property)!;
    const columns = Object.fromEntries(COLUMNS.map((name) => [name, column(name)])) as Record<Column, ColumnMetadata>;
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
    const keys = Object.fromEntries(COLUMNS.map((name) => [name, PREFIX + columns[name].databaseName])) as Record<
      Column,
      string
    >;
    this.prepared = {
      sql: `SELECT ${selected.join(', ')} FROM ${from} WHERE ${where}`,
      columns,
      keys,
      user: this.userJoin,
    };
    return this.prepared;
  }
}
