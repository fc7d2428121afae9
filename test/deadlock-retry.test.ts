import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuthTokenEntity, AuthTokenManager } from 'nestjs-rest-registration';
import type { QueryRunner } from 'typeorm';
import { createTestApp, type TestApp } from './support/app.js';
import { MARIADB, POSTGRES, type TestDatabase } from './support/databases.js';
import { User } from './support/entities.js';

const LOW = 'a'.repeat(64);
const HIGH = 'b'.repeat(64);

// A revoke of all tokens deletes the user's rows in index order; another transaction holding the later
// row and then asking for the earlier one makes a deadlock, and the database rolls one side back.
// The token manager must run its statement again rather than fail the logout. (SQLite has no row locks.)
for (const database of [POSTGRES, MARIADB] as TestDatabase[]) {
  describe(`token revocation chosen as a deadlock victim on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let other: QueryRunner;

    const deadlocks = async (): Promise<number> => {
      if (database.kind === 'postgres') {
        const [row] = await t.dataSource.query(
          'SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()',
        );
        return Number(row.deadlocks);
      }
      const [row] = await t.dataSource.query("SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'");
      return Number(row.Value);
    };
    const waitingForLock = async (): Promise<boolean> => {
      const sql =
        database.kind === 'postgres'
          ? "SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'DELETE FROM%registration_auth_token%'"
          : // innodb_trx does not always list an autocommit statement that waits; the process list does.
            "SELECT count(*) AS n FROM information_schema.processlist WHERE command = 'Query' AND info LIKE 'DELETE FROM%registration_auth_token%'";
      const [row] = await t.dataSource.query(sql);
      return Number(row.n) > 0;
    };

    before(async () => {
      t = await createTestApp({ database });
      await t.addUser({ username: 'alice' });
      other = t.dataSource.createQueryRunner();
    });
    after(async () => {
      await other?.release();
      await t?.close();
    });

    it('retries the revoke and removes every token of the user', async () => {
      const alice = await t.dataSource.getRepository(User).findOneByOrFail({ username: 'alice' });
      const tokens = t.dataSource.getRepository(AuthTokenEntity);
      const createdAt = new Date();
      for (const digest of [LOW, HIGH])
        await tokens.insert({ digest, userId: String(alice.id), createdAt, lastUsedAt: null, expiresAt: null });
      const deadlocksBefore = await deadlocks();

      await other.startTransaction();
      // Make this transaction the heavier one, so MariaDB picks the revoke as the victim (PostgreSQL
      // picks the session that waited first, which is the revoke too).
      const filler = Array.from({ length: 50 }, (_, index) => ({
        digest: `c${String(index).padStart(63, '0')}`,
        userId: 'filler',
        createdAt,
        lastUsedAt: null,
        expiresAt: null,
      }));
      await other.manager.getRepository(AuthTokenEntity).insert(filler);
      await other.manager
        .getRepository(AuthTokenEntity)
        .findOne({ where: { digest: HIGH }, lock: { mode: 'pessimistic_write' } });

      const revoke = t.app.get(AuthTokenManager).revokeToken(alice);
      let settled = false;
      const outcome = revoke
        .then(
          () => 'revoked',
          (error: unknown) => error,
        )
        .finally(() => (settled = true));
      // Bounded: a revoke that never waits (or already failed) must fail the test, not hang it.
      let waiting = false;
      for (let i = 0; i < 5000 && !settled && !(waiting = await waitingForLock()); i++) {
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      assert.ok(
        waiting,
        `the revoke never waited for the lock (it ${settled ? `ended with ${String(await outcome)}` : 'is still running'})`,
      );

      // Now ask for the row the revoke already holds: a lock cycle.
      await other.manager
        .getRepository(AuthTokenEntity)
        .findOne({ where: { digest: LOW }, lock: { mode: 'pessimistic_write' } });
      await other.rollbackTransaction();

      assert.equal(await outcome, 'revoked');
      assert.equal(await tokens.countBy({ userId: String(alice.id) }), 0);
      assert.ok((await deadlocks()) > deadlocksBefore, 'the database saw a deadlock');
    });
  });
}
