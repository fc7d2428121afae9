import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Controller, Get, UseGuards } from '@nestjs/common';
import {
  AuthTokenEntity,
  AuthTokenManager,
  CurrentUser,
  PasswordHasher,
  type PasswordChangedEvent,
  RegistrationEvent,
  RegistrationEvents,
  type RegistrationModuleOptions,
  RedisTokenInvalidationChannel,
  RegistrationUsers,
  SessionAuthGuard,
  TokenAuthGuard,
} from 'nestjs-rest-registration';
import {
  JwtAuthGuard,
  JwtAuthTokenManager,
  JwtRevocationEntity,
  RedisJwtDenylist,
  TypeOrmJwtDenylist,
} from 'nestjs-rest-registration/jwt';
import { Redis } from 'ioredis';
import supertest from 'supertest';
import { useSessions } from './support/app.js';
import { CountingHasher, withHasher } from './support/counting-hasher.js';
import { DATABASES, type TestDatabase } from './support/databases.js';
import { GatedHasher } from './support/gated-hasher.js';
import {
  createRegistrationApp,
  DjangoUser,
  expectAnswer,
  GOOD,
  type RegistrationTestApp,
} from './support/registration.js';
import { asText, assertNoSecrets } from './support/secrets.js';

/** alice's password in the transcripts (upstream-full-api.md 11.1 #82 to #102). */
const OLD = 'secret-pass-123';
const NEW = 'Kp3%changed-pass';
const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const CHANGE_ROUTES = ['login', 'logout', 'register', 'verify-registration', 'change-password'] as const;

@Controller()
class WhoAmIController {
  @Get('token-me')
  @UseGuards(TokenAuthGuard)
  token(@CurrentUser('username') username: string) {
    return { username };
  }

  @Get('jwt-me')
  @UseGuards(JwtAuthGuard)
  jwt(@CurrentUser('username') username: string) {
    return { username };
  }
}

/** Its SessionAuthGuard turns session login on (auto mode): only in the session suite. */
@Controller()
class SessionMeController {
  @Get('session-me')
  @UseGuards(SessionAuthGuard)
  session(@CurrentUser('username') username: string) {
    return { username };
  }
}

/** An app of configuration (i) serving change-password, with `hasher` behind the PasswordHasher token. */
function changePasswordApp(
  database: TestDatabase,
  settings: Partial<RegistrationModuleOptions> = {},
  options: { hasher?: CountingHasher; sessions?: boolean; routes?: readonly string[] } = {},
): Promise<RegistrationTestApp> {
  return createRegistrationApp(database, () => settings, {
    entities: [DjangoUser, AuthTokenEntity, JwtRevocationEntity],
    controllers: options.sessions ? [WhoAmIController, SessionMeController] : [WhoAmIController],
    extras: { routes: [...(options.routes ?? CHANGE_ROUTES)] as never },
    ...(options.hasher ? { override: withHasher(options.hasher) } : {}),
    ...(options.sessions ? { configure: (app) => useSessions(app) } : {}),
  });
}

/** Adds a user whose password is `password` (hashed with the app's hasher). */
async function addUser(t: RegistrationTestApp, username: string, password = OLD): Promise<void> {
  const hash = await t.app.get(PasswordHasher).hash(password);
  await t.dataSource.getRepository(DjangoUser).save({ username, password: hash, email: `${username}@example.com` });
}

const body = (old_password: unknown, password: unknown, password_confirm: unknown = password) => ({
  old_password,
  password,
  password_confirm,
});

