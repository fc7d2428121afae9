import { QueryFailedError, type ObjectLiteral } from 'typeorm';
import { isDatabaseUnavailable } from '../database/database-unavailable.js';
import type { RegistrationUsers } from '../users/registration-users.service.js';
import { parsePythonInteger } from './integer-field.js';

const INTEGER_TYPES = /^(int|integer|int2|int4|int8|smallint|bigint|tinyint|mediumint)$/;

/**
 * The user a link's `user_id` names in `idField`, or `null` (upstream's `get_user_by_verification_id`
 * with `require_verified=False`): a value the column cannot hold ("abc" on an integer key, a number out
 * of range) is not found, on every database; an outage still throws.
 */
export async function findUserByVerificationId(
  users: RegistrationUsers,
  idField: string,
  userId: string,
): Promise<ObjectLiteral | null> {
  const column = users.metadata.findColumnWithPropertyName(idField);
  if (!column) return null;
  let value: string | number = userId;
  const type = String(users.dataSource.driver.normalizeType(column)).toLowerCase();
  if (column.type === Number || INTEGER_TYPES.test(type)) {
    const text = parsePythonInteger(userId);
    if (text === undefined || !Number.isSafeInteger(Number(text))) return null;
    value = Number(text);
  }
  try {
    // A plain equality: the id column may be of a type (MariaDB's uuid) that a byte comparison of
    // text misses; the key is unique, and the value is compared exactly below.
    const rows = await users.repository.find({ where: { [idField]: value }, take: 2 });
    const exact = rows.filter((row) => String(row[idField]) === String(value));
    return exact.length === 1 ? exact[0] : null;
  } catch (error) {
    if (error instanceof QueryFailedError && !isDatabaseUnavailable(error)) return null;
    throw error;
  }
}
