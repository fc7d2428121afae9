import type { DataSource } from 'typeorm';

/** The part of better-sqlite3 the limits use (it ships no types). */
export interface SqliteStatement {
  get(...values: unknown[]): Record<string, unknown> | undefined;
  run(...values: unknown[]): unknown;
}

/** The better-sqlite3 connection under a TypeORM DataSource. */
export function sqliteConnection(dataSource: DataSource): { prepare(sql: string): SqliteStatement } {
  return (dataSource.driver as unknown as { databaseConnection: { prepare(sql: string): SqliteStatement } })
    .databaseConnection;
}
