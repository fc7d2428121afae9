import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, PASSWORD, type TestApp } from './support/app.js';
import { DATABASES } from './support/databases.js';
import { User, UserWithSharedEmail } from './support/entities.js';

const INVALID = { detail: 'Login or password invalid.' };

// MariaDB's default collations compare case- and accent-insensitively and ignore trailing spaces
// (PAD SPACE); the login must still match only the exact stored value, as on PostgreSQL and SQLite.
for (const database of DATABASES) {
  describe(`login value matching on ${database.name}`, { skip: database.skip }, () => {
    describe(`exact match on unique fields (${database.name})`, () => {
      let t: TestApp;

      before(async () => {
        t = await createTestApp({ database, settings: { userLoginFields: ['username', 'email'] } });
        await t.addUser({ username: 'alice', email: 'alice@example.com' });
        await t.addUser({ username: 'carol ', email: null });
        await t.addUser({ username: 'zoë', email: null });
      });
      after(() => t.close());

      for (const login of ['alice', 'alice@example.com', '  alice\t', 'zoë']) {
        it(`logs in with ${JSON.stringify(login)}`, async () => {
          const response = await t.http.post('/accounts/login').send({ login, password: PASSWORD });
          assert.equal(response.status, 200);
        });
      }

      for (const login of [
        'ALICE',
        'Alice',
        'alicE',
        'ALICE@EXAMPLE.COM',
        'Alice@Example.com',
        'alicé',
        'zoe',
        'ZOË',
        'carol',
      ]) {
        it(`refuses ${JSON.stringify(login)}`, async () => {
          const response = await t.http.post('/accounts/login').send({ login, password: PASSWORD });
          assert.equal(response.status, 400);
          assert.deepEqual(response.body, INVALID);
          assert.equal((await t.tokenRows()).length > 0, true, 'earlier logins left tokens');
        });
      }

      it('is tested where it matters: the database alone matches other case and trailing spaces only on MariaDB', async () => {
        const users = t.dataSource.getRepository(User);
        const loose = (await users.countBy({ username: 'ALICE' })) + (await users.countBy({ username: 'carol' }));
        assert.equal(loose, database.kind === 'mariadb' ? 2 : 0);
      });

      it('refuses a stored value with a trailing space for the trimmed login, with or without the space', async () => {
        for (const login of ['carol', 'carol ']) {
          const response = await t.http.post('/accounts/login').send({ login, password: PASSWORD });
          assert.equal(response.status, 400, `login ${JSON.stringify(login)}`);
        }
      });
    });

    describe(`exact match among many case variants of a non-unique field (${database.name})`, () => {
      let t: TestApp;
      const variants = [
        'SHARED@example.com',
        'Shared@Example.com',
        'shared@EXAMPLE.com',
        'shared@example.COM',
        'shared@example.com ',
      ];

      before(async () => {
        t = await createTestApp({
          database,
          settings: {
            userEntity: UserWithSharedEmail,
            userLoginFields: ['email'],
            userLoginFieldsUniqueCheckEnabled: false,
          },
        });
        for (const [index, email] of variants.entries()) await t.addUser({ username: `variant${index}`, email });
        await t.addUser({ username: 'exact', email: 'shared@example.com' });
      });
      after(() => t.close());

      it('finds the one exact value however many rows the collation thinks are equal', async () => {
        const response = await t.http.post('/accounts/login').send({ login: 'shared@example.com', password: PASSWORD });
        assert.equal(response.status, 200);
        const rows = await t.tokenRows();
        assert.equal(rows.length, 1);
        const exact = await t.dataSource.getRepository(UserWithSharedEmail).findOneByOrFail({ username: 'exact' });
        assert.equal(rows[0].userId, String(exact.id));
      });

      it('matches each variant only to itself', async () => {
        const response = await t.http.post('/accounts/login').send({ login: 'Shared@Example.com', password: PASSWORD });
        assert.equal(response.status, 200);
      });
    });
  });
}
