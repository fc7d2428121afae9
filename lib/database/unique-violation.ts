/** Driver codes of a unique constraint that refused a write (PostgreSQL, MySQL/MariaDB, SQLite). */
const UNIQUE_CODES = new Set(['23505', 'ER_DUP_ENTRY', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

/** Whether `error` (TypeORM's `QueryFailedError` or the driver's own) is a unique constraint violation. */
export function isUniqueViolation(error: unknown): boolean {
  const candidates = [error, (error as { driverError?: unknown } | null)?.driverError];
  return candidates.some((candidate) => {
    if (typeof candidate !== 'object' || candidate === null) return false;
    const { code, errno, message } = candidate as { code?: unknown; errno?: unknown; message?: unknown };
    if (typeof code === 'string' && UNIQUE_CODES.has(code)) return true;
    if (errno === 1062) return true;
    return typeof message === 'string' && /UNIQUE constraint failed/.test(message);
  });
}
