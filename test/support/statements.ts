import type { DataSource } from 'typeorm';

/** One statement sent to the database: its SQL and its parameters. */
export interface SentStatement {
  sql: string;
  parameters: unknown[];
}

type Statement = Record<'all' | 'get' | 'run' | 'iterate', (...values: unknown[]) => unknown>;

/**
 * Records every statement sent through the data source from now on: TypeORM's query runner (its
 * logger) and the module's prepared paths, which skip it (better-sqlite3's statements, the `pg` pool's
 * named queries). Install it before the statements to watch are first prepared (SQLite prepares each
 * one once).
 */
export function recordStatements(dataSource: DataSource): SentStatement[] {
  const sent: SentStatement[] = [];
  const driver = dataSource.driver as {
    databaseConnection?: { prepare?: (sql: string) => Statement };
    master?: { query?: (...args: unknown[]) => unknown };
  };
  const sqlite = dataSource.options.type === 'better-sqlite3' ? driver.databaseConnection : undefined;
  if (sqlite?.prepare) {
    const prepare = sqlite.prepare.bind(sqlite);
    // TypeORM's runner prepares through the same connection, so this sees its statements too.
    sqlite.prepare = (sql: string) => {
      const statement = prepare(sql);
      return new Proxy(statement, {
        get(target, property) {
          const value = Reflect.get(target, property, target) as unknown;
          if (typeof value !== 'function') return value;
          if (property !== 'all' && property !== 'get' && property !== 'run' && property !== 'iterate')
            return (value as (...args: unknown[]) => unknown).bind(target);
          return (...values: unknown[]) => {
            sent.push({ sql, parameters: values });
            return (value as (...args: unknown[]) => unknown).apply(target, values);
          };
        },
      });
    };
    return sent;
  }
  const pool = dataSource.options.type === 'postgres' ? driver.master : undefined;
  if (pool?.query) {
    const query = pool.query.bind(pool);
    pool.query = (...args: unknown[]) => {
      const [config, values] = args as [{ text?: string; values?: unknown[] } | string, unknown[] | undefined];
      if (typeof config === 'string') sent.push({ sql: config, parameters: values ?? [] });
      else if (typeof config?.text === 'string') sent.push({ sql: config.text, parameters: config.values ?? [] });
      return query(...args);
    };
  }
  // The query runner (PostgreSQL's and every other driver's): what TypeORM's logger is told.
  const logger = dataSource.logger as { logQuery: (sql: string, parameters?: unknown[], ...rest: unknown[]) => void };
  const logQuery = logger.logQuery.bind(logger);
  logger.logQuery = (sql: string, parameters?: unknown[], ...rest: unknown[]) => {
    sent.push({ sql, parameters: parameters ?? [] });
    logQuery(sql, parameters, ...rest);
  };
  return sent;
}