for (const database of DATABASES)
  describe(`change-password, transcript 11.1 #82 to #99 (${database.name})`, { skip: database.skip }, () => {
    let t: RegistrationTestApp;
    let token: string;
    const change = (payload: unknown) =>
      t.http
        .post('/accounts/change-password')
        .set('Authorization', `Token ${token}`)
        .send(payload as object);
    const expect = (payload: unknown, status: number, expected: string) =>
      expectAnswer(change, payload, status, expected);

    before(async () => {
      t = await changePasswordApp(database);
      await addUser(t, 'alice');
      token = await t.login('alice', OLD);
    });
    after(() => t.close());

    it('#82: unauthenticated is 401 with WWW-Authenticate: Token and Allow', async () => {
      const response = await t.http.post('/accounts/change-password').send({});
      assert.equal(response.status, 401);
      assert.equal(response.text, '{"detail":"Authentication credentials were not provided."}');
      assert.equal(response.headers['www-authenticate'], 'Token');
      assert.equal(response.headers.allow, 'POST, OPTIONS');
      assert.equal(response.headers['content-type'], 'application/json');
      const invalid = await t.http
        .post('/accounts/change-password')
        .set('Authorization', 'Token nrr_not-a-token')
        .send(body(OLD, NEW));
      assert.equal(invalid.status, 401);
      assert.equal(invalid.text, '{"detail":"Invalid token."}');
      assert.equal(invalid.headers['www-authenticate'], 'Token');
    });

    it('#83: GET with a token is 405 with Allow', async () => {
      const response = await t.http.get('/accounts/change-password').set('Authorization', `Token ${token}`);
      assert.equal(response.status, 405);
      assert.equal(response.text, '{"detail":"Method \\"GET\\" not allowed."}');
      assert.equal(response.headers.allow, 'POST, OPTIONS');
    });

    it('#84, #85: OPTIONS answers 204 with Allow, without and with a token (we differ: no metadata)', async () => {
      for (const request of [
        t.http.options('/accounts/change-password'),
        t.http.options('/accounts/change-password').set('Authorization', `Token ${token}`),
      ]) {
        const response = await request;
        assert.equal(response.status, 204);
        assert.equal(response.headers.allow, 'POST, OPTIONS');
      }
    });

    it('#86 to #88: empty object, blank and null values', async () => {
      await expect(
        {},
        400,
        '{"old_password":["This field is required."],"password":["This field is required."],"password_confirm":["This field is required."]}',
      );
      await expect(
        body('', '', ''),
        400,
        '{"old_password":["This field may not be blank."],"password":["This field may not be blank."],"password_confirm":["This field may not be blank."]}',
      );
      await expect(
        body(null, null, null),
        400,
        '{"old_password":["This field may not be null."],"password":["This field may not be null."],"password_confirm":["This field may not be null."]}',
      );
    });

    it('#89 to #91: wrong old password, mismatch, and both with validator errors', async () => {
      await expect(body('wrong', NEW), 400, '{"old_password":["Old password is not correct"]}');
      await expect(body(OLD, NEW, 'Kp3%changed-pasS'), 400, `{"password_confirm":["Passwords don't match"]}`);
      await expect(
        body('wrong', '123', '1234'),
        400,
        '{"old_password":["Old password is not correct"],"password":["This password is too short. It must contain at least 8 characters.","This password is too common.","This password is entirely numeric."]}',
      );
    });

    it("#92 to #95: Django's validators, with the user's own attributes", async () => {
      await expect(
        body(OLD, 'Zq8!x'),
        400,
        '{"password":["This password is too short. It must contain at least 8 characters."]}',
      );
      await expect(body(OLD, 'password1'), 400, '{"password":["This password is too common."]}');
      await expect(body(OLD, '73829105'), 400, '{"password":["This password is entirely numeric."]}');
      await expect(body(OLD, 'alice1234'), 400, '{"password":["The password is too similar to the username."]}');
    });

    it('bad bodies: an array, text/plain, wrong types; nothing changes', async () => {
      await expect([], 400, '{"non_field_errors":["Invalid data. Expected a dictionary, but got list."]}');
      await expect(
        body(['x'], { a: 1 }, true),
        400,
        '{"old_password":["Not a valid string."],"password":["Not a valid string."],"password_confirm":["Not a valid string."]}',
      );
      // Not trimmed (we differ): the old password with a space is another password.
      await expectAnswer(change, body(` ${OLD}`, NEW), 400, '{"old_password":["Old password is not correct"]}');
      await expectAnswer(
        change,
        body(OLD, 'a\u0000b-long-pass'),
        400,
        '{"password":["Null characters are not allowed."],"password_confirm":["Null characters are not allowed."]}',
      );
      const plain = await t.http
        .post('/accounts/change-password')
        .set('Authorization', `Token ${token}`)
        .set('Content-Type', 'text/plain')
        .send('old_password=x');
      assert.equal(plain.status, 415);
      assert.equal(plain.text, '{"detail":"Unsupported media type \\"text/plain\\" in request."}');
      assert.equal((await t.http.post('/accounts/login').send({ login: 'alice', password: OLD })).status, 200);
    });

    it('#96 to #99: success; the same token works, the old password no longer logs in, the new one does', async () => {
      await expect(body(OLD, NEW), 200, '{"detail":"Password changed successfully"}');
      const me = await t.http.get('/token-me').set('Authorization', `Token ${token}`);
      assert.equal(me.status, 200);
      assert.equal(me.text, '{"username":"alice"}');
      await expectAnswer(
        (payload) => t.http.post('/accounts/login').send(payload),
        { login: 'alice', password: OLD },
        400,
        '{"detail":"Login or password invalid."}',
      );
      const login = await t.http.post('/accounts/login').send({ login: 'alice', password: NEW });
      assert.equal(login.status, 200);
      assert.equal(login.body.detail, 'Login successful');
    });
  });

