import { createHash } from 'node:crypto';
import { type DataSource, type EntityMetadata, QueryFailedError } from 'typeorm';

/** TypeORM's column metadata (not exported from the package root). */
export type ColumnMetadata = EntityMetadata['columns'][number];

/** Drivers whose positional parameters `dataSource.query()` binds from an array as `driver.createParameter` spells them. */
const RAW_SQL_DRIVERS = new Set(['better-sqlite3', 'sqlite', 'postgres', 'mysql', 'mariadb']);

/** Whether prepared raw SQL may replace the query builder on this data source. */
export function supportsRawSql(dataSource: DataSource): boolean {
  return RAW_SQL_DRIVERS.has(dataSource.options.type);
}

/** The entity's table, escaped for this driver (schema-qualified when it has a schema). */
export function escapedTable(dataSource: DataSource, metadata: EntityMetadata): string {
  return metadata.tablePath
    .split('.')
    .map((part) => (part === '' ? part : dataSource.driver.escape(part)))
    .join('.');
}

/** The placeholder of the `index`-th (0-based) parameter: `?` or `$1`, as the driver wants it. */
export function placeholder(dataSource: DataSource, index: number): string {
  return dataSource.driver.createParameter(`p${index}`, index);
}

/** A raw column value converted as TypeORM converts it when it loads an entity (dates, booleans, transformers). */
export function hydrate(
  dataSource: DataSource,
  column: ColumnMetadata,
  raw: Record<string, unknown>,
  key = column.databaseName,
): unknown {
  const value = raw[key];
  if (
    typeof value === 'string' &&
    (column.type === 'datetime' || column.type === Date) &&
    column.transformer === undefined &&
    dataSource.options.type === 'better-sqlite3'
  ) {
    const date = sqliteDatetime(value);
    if (date !== undefined) return date;
  }
  return dataSource.driver.prepareHydratedValue(value, column);
}

/**
 * What TypeORM's SQLite driver makes of a `datetime` column written as TypeORM writes it
 * (`YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DD HH:MM:SS.SSS`, UTC): the same Date, without its two regular
 * expressions, string edits and date-string parse on every row. `undefined` for any other text, which
 * then goes the driver's way.
 */
function sqliteDatetime(text: string): Date | undefined {
  const length = text.length;
  if (length !== 19 && length !== 23) return undefined;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 32) return undefined;
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  if (length === 23 && text.charCodeAt(19) !== 46) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  const millisecond = length === 23 ? digits(text, 20, 3) : 0;
  // Out-of-range fields (a 13th month, a 31st of February, 24:00) roll over in Date.UTC: leave those to the driver.
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || millisecond < 0)
    return undefined;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, millisecond));
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  if (month !== 2) return DAYS_IN_MONTH[month - 1];
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** The decimal number written by `count` ASCII digits at `start`; -1 when one is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** The part of better-sqlite3 used here. */
interface SqliteStatement {
  get(...values: unknown[]): Record<string, unknown> | undefined;
  all(...values: unknown[]): Array<Record<string, unknown>>;
  run(...values: unknown[]): unknown;
  /** Whether the statement returns rows (`RETURNING`). */
  readonly reader: boolean;
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}

/** Statements prepared on a better-sqlite3 connection, by SQL text (a new connection gets its own). */
const sqliteStatements = new WeakMap<SqliteConnection, Map<string, SqliteStatement>>();

function sqliteConnection(dataSource: DataSource): SqliteConnection | undefined {
  if (dataSource.options.type !== 'better-sqlite3') return undefined;
  const connection = (dataSource.driver as { databaseConnection?: Partial<SqliteConnection> }).databaseConnection;
  return typeof connection?.prepare === 'function' ? (connection as SqliteConnection) : undefined;
}

/** The part of a `pg` Pool used here. */
interface PostgresPool {
  query(query: { name: string; text: string; values: unknown[] }): Promise<{ rows: Array<Record<string, unknown>> }>;
}

/** Names of the server-side prepared statements, by SQL text. */
const postgresNames = new Map<string, string>();

/** The `pg` pool of a PostgreSQL DataSource without replication (where reads could go elsewhere). */
function postgresPool(dataSource: DataSource): PostgresPool | undefined {
  if (dataSource.options.type !== 'postgres' || dataSource.options.replication) return undefined;
  const pool = (dataSource.driver as { master?: Partial<PostgresPool> }).master;
  return typeof pool?.query === 'function' ? (pool as PostgresPool) : undefined;
}

/**
 * One named query on the pool: each connection parses and plans the statement once, and the query
 * runner (acquire, release, logging, broadcasts) is skipped. Errors are wrapped as the runner wraps them.
 */
