import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DataSourceOptions } from 'typeorm';
import { registerSalt, signData } from '../lib/verification/index.js';
import { PASSWORD } from './support/app.js';
import { MARIADB, POSTGRES, type TestDatabase } from './support/databases.js';
import { signEmail } from './support/register-email.js';
import {
  createRegistrationApp,
  DjangoUser,
  GOOD,
  PEER_SECRET,
  type RegistrationTestApp,
} from './support/registration.js';
import { signReset } from './support/reset-password.js';
import { TcpProxy } from './support/tcp-proxy.js';

const UNAVAILABLE = '{"detail":"Service temporarily unavailable, try again later."}';
const now = () => Math.floor(Date.now() / 1000);
const NEW = 'Zr4!outage-pass-1';

/**
 * Every route beyond login while the database is away: 503 with the module's body, nothing of the
 * driver in it, nothing stored; and the same requests work once it is back.
 */
for (const database of [POSTGRES, MARIADB] as TestDatabase[])
  describe(`the routes beyond login during a database outage (${database.name})`, { skip: database.skip }, () => {
    const target = new URL(database.url ?? 'postgres://127.0.0.1:1');
    const proxy = new TcpProxy(target.hostname, Number(target.port));
    let t: RegistrationTestApp;
    let token: string;
    let alice: DjangoUser;
    let requests: Array<[string, () => Promise<{ status: number; text: string }>]>;

    before(async () => {
      await proxy.start();
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
      t = await createRegistrationApp(
        throughProxy,
        () => ({
          resetPasswordVerificationUrl: 'https://frontend.example/reset-password/',
          registerEmailVerificationUrl: 'https://frontend.example/verify-email/',
        }),
        { extras: { routes: 'all' } },
      );
      await t.addUser({ username: 'alice', email: 'alice@example.com' }, DjangoUser);
      await t.addUser({ username: 'bob', email: 'bob@example.com', is_active: false }, DjangoUser);
      alice = await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ username: 'alice' });
      token = await t.login('alice');
      const bob = await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ username: 'bob' });
      const auth = { Authorization: `Token ${token}` };
      const verification = signData({ user_id: bob.id }, registerSalt(false), { secretKey: PEER_SECRET }, now());
      requests = [
        [
          'register',
          () =>
            t.http
              .post('/accounts/register')
              .send({ username: 'carol', email: 'carol@example.com', password: GOOD, password_confirm: GOOD }),
        ],
        ['verify-registration', () => t.http.post('/accounts/verify-registration').send(verification)],
        ['send-reset-password-link', () => t.http.post('/accounts/send-reset-password-link').send({ login: 'alice' })],
        [
          'reset-password',
          () =>
            t.http
              .post('/accounts/reset-password')
              .send({ ...signReset(alice.id, now(), alice.password), password: NEW }),
        ],
        [
          'change-password',
          () =>
            t.http
              .post('/accounts/change-password')
              .set(auth)
              .send({ old_password: PASSWORD, password: NEW, password_confirm: NEW }),
        ],
        ['profile GET', () => t.http.get('/accounts/profile').set(auth)],
        ['profile PATCH', () => t.http.patch('/accounts/profile').set(auth).send({ first_name: 'Alice' })],
        ['register-email', () => t.http.post('/accounts/register-email').set(auth).send({ email: 'a2@example.com' })],
        [
          'verify-email',
          () => t.http.post('/accounts/verify-email').send(signEmail(alice.id, 'alice.new@example.com')),
        ],
      ];
    });
    after(async () => {
      await proxy.start();
      await t?.close();
      await proxy.stop();
    });

    it('answers 503 with the detail on every route while the database is away', async () => {
      await proxy.stop();
      try {
        for (const [name, send] of requests) {
          const response = await send();
          assert.equal(response.status, 503, `${name}: ${response.text}`);
          assert.equal(response.text, UNAVAILABLE, name);
        }
      } finally {
        await proxy.start();
      }
    });

    it('stored nothing meanwhile, and the same requests work once the database is back', async () => {
      const users = t.dataSource.getRepository(DjangoUser);
      assert.equal(await users.countBy({ username: 'carol' }), 0);
      const stored = await users.findOneByOrFail({ username: 'alice' });
      assert.deepEqual(stored, alice, 'alice unchanged');
      assert.equal((await users.findOneByOrFail({ username: 'bob' })).is_active, false);
      const expected: Record<string, number> = {
        register: 201,
        'verify-registration': 200,
        'send-reset-password-link': 200,
        'profile GET': 200,
        'profile PATCH': 200,
        'register-email': 200,
        'verify-email': 200,
      };
      for (const [name, send] of requests) {
        if (!(name in expected)) continue;
        const response = await send();
        assert.equal(response.status, expected[name], `${name}: ${response.text}`);
      }
      const changed = await requests.find(([name]) => name === 'change-password')![1]();
      assert.equal(changed.status, 200, changed.text);
    });
  });