const KINDS = [
  { name: 'opaque tokens', route: '/token-me', settings: {} },
  {
    name: 'JWTs with a denylist',
    route: '/jwt-me',
    settings: { authTokenManagerClass: JwtAuthTokenManager, jwt: { secret: SECRET, denylist: TypeOrmJwtDenylist } },
  },
] as const;

for (const database of DATABASES)
  for (const kind of KINDS)
    describe(
      `change-password keeps the request's ${kind.name} only (${database.name})`,
      { skip: database.skip },
      () => {
        let t: RegistrationTestApp;
        const hasher = new CountingHasher();
        const events: PasswordChangedEvent[] = [];
        const me = (token: string) => t.http.get(kind.route).set('Authorization', `Bearer ${token}`);
        const change = (token: string, payload: object) =>
          t.http.post('/accounts/change-password').set('Authorization', `Bearer ${token}`).send(payload);

        before(async () => {
          t = await changePasswordApp(database, kind.settings as Partial<RegistrationModuleOptions>, { hasher });
          t.app.get(RegistrationEvents).on(RegistrationEvent.PasswordChanged, (event) => events.push(event));
        });
        after(() => t.close());

        it('a token from another login gets 401 after the change, the current one 200, again and again', async () => {
          await addUser(t, 'bob');
          const current = await t.login('bob', OLD);
          const other = await t.login('bob', OLD);
          await addUser(t, 'carol');
          const carol = await t.login('carol', OLD);
          assert.equal((await change(current, body(OLD, NEW))).status, 200);
          assert.equal((await me(current)).status, 200);
          assert.equal((await me(other)).status, 401);
          assert.equal((await me(carol)).status, 200, "another user's token is untouched");
          // A second change with the kept token keeps it again; a token of the new password ends.
          const second = await t.login('bob', NEW);
          assert.equal((await change(current, body(NEW, GOOD))).status, 200);
          assert.equal((await me(current)).status, 200);
          assert.equal((await me(second)).status, 401);
          assert.equal((await t.http.post('/accounts/login').send({ login: 'bob', password: NEW })).status, 400);
          const fresh = await t.login('bob', GOOD);
          assert.equal((await me(fresh)).status, 200);
        });

        it('the old password is checked with exactly one hasher run, right or wrong', async () => {
          await addUser(t, 'dave');
          const token = await t.login('dave', OLD);
          hasher.reset();
          assert.equal((await change(token, body('wrong', NEW))).status, 400);
          assert.equal(hasher.verifies, 1, 'a wrong old password');
          assert.equal(hasher.hashes, 0, 'nothing is stored');
          hasher.reset();
          assert.equal((await change(token, body(OLD, NEW, 'other'))).status, 400);
          assert.equal(hasher.verifies, 1, 'a right old password');
          hasher.reset();
          assert.equal((await change(token, body(OLD, NEW))).status, 200);
          assert.equal(hasher.verifies, 1, 'a right old password, stored');
          assert.equal(hasher.hashes, 1);
        });

        it('emits registration.password.changed without secrets', async () => {
          await addUser(t, 'erin');
          const token = await t.login('erin', OLD);
          events.length = 0;
          assert.equal((await change(token, body(OLD, NEW))).status, 200);
          assert.equal(events.length, 1);
          assert.equal((events[0].user as DjangoUser).username, 'erin');
          assert.equal(events[0].kept, 'token');
          assert.equal(events[0].request.path, '/accounts/change-password');
          const text = asText(events);
          assertNoSecrets(text, [OLD, NEW, token], 'the event');
          assert.ok(!/\$argon2/.test(text) && !text.includes('"password"'), 'no hash in the event');
        });

        it('a refused change changes nothing: every token keeps working', async () => {
          await addUser(t, 'fred');
          const current = await t.login('fred', OLD);
          const other = await t.login('fred', OLD);
          assert.equal((await change(current, body('wrong', NEW))).status, 400);
          assert.equal((await change(current, body(OLD, '123'))).status, 400);
          assert.equal((await me(current)).status, 200);
          assert.equal((await me(other)).status, 200);
          assert.equal((await t.http.post('/accounts/login').send({ login: 'fred', password: OLD })).status, 200);
        });
      },
    );

