/** SQLSTATE / driver codes of a unique or primary key constraint refusing a row. */
const UNIQUE_CODES = new Set(['23505', 'ER_DUP_ENTRY', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

/**
 * Whether `error` is a unique constraint violation (PostgreSQL 23505, MySQL/MariaDB 1062, SQLite's
 * UNIQUE constraint), looking through TypeORM's `driverError`.
 */
export function isUniqueViolation(error: unknown): boolean {
  for (const candidate of [error, (error as { driverError?: unknown } | null)?.driverError]) {
    if (typeof candidate !== 'object' || candidate === null) continue;
    const { code, errno } = candidate as { code?: unknown; errno?: unknown };
    if (typeof code === 'string' && UNIQUE_CODES.has(code)) return true;
    if (errno === 1062) return true;
  }
  return false;
}
