import type { RegistrationModuleOptions } from 'nestjs-rest-registration';
import type { AppOptions } from './app.js';
import type { TestDatabase } from './databases.js';
import { createRegistrationApp, DjangoUser, type RegistrationTestApp } from './registration.js';

const PROFILE_ROUTES = ['login', 'logout', 'profile'] as const;

/** A test app serving login, logout and profile with the transcripts' users (alice, bob, carol). */
export async function profileApp(
  database: TestDatabase | undefined,
  settings: Partial<RegistrationModuleOptions> = {},
  options: Omit<AppOptions, 'settings'> = {},
): Promise<RegistrationTestApp> {
  const t = await createRegistrationApp(database, () => settings, {
    extras: { routes: [...PROFILE_ROUTES] },
    ...options,
  });
  await t.addUser({ username: 'alice' }, DjangoUser);
  await t.addUser({ username: 'bob', is_active: false }, DjangoUser);
  await t.addUser({ username: 'carol', email: 'carol@example.com' }, DjangoUser);
  return t;
}