for (const database of DATABASES)
  describe(`change-password through the session (${database.name})`, { skip: database.skip }, () => {
    let t: RegistrationTestApp;
    const cookie = (response: supertest.Response, name: string) =>
      ([] as string[])
        .concat(response.headers['set-cookie'] ?? [])
        .filter((c) => c.startsWith(`${name}=`))
        .at(-1)
        ?.split(';')[0]
        .slice(name.length + 1);

    before(async () => {
      t = await changePasswordApp(database, { loginAuthenticateSession: true }, { sessions: true });
    });
    after(() => t.close());

    /** Logs in with a session (and a token, loginRetrieveToken being on): the agent, its CSRF token and the token. */
    async function sessionLogin(username: string, password = OLD) {
      const agent = supertest.agent(t.app.getHttpServer());
      const login = await agent.post('/accounts/login').send({ login: username, password });
      assert.equal(login.status, 200, login.text);
      return { agent, csrf: cookie(login, 'csrftoken')!, token: login.body.token as string };
    }

    it('#100: without the CSRF token 403, nothing changes', async () => {
      await addUser(t, 'carol');
      const { agent } = await sessionLogin('carol');
      const response = await agent.post('/accounts/change-password').send(body(OLD, NEW));
      assert.equal(response.status, 403);
      assert.equal(response.text, '{"detail":"CSRF Failed: CSRF token missing."}');
      assert.equal(response.headers['www-authenticate'], undefined);
      assert.equal((await agent.get('/session-me')).status, 200);
      assert.equal((await t.http.post('/accounts/login').send({ login: 'carol', password: OLD })).status, 200);
    });

    it('#101, #102: with X-CSRFToken 200; that session stays (we differ), another session and the tokens end', async () => {
      await addUser(t, 'kate');
      const { agent, csrf, token } = await sessionLogin('kate');
      const other = await sessionLogin('kate');
      const response = await agent.post('/accounts/change-password').set('X-CSRFToken', csrf).send(body(OLD, NEW));
      assert.equal(response.status, 200);
      assert.equal(response.text, '{"detail":"Password changed successfully"}');
      assert.ok(cookie(response, 'sid'), 'the session gets a new id');
      assert.equal((await agent.get('/session-me')).text, '{"username":"kate"}');
      assert.equal((await other.agent.get('/session-me')).status, 401, 'the other session ended');
      assert.equal((await t.http.get('/token-me').set('Authorization', `Token ${token}`)).status, 401);
      assert.equal((await t.http.get('/token-me').set('Authorization', `Token ${other.token}`)).status, 401);
      // The kept session still changes the password with the same CSRF token; logout works.
      assert.equal(
        (await agent.post('/accounts/change-password').set('X-CSRFToken', csrf).send(body(NEW, GOOD))).status,
        200,
      );
      assert.equal((await agent.post('/accounts/logout').set('X-CSRFToken', csrf)).status, 200);
      assert.equal((await agent.get('/session-me')).status, 401);
      assert.equal((await t.http.post('/accounts/login').send({ login: 'kate', password: GOOD })).status, 200);
    });

    it('a token-authenticated change ends every session of the user', async () => {
      await addUser(t, 'liam');
      const { agent, token } = await sessionLogin('liam');
      const response = await t.http
        .post('/accounts/change-password')
        .set('Authorization', `Token ${token}`)
        .send(body(OLD, NEW));
      assert.equal(response.status, 200);
      assert.equal((await agent.get('/session-me')).status, 401);
      assert.equal((await t.http.get('/token-me').set('Authorization', `Token ${token}`)).status, 200);
    });
  });

