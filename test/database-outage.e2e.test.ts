import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authenticateByLoginData, isDatabaseUnavailable, type LoginAuthenticator } from 'nestjs-rest-registration';
import type { DataSourceOptions } from 'typeorm';
import { createTestApp, PASSWORD, type TestApp } from './support/app.js';
import { MARIADB, POSTGRES, type TestDatabase } from './support/databases.js';
import { TcpProxy } from './support/tcp-proxy.js';

const UNAVAILABLE = { detail: 'Service temporarily unavailable, try again later.' };

function assertUnavailable(response: { status: number; body: unknown; text: string }): void {
  assert.equal(response.status, 503, response.text);
  assert.deepEqual(response.body, UNAVAILABLE);
  assert.doesNotMatch(response.text, /at .*\.js|stack|ECONNREFUSED|127\.0\.0\.1|postgres|mysql/i);
}

// The app reaches the database through a proxy the test stops and restarts; the server itself keeps
// running for the other suites.
for (const database of [POSTGRES, MARIADB] as TestDatabase[]) {
  describe(`database outage on ${database.name}`, { skip: database.skip }, () => {
    const target = new URL(database.url ?? 'postgres://127.0.0.1:1');
    const proxy = new TcpProxy(target.hostname, Number(target.port));
    let t: TestApp;
    let token: string;
    /** Set to cut the database between authentication and storing the token. */
    let cutAfterAuthentication = false;

    const authenticator: LoginAuthenticator = async (data, context) => {
      const user = await authenticateByLoginData(data, context);
      if (cutAfterAuthentication) {
        cutAfterAuthentication = false;
        await proxy.stop();
      }
      return user;
    };
    const login = () => t.http.post('/accounts/login').send({ login: 'alice', password: PASSWORD });
    const profile = (key = token) => t.http.get('/profile').set('Authorization', `Token ${key}`);

    before(async () => {
      await proxy.start();
      // The app's fresh schema or database as usual, reached through the proxy.
      const throughProxy: TestDatabase = {
        ...database,
        async create() {
          const real = await database.create();
          return {
            ...real,
            options: (entities, extra) => {
              const options = real.options(entities, extra) as DataSourceOptions & { url: string };
              return { ...options, url: proxy.url(options.url) } as DataSourceOptions;
            },
          };
        },
      };
      t = await createTestApp({ database: throughProxy, settings: { loginAuthenticator: authenticator } });
      await t.addUser({ username: 'alice' });
      token = (await login()).body.token;
      assert.equal((await profile()).status, 200);
    });
    after(async () => {
      await proxy.start();
      await t?.close();
      await proxy.stop();
    });

    it('answers 503 with a detail, and no token, to logins while the database is away', async () => {
      await proxy.stop();
      for (let attempt = 0; attempt < 3; attempt++) assertUnavailable(await login());
    });

    it('answers 503 to token-authenticated requests and logouts while the database is away', async () => {
      assertUnavailable(await profile());
      const logout = await t.http
        .post('/accounts/logout')
        .set('Authorization', `Token ${token}`)
        .send({ revoke_token: true });
      assertUnavailable(logout);
    });

    it('recovers by itself when the database is back', async () => {
      await proxy.start();
      assert.equal((await profile()).status, 200);
      const response = await login();
      assert.equal(response.status, 200);
      assert.equal((await profile(response.body.token)).status, 200);
    });

    it('hands out no token when the database goes away before the token is stored', async () => {
      const before = (await t.tokenRows()).length;
      cutAfterAuthentication = true;
      assertUnavailable(await login());
      await proxy.start();
      assert.equal((await t.tokenRows()).length, before);
      assert.equal((await login()).status, 200);
      assert.equal((await t.tokenRows()).length, before + 1);
    });

    it('tells connection errors from errors of the query itself', async () => {
      const queryError = await t.dataSource.query('SELECT * FROM no_such_table').catch((error: unknown) => error);
      assert.ok(queryError instanceof Error);
      assert.equal(isDatabaseUnavailable(queryError), false);
      await proxy.stop();
      const connectionError = await t.dataSource.query('SELECT 1').catch((error: unknown) => error);
      await proxy.start();
      assert.ok(connectionError instanceof Error);
      assert.equal(isDatabaseUnavailable(connectionError), true, String(connectionError));
    });
  });
}
