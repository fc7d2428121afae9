import { UserNotFound } from '../errors/exceptions.js';
import type { AuthenticatorContext } from '../interfaces/authenticator.interface.js';

/**
 * The default authenticator (contract section 3). The `login` value is tried against each login field
 * in order, then same-named keys of the data (for custom serializers); every lookup is exact and a
 * value two users share matches nobody. Each candidate's password is verified and the user must be
 * active; the first full match wins. When nobody matches, the hasher still runs once on a dummy hash,
 * so unknown users cost what known ones do. Throws `UserNotFound` otherwise.
 */
export async function authenticateByLoginData(
  data: Record<string, unknown>,
  { users }: AuthenticatorContext,
): Promise<object> {
  const password = data.password;
  if (typeof password !== 'string') throw new UserNotFound();
  const fields = users.settings.userLoginFields;
  const selectors: Array<[string, unknown]> = [];
  if (typeof data.login === 'string') for (const field of fields) selectors.push([field, data.login]);
  for (const field of fields) {
    if (data[field] !== undefined && data[field] !== null) selectors.push([field, data[field]]);
  }

  const candidates = new Map<string, object>();
  for (const [field, value] of selectors) {
    const found = await users.findByField(field, value);
    if (found.length === 1) candidates.set(users.getId(found[0]), found[0]);
  }
  if (candidates.size === 0) {
    await users.checkPasswordWithoutUser(password);
    throw new UserNotFound();
  }
  for (const user of candidates.values()) {
    // An inactive account is not checked against its hash: a correct password there would be a
    // successful check, faster than the padded failures (see CostEqualizer), and tell it apart.
    if (!users.isActive(user)) {
      await users.checkPasswordWithoutUser(password);
      continue;
    }
    const check = await users.checkPassword(user, password);
    if (check.matches) {
      if (check.needsRehash) await users.upgradePassword(user, password);
      return user;
    }
  }
  throw new UserNotFound();
}