describe('change-password settings and routes', () => {
  it('is not mapped unless routes lists it (the host 404)', async () => {
    const t = await changePasswordApp(DATABASES[0], {}, { routes: ['login', 'logout'] });
    try {
      await addUser(t, 'alice');
      const token = await t.login('alice', OLD);
      const response = await t.http
        .post('/accounts/change-password')
        .set('Authorization', `Token ${token}`)
        .send(body(OLD, NEW));
      assert.equal(response.status, 404);
    } finally {
      await t.close();
    }
  });

  it('changePasswordSerializerPasswordConfirm: false ignores password_confirm', async () => {
    const t = await changePasswordApp(DATABASES[0], { changePasswordSerializerPasswordConfirm: false });
    try {
      await addUser(t, 'alice');
      const token = await t.login('alice', OLD);
      const send = (payload: object) =>
        t.http.post('/accounts/change-password').set('Authorization', `Token ${token}`).send(payload);
      await expectAnswer(
        send,
        {},
        400,
        '{"old_password":["This field is required."],"password":["This field is required."]}',
      );
      await expectAnswer(send, body(OLD, NEW, 'different'), 200, '{"detail":"Password changed successfully"}');
    } finally {
      await t.close();
    }
  });

  it('transcript 11.4 #18: with verification off it works the same', async () => {
    const t = await changePasswordApp(DATABASES[0], { registerVerificationEnabled: false });
    try {
      await addUser(t, 'kate', GOOD);
      const token = await t.login('kate', GOOD);
      await expectAnswer(
        (payload) => t.http.post('/accounts/change-password').set('Authorization', `Token ${token}`).send(payload),
        body(GOOD, NEW),
        200,
        '{"detail":"Password changed successfully"}',
      );
    } finally {
      await t.close();
    }
  });

  it('transcript 11.5 #2: without validators 12345678 is accepted', async () => {
    const t = await changePasswordApp(DATABASES[0], { passwordValidators: [] });
    try {
      await addUser(t, 'alice');
      const token = await t.login('alice', OLD);
      await expectAnswer(
        (payload) => t.http.post('/accounts/change-password').set('Authorization', `Token ${token}`).send(payload),
        body(OLD, '12345678'),
        200,
        '{"detail":"Password changed successfully"}',
      );
    } finally {
      await t.close();
    }
  });

  it('throttles per user (registrationThrottle.changePassword), 429 as login answers it', async () => {
    const t = await changePasswordApp(DATABASES[0], {
      registrationThrottle: { changePassword: { limit: 2, ttl: 60_000 } },
    });
    try {
      await addUser(t, 'alice');
      await addUser(t, 'bob');
      const alice = [await t.login('alice', OLD), await t.login('alice', OLD)];
      const bob = await t.login('bob', OLD);
      const send = (token: string) =>
        t.http.post('/accounts/change-password').set('Authorization', `Token ${token}`).send(body('wrong', NEW));
      assert.equal((await send(alice[0])).status, 400);
      assert.equal((await send(alice[1])).status, 400);
      const refused = await send(alice[0]);
      assert.equal(refused.status, 429);
      assert.equal(refused.text, '{"detail":"Request was throttled. Expected available in 60 seconds."}');
      assert.equal(refused.headers['retry-after'], '60');
      const other = await t.http
        .post('/accounts/change-password')
        .set('Authorization', `Token ${alice[1]}`)
        .send(body(OLD, NEW));
      assert.equal(other.status, 429, "the budget is the user's, whichever token it uses");
      assert.equal((await send(bob)).status, 400, 'another user has its own budget');
      assert.equal((await t.http.post('/accounts/change-password').send({})).status, 401, 'unauthenticated: 401 first');
    } finally {
      await t.close();
    }
  });

  it('is throttled by default', async () => {
    const t = await createRegistrationApp(DATABASES[0], () => ({ registrationThrottle: undefined }), {
      extras: { routes: [...CHANGE_ROUTES] },
    });
    try {
      await addUser(t, 'alice');
      const token = await t.login('alice', OLD);
      let status = 0;
      for (let i = 0; i < 11 && status !== 429; i++)
        status = (await t.http.post('/accounts/change-password').set('Authorization', `Token ${token}`).send({}))
          .status;
      assert.equal(status, 429);
    } finally {
      await t.close();
    }
  });
});

