import type { DataSource, ObjectLiteral } from 'typeorm';
import {
  type ColumnMetadata,
  escapedTable,
  hydrate,
  placeholder,
  queryFirstRow,
  supportsRawSql,
} from '../database/raw-sql.js';
import type { UserJoin } from '../users/user-by-id-lookup.js';
import { AuthTokenEntity } from './auth-token.entity.js';

/** The fields of a token row the guard needs, and its user when the same statement could read it. */
export type TokenRecord = Pick<AuthTokenEntity, 'userId' | 'expiresAt' | 'lastUsedAt'> & {
  /** The token's user (null: none, or soft-deleted); absent when it must be looked up separately. */
  user?: ObjectLiteral | null;
};

const PREFIX = 't_';

interface Prepared {
  sql: string;
  columns: { userId: ColumnMetadata; expiresAt: ColumnMetadata; lastUsedAt: ColumnMetadata };
  /** The result-row keys of those columns (made once: a fresh string per request costs a lookup each). */
  keys: { userId: string; expiresAt: string; lastUsedAt: string };
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
    const row = await queryFirstRow(this.dataSource, prepared.sql, [digest]);
    if (row === undefined) return null;
    const { columns, keys } = prepared;
    const record: TokenRecord = {
      userId: String(hydrate(this.dataSource, columns.userId, row, keys.userId)),
      expiresAt: hydrate(this.dataSource, columns.expiresAt, row, keys.expiresAt) as Date | null,
      lastUsedAt: hydrate(this.dataSource, columns.lastUsedAt, row, keys.lastUsedAt) as Date | null,
    };
    if (prepared.user) record.user = prepared.user.read(row);
    return record;
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
    const keys = {
      userId: PREFIX + columns.userId.databaseName,
      expiresAt: PREFIX + columns.expiresAt.databaseName,
      lastUsedAt: PREFIX + columns.lastUsedAt.databaseName,
    };
    this.prepared = {
      sql: `SELECT ${selected.join(', ')} FROM ${from} WHERE ${where}`,
      columns,
      keys,
      user: this.userJoin,
    };
    return this.prepared;
  }
}