async function postgresRows(
  pool: PostgresPool,
  sql: string,
  parameters: unknown[],
): Promise<Array<Record<string, unknown>>> {
  try {
    return (await pool.query({ name: postgresName(sql), text: sql, values: parameters })).rows;
  } catch (error) {
    throw new QueryFailedError(sql, parameters, error as Error);
  }
}

/** `use` on the statement prepared once for `sql`; errors are wrapped as the query runner wraps them. */
function onSqlite<T>(
  connection: SqliteConnection,
  sql: string,
  parameters: unknown[],
  use: (statement: SqliteStatement) => T,
): T {
  try {
    return use(sqliteStatement(connection, sql));
  } catch (error) {
    throw new QueryFailedError(sql, parameters, error as Error);
  }
}

/**
 * Every row of a read-only query with positional parameters, as `queryFirstRow` runs it (a statement
 * prepared once on SQLite, a named statement on PostgreSQL, `dataSource.query()` elsewhere).
 */
export async function queryRows(
  dataSource: DataSource,
  sql: string,
  parameters: unknown[],
): Promise<Array<Record<string, unknown>>> {
  const connection = sqliteConnection(dataSource);
  const pool = connection === undefined ? postgresPool(dataSource) : undefined;
  if (pool !== undefined) return postgresRows(pool, sql, parameters);
  if (connection === undefined) return (await dataSource.query(sql, parameters)) as Array<Record<string, unknown>>;
  return onSqlite(connection, sql, parameters, (statement) => statement.all(...parameters));
}

function sqliteStatement(connection: SqliteConnection, sql: string): SqliteStatement {
  let statements = sqliteStatements.get(connection);
  if (!statements) sqliteStatements.set(connection, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = connection.prepare(sql)));
  return statement;
}

function postgresName(sql: string): string {
  let name = postgresNames.get(sql);
  if (name === undefined) {
    name = `nrr_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
    postgresNames.set(sql, name);
  }
  return name;
}

/**
 * The first row of a read-only query with positional parameters. better-sqlite3 runs statements
 * synchronously, so there a statement prepared once on the driver's connection skips the query runner
 * (its errors are wrapped as the query runner wraps them); PostgreSQL runs it as a named statement on
 * the pool; other drivers go through `dataSource.query()`.
 */
export async function queryFirstRow(
  dataSource: DataSource,
  sql: string,
  parameters: unknown[],
): Promise<Record<string, unknown> | undefined> {
  const connection = sqliteConnection(dataSource);
  const pool = connection === undefined ? postgresPool(dataSource) : undefined;
  if (pool !== undefined) return (await postgresRows(pool, sql, parameters))[0];
  if (connection === undefined) {
    const rows = (await dataSource.query(sql, parameters)) as Array<Record<string, unknown>>;
    return rows[0];
  }
  return onSqlite(connection, sql, parameters, (statement) => statement.get(...parameters));
}

/**
 * `queryFirstRow` without a promise where the driver answers at once: on better-sqlite3 the row itself
 * (or a thrown `QueryFailedError`), so that a caller on that path skips the microtasks of an await;
 * a promise of the row on every other driver.
 */
export function queryFirstRowNow(
  dataSource: DataSource,
  sql: string,
  parameters: unknown[],
): Record<string, unknown> | undefined | Promise<Record<string, unknown> | undefined> {
  const connection = sqliteConnection(dataSource);
  if (connection === undefined) return queryFirstRow(dataSource, sql, parameters);
  return onSqlite(connection, sql, parameters, (statement) => statement.get(...parameters));
}

/**
 * Runs one write with positional parameters on SQLite (a statement prepared once) or PostgreSQL (a
 * named statement on the pool), and answers the row its `RETURNING` gives (`undefined` without one).
 * Errors are wrapped as the query runner wraps them. `undefined` instead of a promise on every other
 * driver, which has no such path: the caller uses the repository there.
 */
export function writeRow(
  dataSource: DataSource,
  sql: string,
  parameters: unknown[],
): Promise<Record<string, unknown> | undefined> | undefined {
  const connection = sqliteConnection(dataSource);
  if (connection !== undefined) {
    try {
      return Promise.resolve(
        onSqlite(connection, sql, parameters, (statement) =>
          statement.reader ? statement.get(...parameters) : void statement.run(...parameters),
        ),
      );
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }
  const pool = postgresPool(dataSource);
  return pool === undefined ? undefined : postgresRows(pool, sql, parameters).then((rows) => rows[0]);
}
