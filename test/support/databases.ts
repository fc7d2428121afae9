import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { DataSourceOptions } from 'typeorm';

export type DatabaseKind = 'sqlite' | 'postgres' | 'mariadb';

/** One fresh, empty schema (PostgreSQL), database (MariaDB) or in-memory file (SQLite), for one app. */
export interface FreshDatabase {
  /** Name of the schema or database made for this run (`:memory:` for SQLite). */
  name: string;
  /** TypeORM options pointing at it; `extra` is merged over the defaults (synchronize on). */
  options(entities: Function[], extra?: Partial<DataSourceOptions>): DataSourceOptions;
  /** Drops the schema or database and everything in it. */
  drop(): Promise<void>;
}

/** A database the suites run against. */
export interface TestDatabase {
  name: string;
  kind: DatabaseKind;
  /** Why the suite is skipped, when it is. */
  skip?: string;
  /** The server's URL (PostgreSQL and MariaDB). */
  url?: string;
  /** Makes a fresh schema or database that no other run sees. */
  create(): Promise<FreshDatabase>;
  /**
   * TypeORM options for a fresh, empty SQLite database. Only SQLite can make one synchronously;
   * the other kinds throw, use `create()`.
   */
  options(entities: Function[]): DataSourceOptions;
}

/** A random name for a schema or database of one run: `nrr_test_<16 hex>`. */
export function randomSchemaName(): string {
  return `nrr_test_${randomBytes(8).toString('hex')}`;
}

function synchronous(name: string): never {
  throw new Error(`${name}: options() needs a fresh schema; use await database.create()`);
}

export const sqlite: TestDatabase = {
  name: 'sqlite',
  kind: 'sqlite',
  options: (entities) => ({ type: 'better-sqlite3', database: ':memory:', entities, synchronize: true }),
  async create() {
    return {
      name: ':memory:',
      options: (entities, extra = {}) => ({ ...sqlite.options(entities), ...extra }) as DataSourceOptions,
      drop: async () => {},
    };
  },
};

function postgres(url: string | undefined): TestDatabase {
  const database: TestDatabase = {
    name: 'postgres',
    kind: 'postgres',
    url,
    skip: url ? undefined : 'TEST_POSTGRES_URL is not set',
    options: () => synchronous('postgres'),
    async create() {
      if (!url) throw new Error(`postgres: ${database.skip}; wrap the suite in describe(..., { skip: database.skip })`);
      const schema = randomSchemaName();
      // Entities with uuid keys need uuid_generate_v4(). Made once in public (on every search_path below):
      // made inside a run's schema, it would vanish with that schema while other runs rely on it.
      await postgresAdmin(url!, 'CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA public').catch(() => undefined);
      await postgresAdmin(url!, `CREATE SCHEMA "${schema}"`);
      return {
        name: schema,
        options: (entities, extra = {}) =>
          ({
            type: 'postgres',
            url,
            schema,
            // Raw SQL in tests finds the tables of this run first, and shared functions in public.
            extra: { options: `-c search_path=${schema},public` },
            entities,
            synchronize: true,
            ...extra,
          }) as DataSourceOptions,
        drop: async () => void (await postgresAdmin(url!, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`)),
      };
    },
  };
  return database;
}

function mariadb(url: string | undefined): TestDatabase {
  const database: TestDatabase = {
    name: 'mariadb',
    kind: 'mariadb',
    url,
    skip: url ? undefined : 'TEST_MARIADB_URL is not set',
    options: () => synchronous('mariadb'),
    async create() {
      if (!url) throw new Error(`mariadb: ${database.skip}; wrap the suite in describe(..., { skip: database.skip })`);
      const name = randomSchemaName();
      await mariadbAdmin(url!, `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
      return {
        name,
        options: (entities, extra = {}) =>
          ({
            type: 'mariadb',
            url: withDatabase(url!, name),
            entities,
            synchronize: true,
            ...extra,
          }) as DataSourceOptions,
        drop: async () => void (await mariadbAdmin(url!, `DROP DATABASE IF EXISTS \`${name}\``)),
      };
    },
  };
  return database;
}

/** The URL with its path (database name) replaced. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Runs one statement on its own short-lived connection. */
export async function postgresAdmin(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Runs one statement on its own short-lived connection. */
export async function mariadbAdmin(url: string, sql: string): Promise<unknown[]> {
  const connection = await mysql.createConnection(url);
  try {
    const [rows] = await connection.query(sql);
    return rows as unknown[];
  } finally {
    await connection.end();
  }
}

export const POSTGRES = postgres(process.env.TEST_POSTGRES_URL || undefined);
export const MARIADB = mariadb(process.env.TEST_MARIADB_URL || undefined);

/**
 * Databases the suites run against: SQLite always; PostgreSQL and MariaDB with `skip` set when their
 * URL is not. Wrap a database's suite in `describe(..., { skip: database.skip })` so an unset URL
 * prints one skip line with the reason.
 */
export const DATABASES: TestDatabase[] = [sqlite, POSTGRES, MARIADB];
