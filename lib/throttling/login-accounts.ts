import { isDatabaseUnavailable } from '../database/database-unavailable.js';
import { ServiceUnavailable } from '../errors/exceptions.js';
import type { RegistrationUsers } from '../users/registration-users.service.js';

/** One login value of an attempt and the users it names (none for an unknown value). */
export interface LoginTarget {
  /** The value as counted (trimmed, lower-cased), also its per-login key and the events' `login`. */
  login: string;
  /** Ids of the users the value names exactly, through any login field. */
  accounts: string[];
}

/** Reads the values a login attempt targets from the validated data (the `loginValues` setting). */
export type LoginValuesReader = (data: object) => unknown[];

function usable(value: unknown): value is string | number {
  return (typeof value === 'string' && value.trim() !== '') || (typeof value === 'number' && Number.isFinite(value));
}

/**
 * Which accounts a login attempt targets, so that the per-login budget counts accounts: every login value
 * the body carries (`login` against every login field, a login field's own key against that field, or what
 * `loginValues` returns against every field) is looked up as the authenticator would. Each value counts
 * for itself and for every user it names, whichever field matched, so one account's username and e-mail
 * share a budget while an unknown value is counted exactly as a known one.
 */
export async function loginTargets(
  data: object,
  users: RegistrationUsers,
  reader: LoginValuesReader | null,
): Promise<LoginTarget[]> {
  const record = data as Record<string, unknown>;
  const fields = users.settings.userLoginFields;
  const selectors: Array<[readonly string[], string | number]> = [];
  if (reader) {
    for (const value of reader(data) ?? []) if (usable(value)) selectors.push([fields, value]);
  } else {
    if (usable(record.login)) selectors.push([fields, record.login]);
    for (const field of fields)
      if (field !== 'login' && usable(record[field])) selectors.push([[field], record[field]]);
  }
  const targets = new Map<string, LoginTarget>();
  for (const [candidates, value] of selectors) {
    const login = String(value).trim().toLowerCase();
    const target = targets.get(login) ?? { login, accounts: [] };
    for (const field of candidates) {
      const account = await findAccount(users, field, value);
      if (account !== undefined && !target.accounts.includes(account)) target.accounts.push(account);
    }
    targets.set(login, target);
  }
  return [...targets.values()];
}

async function findAccount(users: RegistrationUsers, field: string, value: unknown): Promise<string | undefined> {
  try {
    const found = await users.findByField(field, value);
    return found.length === 1 ? users.getId(found[0]) : undefined;
  } catch (error) {
    // A value the column cannot hold names nobody; an unreachable database is an outage (503).
    if (isDatabaseUnavailable(error)) throw new ServiceUnavailable();
    return undefined;
  }
}
