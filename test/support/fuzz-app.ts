import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from './app.js';
import { dumpDatabase } from './contract-shape.js';
import { listen } from './raw-http.js';

/** The app the fuzz suites attack: a few users, one issued token, a guarded host route. */
export interface FuzzTarget {
  t: TestApp;
  port: number;
  /** Asserts that no row of any table changed since the last `snapshot()`. */
  assertUnchanged(what: string): Promise<void>;
  snapshot(): Promise<void>;
}

export async function createFuzzTarget(): Promise<FuzzTarget> {
  const t = await createTestApp();
  await t.addUser({ username: 'alice', email: 'alice@example.com' });
  await t.addUser({ username: 'bob', isActive: false });
  await t.login('alice');
  const port = await listen(t.app);
  let before = JSON.stringify(await dumpDatabase(t.dataSource));
  return {
    t,
    port,
    async snapshot() {
      before = JSON.stringify(await dumpDatabase(t.dataSource));
    },
    async assertUnchanged(what) {
      assert.equal(
        JSON.stringify(await dumpDatabase(t.dataSource)),
        before,
        `rows changed after a failed request: ${what}`,
      );
    },
  };
}

/** Routes under attack: login, logout and a host route behind the token guard. */
export const ROUTES = ['/accounts/login', '/accounts/login/', '/accounts/logout', '/accounts/logout/', '/profile'];
