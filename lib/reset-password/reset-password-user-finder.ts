import type { ObjectLiteral } from 'typeorm';
import type { RegistrationUsers } from '../users/registration-users.service.js';

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
 * The default user finder (upstream's `find_user_by_by_send_reset_password_link_data`): `login` against
 * each login field, then a login field's own key against that field, then `email` (the
 * `sendResetPasswordLinkSerializerUseEmail` body) against the e-mail column; the first exact, unique
 * match wins. Inactive and unverified users are found too. Every lookup runs whatever the earlier ones
 * found, so the cost does not tell whether the user exists.
 */
export async function findResetPasswordUser(
  data: Record<string, unknown>,
  users: RegistrationUsers,
  emailField: string,
): Promise<ObjectLiteral | null> {
  let found: ObjectLiteral | null = null;
  for (const [field, value] of resetLinkSelectors(data, users, emailField)) {
    const rows = await users.findByField(field, value);
    if (found === null && rows.length === 1) found = rows[0];
  }
  return found;
}
