import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuthTokenEntity } from 'nestjs-rest-registration';
import supertest from 'supertest';
import { createTestApp, PASSWORD, type TestApp } from './support/app.js';
import { DATABASES } from './support/databases.js';
import { User } from './support/entities.js';

const PARALLEL = 200;

for (const database of DATABASES) {
  describe(`${PARALLEL} parallel logins and logouts on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let http: ReturnType<typeof supertest>;

    before(async () => {
      t = await createTestApp({ database });
      await t.addUser({ username: 'alice' });
      await t.addUser({ username: 'bob' });
      // A real listening socket: the requests below are truly in flight together.
      await t.app.listen(0, '127.0.0.1');
      http = supertest(await t.app.getUrl());
    });
    after(() => t.close());

    const loginMany = async (count: number) => {
      const responses = await Promise.all(
        Array.from({ length: count }, () => http.post('/accounts/login').send({ login: 'alice', password: PASSWORD })),
      );
      assert.deepEqual([...new Set(responses.map((response) => response.status))], [200]);
      return responses.map((response) => response.body.token as string);
    };
    const profile = (token: string) => http.get('/profile').set('Authorization', `Token ${token}`);
    const logout = (token: string, body: object) =>
      http.post('/accounts/logout').set('Authorization', `Token ${token}`).send(body);

    it(`gives ${PARALLEL} distinct tokens that all work`, async () => {
      const tokens = await loginMany(PARALLEL);
      assert.equal(new Set(tokens).size, PARALLEL);
      assert.equal((await t.tokenRows()).length, PARALLEL);
      const checks = await Promise.all(tokens.map(profile));
      assert.deepEqual([...new Set(checks.map((response) => response.status))], [200]);
    });

    it(`revokes ${PARALLEL} tokens in parallel logouts without a 5xx, leaving none`, async () => {
      await t.dataSource.getRepository(AuthTokenEntity).clear();
      const tokens = await loginMany(PARALLEL);
      const responses = await Promise.all(tokens.map((token) => logout(token, { revoke_token: true })));
      assert.deepEqual([...new Set(responses.map((response) => response.status))], [200]);
      assert.equal((await t.tokenRows()).length, 0);
      const checks = await Promise.all(tokens.slice(0, 20).map(profile));
      assert.deepEqual([...new Set(checks.map((response) => response.status))], [401]);
    });

    it('survives revoke_token and revoke_all_tokens racing each other: no 5xx, no token left, no deadlock', async () => {
      const bobs = await t.login('bob');
      const tokens = await loginMany(PARALLEL);
      const responses = await Promise.all(
        tokens.map((token, index) =>
          logout(token, index % 4 === 0 ? { revoke_all_tokens: true } : { revoke_token: true }),
        ),
      );
      for (const response of responses) {
        // 200, or a 4xx when another request revoked the token first; never a server error.
        assert.ok([200, 400, 401].includes(response.status), `${response.status} ${JSON.stringify(response.body)}`);
        assert.equal(typeof response.body.detail, 'string');
      }
      const bob = await t.dataSource.getRepository(User).findOneByOrFail({ username: 'bob' });
      assert.deepEqual(
        (await t.tokenRows()).map((row) => row.userId),
        [String(bob.id)],
      );
      assert.equal((await profile(bobs)).status, 200);
    });
  });
}
