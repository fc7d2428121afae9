import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import {
  RegistrationConfigurationError,
  RegistrationTokens,
  type RegistrationModuleOptions,
} from 'nestjs-rest-registration';
import { createTestApp, type TestApp } from './support/app.js';
import { DATABASES } from './support/databases.js';

/** Runs `work` with the clock moved `offsetMs` ahead (the token manager reads `Date.now()`). */
async function later<T>(offsetMs: number, work: () => Promise<T>): Promise<T> {
  const realNow = Date.now;
  Date.now = () => realNow() + offsetMs;
  try {
    return await work();
  } finally {
    Date.now = realNow;
  }
}

for (const database of DATABASES) {
  describe(`opaque token idle timeout, per-user limit and purge on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ database, settings: { tokenIdleTimeout: 60, tokenLimitPerUser: 3 } });
      await t.addUser({ username: 'alice' });
      await t.addUser({ username: 'bob' });
    });
    after(() => t.close());
    const profile = (token: string) => t.http.get('/profile').set('Authorization', `Token ${token}`);

    it('refuses a token unused for longer than tokenIdleTimeout; use keeps it alive', async () => {
      const idle = await t.login('alice');
      const busy = await t.login('alice');
      assert.equal((await later(50_000, () => profile(busy))).status, 200);
      await sleep(50); // the last-use write is not awaited by the request
      assert.equal((await later(100_000, () => profile(busy))).status, 200, 'used 50 s ago');
      assert.deepEqual((await later(61_000, () => profile(idle))).body, { detail: 'Invalid token.' });
    });

    it('keeps at most tokenLimitPerUser tokens per user, revoking the oldest first', async () => {
      await t.app.get(RegistrationTokens).revokeAllTokens({ id: 1 });
      const tokens: string[] = [];
      for (let i = 0; i < 5; i++) tokens.push(await t.login('alice'));
      const bobs = await t.login('bob');
      assert.equal((await t.tokenRows()).filter((row) => row.userId === '1').length, 3);
      const statuses = await Promise.all(tokens.map(async (token) => (await profile(token)).status));
      assert.equal(statuses[4], 200, 'the token just issued is never the one revoked');
      // MariaDB stores createdAt to the second: there, tokens of one second are ordered arbitrarily.
      if (database.kind !== 'mariadb') assert.deepEqual(statuses, [401, 401, 200, 200, 200]);
      else assert.equal(statuses.filter((status) => status === 200).length, 3);
      assert.equal((await profile(bobs)).status, 200, "another user's tokens do not count");
    });

    it('purgeExpiredTokens() deletes the rows that can no longer be used, and only those', async () => {
      const kept = await t.login('bob');
      await sleep(50);
      const before = (await t.tokenRows()).length;
      const purged = await t.app.get(RegistrationTokens).purgeExpiredTokens(new Date(Date.now() + 30_000));
      assert.equal(purged, 0);
      const all = await t.app.get(RegistrationTokens).purgeExpiredTokens(new Date(Date.now() + 3_600_000));
      assert.equal(all, before);
      assert.equal((await t.tokenRows()).length, 0);
      assert.equal((await profile(kept)).status, 401);
    });
  });
}

describe('opaque tokens with tokenTtl are purged once expired', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ settings: { tokenTtl: 120 } });
    await t.addUser({ username: 'alice' });
  });
  after(() => t.close());

  it('purges past expiresAt', async () => {
    await t.login('alice');
    assert.equal(await t.app.get(RegistrationTokens).purgeExpiredTokens(), 0);
    assert.equal(await t.app.get(RegistrationTokens).purgeExpiredTokens(new Date(Date.now() + 121_000)), 1);
  });
});

describe('token lifetime settings are checked at startup', () => {
  const problemIds = async (settings: Partial<RegistrationModuleOptions>) => {
    const t = await createTestApp({ settings, skipInit: true });
    try {
      await t.app.init();
      return [];
    } catch (error) {
      assert.ok(error instanceof RegistrationConfigurationError);
      return error.problems.map((p) => p.id);
    } finally {
      await t.close().catch(() => undefined);
    }
  };

  it('E060: an idle timeout under a minute', async () =>
    assert.deepEqual(await problemIds({ tokenIdleTimeout: 30 }), ['registration.E060']));
  it('E061: a limit that is not a positive whole number', async () =>
    assert.deepEqual(await problemIds({ tokenLimitPerUser: 0.5 }), ['registration.E061']));
  it('silent with sensible values', async () =>
    assert.deepEqual(await problemIds({ tokenIdleTimeout: 86_400, tokenLimitPerUser: 10 }), []));
});
