import type { ObjectLiteral } from 'typeorm';
import { columnCanHold } from '../users/column-values.js';
import type { RegistrationUsers } from '../users/registration-users.service.js';

/** Who a send-reset-password-link body names: the primary key and the stored address, as raw values. */
export interface ResetLinkTarget {
  id: string;
  address: unknown;
}

/** The lookups a send-reset-password-link body asks for: `[column, value]` pairs, in order. */
export function resetLinkSelectors(
  data: Record<string, unknown>,
  users: RegistrationUsers,
  emailField: string,
): Array<[string, unknown]> {
  const fields = users.settings.userLoginFields;
  const present = (value: unknown) => value !== undefined && value !== null;
  const selectors: Array<[string, unknown]> = [];
  if (present(data.login)) for (const field of fields) selectors.push([field, data.login]);
  for (const field of fields) if (field !== 'login' && present(data[field])) selectors.push([field, data[field]]);
  if (present(data.email) && !fields.includes('email')) selectors.push([emailField, data.email]);
  return selectors;
}

/**
 * The rows whose `field` equals `value` exactly (as `RegistrationUsers.findByField` compares: letter
 * case and trailing spaces included on MySQL and MariaDB too), read as raw values, never hydrated into
 * entities: a row found costs what no row costs, so the time does not tell whether the user exists.
 */
async function rawMatches(
  users: RegistrationUsers,
  field: string,
  value: unknown,
  emailField: string,
): Promise<ResetLinkTarget[]> {
  const { dataSource, metadata } = users;
  if (!columnCanHold(dataSource, metadata, field, value) || !metadata.findColumnWithPropertyName(field)) return [];
  const withAddress = metadata.findColumnWithPropertyName(emailField) !== undefined;
  const rows =
    (await preparedMatches(users, field, value, emailField, withAddress)) ??
    (await builtMatches(users, field, value, emailField, withAddress));
  return rows
    .filter((row) => row.value === value || String(row.value) === String(value))
    .map((row) => ({ id: String(row.id), address: row.address }));
}

type RawMatch = { id: unknown; value: unknown; address?: unknown };

/** The matches as one prepared statement (SQLite, PostgreSQL, a plain entity); `undefined` elsewhere. */
function preparedMatches(
  users: RegistrationUsers,
  field: string,
  value: unknown,
  emailField: string,
  withAddress: boolean,
): Promise<RawMatch[]> | undefined {
  const selected: Record<string, string> = { id: users.idField, value: field };
  if (withAddress) selected.address = emailField;
  return users.rawRowsByField(field, value, 3, selected) as Promise<RawMatch[]> | undefined;
}

/** The matches through the query builder (MySQL and MariaDB compare the bytes too). */
async function builtMatches(
  users: RegistrationUsers,
  field: string,
  value: unknown,
  emailField: string,
  withAddress: boolean,
): Promise<RawMatch[]> {
  const query = users.repository
    .createQueryBuilder('u')
    .select(`u.${users.idField}`, 'id')
    .addSelect(`u.${field}`, 'value')
    .where(`u.${field} = :registrationValue`, { registrationValue: value })
    .limit(3);
  if (withAddress) query.addSelect(`u.${emailField}`, 'address');
  const type = users.dataSource.options.type;
  if (typeof value === 'string' && (type === 'mysql' || type === 'mariadb' || type === 'aurora-mysql'))
    query.andWhere(`CAST(u.${field} AS BINARY) = CAST(:registrationValue AS BINARY)`);
  return (await query.getRawMany()) as RawMatch[];
}

/**
 * The default user finder (upstream's `find_user_by_by_send_reset_password_link_data`): `login` against
 * each login field, then a login field's own key against that field, then `email` (the
 * `sendResetPasswordLinkSerializerUseEmail` body) against the e-mail column; the first exact, unique
 * match wins. Inactive and unverified users are found too. Every lookup runs whatever the earlier ones
 * found, so the cost does not tell whether the user exists.
 */
export async function findResetPasswordTarget(
  data: Record<string, unknown>,
  users: RegistrationUsers,
  emailField: string,
): Promise<ResetLinkTarget | null> {
  let found: ResetLinkTarget | null = null;
  for (const [field, value] of resetLinkSelectors(data, users, emailField)) {
    const rows = await rawMatches(users, field, value, emailField);
    if (found === null && rows.length === 1) found = rows[0];
  }
  return found;
}

/** The target of a user a host's finder returned. */
export function targetOf(user: ObjectLiteral, users: RegistrationUsers, emailField: string): ResetLinkTarget {
  return { id: users.getId(user), address: user[emailField] };
}
