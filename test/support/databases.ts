import type { DataSourceOptions } from 'typeorm';

/** A database the suites run against. */
export interface TestDatabase {
  name: string;
  /** Why the suite is skipped, when it is. */
  skip?: string;
  /** TypeORM options for a fresh, empty database of this kind. */
  options(entities: Function[]): DataSourceOptions;
}

export const sqlite: TestDatabase = {
  name: 'sqlite',
  options: (entities) => ({ type: 'better-sqlite3', database: ':memory:', entities, synchronize: true }),
};

/** Databases whose suites run in this process (SQLite always; others when their URL is set). */
export const DATABASES: TestDatabase[] = [sqlite];
