import type { DataSource } from 'typeorm';
import { PasswordHasher } from 'nestjs-rest-registration';
import { User } from './user.entity.js';

export const DEMO_PASSWORD = 'secret-pass-123';

const DEMO_USERS = [
  { username: 'alice', email: null, isActive: true },
  { username: 'bob', email: null, isActive: false },
  { username: 'carol', email: 'carol@example.com', isActive: true },
];

/** Creates the demo users on first start; returns the names of those it created. */
export async function seedDemoUsers(dataSource: DataSource, hasher: PasswordHasher): Promise<string[]> {
  const users = dataSource.getRepository(User);
  const created: string[] = [];
  for (const demo of DEMO_USERS) {
    if (await users.existsBy({ username: demo.username })) continue;
    await users.insert({ ...demo, password: await hasher.hash(DEMO_PASSWORD) });
    created.push(demo.username);
  }
  return created;
}