/** Django's pbkdf2_sha256 hash of PASSWORD (1000 iterations): login rehashes it to argon2id. */
const DJANGO_PBKDF2 = 'pbkdf2_sha256$1000$seasalt$DrdiWD40lyBuydnjvZiDrdQMx1S1mOA9O0QYex0R6ww=';
const DJANGO_PASSWORD = 'correct horse battery';

for (const database of DATABASES)
  for (const kind of KINDS)
    describe(`change-password races with ${kind.name} (${database.name})`, { skip: database.skip }, () => {
      let t: RegistrationTestApp;
      const hasher = new GatedHasher();
      const me = (token: string) => t.http.get(kind.route).set('Authorization', `Bearer ${token}`);
      const change = (token: string, payload: object) =>
        t.http.post('/accounts/change-password').set('Authorization', `Bearer ${token}`).send(payload);

      before(async () => {
        t = await changePasswordApp(database, kind.settings as Partial<RegistrationModuleOptions>, { hasher });
      });
      after(() => t.close());

      /** A login that has checked `password` and waits; the change runs; then the login ends. */
      async function loginAcrossChange(username: string, password: string, current: string): Promise<string> {
        hasher.holdNext();
        const pending = t.http
          .post('/accounts/login')
          .send({ login: username, password })
          .then((response) => response);
        await hasher.reached;
        let changed;
        try {
          changed = await change(current, body(password, NEW));
        } finally {
          hasher.release();
        }
        assert.equal(changed.status, 200, changed.text);
        const login = await pending;
        assert.equal(login.status, 200, 'the login itself had checked a valid password');
        return login.body.token as string;
      }

      it('a login that checked the old password gets no working token; the kept one works', async () => {
        await addUser(t, 'gina');
        const current = await t.login('gina', OLD);
        const raced = await loginAcrossChange('gina', OLD, current);
        assert.equal((await me(raced)).status, 401, 'its token must not outlive the change');
        assert.equal((await me(current)).status, 200);
      });

      it('also when that login upgrades an old hash scheme', async () => {
        const hugo = await t.dataSource.getRepository(DjangoUser).save({ username: 'hugo', password: DJANGO_PBKDF2 });
        // Issued under the old scheme's hash, which stays stored (a login would upgrade it).
        const kept = await t.app.get(AuthTokenManager).provideToken(hugo);
        const raced = await loginAcrossChange('hugo', DJANGO_PASSWORD, kept);
        assert.equal((await me(raced)).status, 401, 'its token must not outlive the change');
        assert.equal((await me(kept)).status, 200);
        const stored = await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ username: 'hugo' });
        assert.equal(await t.app.get(PasswordHasher).verify(NEW, stored.password), true, 'the new password stays');
      });

      it('two logins upgrading the same old hash at once both get working tokens', async () => {
        await t.dataSource.getRepository(DjangoUser).save({ username: 'ivan', password: DJANGO_PBKDF2 });
        hasher.holdNext();
        const pending = t.http
          .post('/accounts/login')
          .send({ login: 'ivan', password: DJANGO_PASSWORD })
          .then((response) => response);
        await hasher.reached;
        let second: string;
        try {
          second = await t.login('ivan', DJANGO_PASSWORD);
        } finally {
          hasher.release();
        }
        const first = (await pending).body.token as string;
        assert.equal((await me(first)).status, 200);
        assert.equal((await me(second)).status, 200);
      });

      it('several users changing at once each keep their own token only', async () => {
        const names = Array.from({ length: 6 }, (_, i) => `many${i}`);
        const tokens: Array<{ kept: string; other: string }> = [];
        for (const name of names) {
          await addUser(t, name);
          tokens.push({ kept: await t.login(name, OLD), other: await t.login(name, OLD) });
        }
        const answers = await Promise.all(tokens.map(({ kept }) => change(kept, body(OLD, NEW))));
        assert.deepEqual(
          answers.map((response) => response.status),
          names.map(() => 200),
        );
        for (const { kept, other } of tokens) {
          assert.equal((await me(kept)).status, 200);
          assert.equal((await me(other)).status, 401);
        }
      });

      it('requests with the kept token during the change all succeed', async () => {
        await addUser(t, 'iris');
        const current = await t.login('iris', OLD);
        const during = Array.from({ length: 20 }, () => me(current));
        const changed = change(current, body(OLD, NEW));
        const more = Array.from({ length: 20 }, () => me(current));
        assert.equal((await changed).status, 200);
        const statuses = (await Promise.all([...during, ...more])).map((response) => response.status);
        assert.deepEqual(new Set(statuses), new Set([200]));
        assert.equal((await me(current)).status, 200);
      });
    });

const redisUrl = process.env.TEST_REDIS_URL;

describe('change-password with other token setups (sqlite)', () => {
  const redisClients: Redis[] = [];
  after(() => redisClients.forEach((redis) => redis.disconnect()));
  const redis = () => {
    const client = new Redis(redisUrl!, { maxRetriesPerRequest: 1 });
    client.on('error', () => undefined);
    redisClients.push(client);
    return client;
  };
  const prefix = () => `registration-test:${process.pid}:${randomBytes(4).toString('hex')}:`;

  /** Logs bob in twice, changes the password with the first token, and answers what each token gets then. */
  async function changeWithTwoTokens(settings: Partial<RegistrationModuleOptions>, route: string) {
    const t = await changePasswordApp(DATABASES[0], settings);
    try {
      await addUser(t, 'bob');
      const current = await t.login('bob', OLD);
      const other = await t.login('bob', OLD);
      const me = (token: string) => t.http.get(route).set('Authorization', `Bearer ${token}`);
      // Seen once before the change (so a token cache holds both).
      assert.deepEqual([(await me(current)).status, (await me(other)).status], [200, 200]);
      const response = await t.http
        .post('/accounts/change-password')
        .set('Authorization', `Bearer ${current}`)
        .send(body(OLD, NEW));
      assert.equal(response.status, 200, response.text);
      assert.equal((await t.http.post('/accounts/login').send({ login: 'bob', password: NEW })).status, 200);
      return { current: (await me(current)).status, other: (await me(other)).status };
    } finally {
      await t.close();
    }
  }

  it('JWTs without a denylist: every JWT ends, the one that made the change too (documented)', async () => {
    const statuses = await changeWithTwoTokens(
      { authTokenManagerClass: JwtAuthTokenManager, jwt: { secret: SECRET } },
      '/jwt-me',
    );
    assert.deepEqual(statuses, { current: 401, other: 401 });
  });

  it(
    'JWTs with the Redis denylist: the current one stays',
    { skip: redisUrl ? false : 'TEST_REDIS_URL is not set' },
    async () => {
      const statuses = await changeWithTwoTokens(
        {
          authTokenManagerClass: JwtAuthTokenManager,
          jwt: { secret: SECRET, denylist: new RedisJwtDenylist(redis(), prefix()) },
        },
        '/jwt-me',
      );
      assert.deepEqual(statuses, { current: 200, other: 401 });
    },
  );

  it(
    'opaque tokens with tokenCache: the cached other token is refused at once',
    { skip: redisUrl ? false : 'TEST_REDIS_URL is not set' },
    async () => {
      const channel = new RedisTokenInvalidationChannel(redis(), {
        channel: `nrr_test_cache:${randomBytes(6).toString('hex')}`,
      });
      const statuses = await changeWithTwoTokens({ tokenCache: { channel, ttl: 60 } }, '/token-me');
      assert.deepEqual(statuses, { current: 200, other: 401 });
    },
  );

  it('RegistrationUsers.setPassword(user, password, { keep: {} }) ends every token and keeps none', async () => {
    const t = await changePasswordApp(DATABASES[0]);
    try {
      await addUser(t, 'bob');
      const token = await t.login('bob', OLD);
      const bob = await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ username: 'bob' });
      await t.app.get(RegistrationUsers).setPassword(bob, NEW, { keep: {} });
      assert.equal((await t.http.get('/token-me').set('Authorization', `Token ${token}`)).status, 401);
      assert.equal(await t.dataSource.getRepository(AuthTokenEntity).countBy({ userId: String(bob.id) }), 0);
      assert.equal((await t.http.post('/accounts/login').send({ login: 'bob', password: NEW })).status, 200);
    } finally {
      await t.close();
    }
  });
});
