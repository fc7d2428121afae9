import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Controller, Get, Post, Req, UseGuards } from '@nestjs/common';
import supertest from 'supertest';
import {
  CurrentUser,
  PasswordHasher,
  type RegistrationModuleOptions,
  SessionAuthGuard,
  TokenAuthGuard,
} from 'nestjs-rest-registration';
import { createTestApp, PASSWORD, type TestApp, useSessions } from './support/app.js';
import { User } from './support/entities.js';

@Controller()
class SessionController {
  @Get('session-profile')
  @UseGuards(SessionAuthGuard)
  profile(@CurrentUser('username') username: string) {
    return { username };
  }

  @Post('session-action')
  @UseGuards(SessionAuthGuard)
  action(@CurrentUser('username') username: string) {
    return { done: username };
  }
}

@Controller()
class SessionBackendController {
  @Get('session-backend')
  @UseGuards(SessionAuthGuard)
  backend(
    @Req() request: { session: { registration?: { backend?: string }; get?(key: string): { backend?: string } } },
  ) {
    const data =
      typeof request.session.get === 'function' ? request.session.get('registration') : request.session.registration;
    return { backend: data?.backend };
  }
}

@Controller()
class EitherController {
  @Get('session-profile')
  @UseGuards(SessionAuthGuard)
  session(@CurrentUser('username') username: string) {
    return { username };
  }

  @Get('profile')
  @UseGuards(TokenAuthGuard)
  token(@CurrentUser('username') username: string) {
    return { username };
  }
}

async function sessionApp(
  settings: Partial<RegistrationModuleOptions> = {},
  controllers: Function[] = [SessionController],
): Promise<TestApp> {
  const t = await createTestApp({ settings, controllers: controllers as never, configure: (app) => useSessions(app) });
  await t.addUser({ username: 'alice' });
  return t;
}

const cookieValue = (response: supertest.Response, name: string) => {
  const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  // The last one counts: Fastify clears the old session cookie before setting the new one.
  const cookie = cookies.filter((c) => c.startsWith(`${name}=`)).at(-1);
  return cookie?.split(';')[0].slice(name.length + 1);
};

describe('session login (auto: SessionAuthGuard in use)', () => {
  let t: TestApp;
  before(async () => {
    t = await sessionApp();
  });
  after(() => t.close());

  it("logs in with the CSRF token of GET /accounts/csrf, in a new session, and keeps the body upstream's", async () => {
    const agent = supertest.agent(t.app.getHttpServer());
    const csrf = await agent.get('/accounts/csrf');
    assert.equal(csrf.status, 200);
    const token = csrf.body.csrfToken as string;
    assert.equal(cookieValue(csrf, 'csrftoken'), token);
    const before = cookieValue(csrf, 'sid');
    assert.ok(before);

    const missing = await agent.post('/accounts/login').send({ login: 'alice', password: PASSWORD });
    assert.equal(missing.status, 403);
    assert.deepEqual(missing.body, { detail: 'CSRF Failed: CSRF token missing.' });
    const wrong = await agent
      .post('/accounts/login')
      .set('X-CSRFToken', `${token}x`)
      .send({ login: 'alice', password: PASSWORD });
    assert.deepEqual(wrong.body, { detail: 'CSRF Failed: CSRF token incorrect.' });

    const login = await agent
      .post('/accounts/login')
      .set('X-CSRFToken', token)
      .send({ login: 'alice', password: PASSWORD });
    assert.equal(login.status, 200);
    assert.deepEqual(login.body, { detail: 'Login successful' });
    const after = cookieValue(login, 'sid');
    assert.ok(after && after !== before, 'the session id changes at login');
    const rotated = cookieValue(login, 'csrftoken');
    assert.ok(rotated && rotated !== token, 'the CSRF token changes at login');

    assert.deepEqual((await agent.get('/session-profile')).body, { username: 'alice' });
    const oldSession = await supertest(t.app.getHttpServer()).get('/session-profile').set('Cookie', `sid=${before}`);
    assert.equal(oldSession.status, 401, 'the pre-login session id grants nothing');

    const unsafe = await agent.post('/session-action');
    assert.equal(unsafe.status, 403);
    assert.deepEqual(unsafe.body, { detail: 'CSRF Failed: CSRF token missing.' });
    const stale = await agent.post('/session-action').set('X-CSRFToken', token);
    assert.deepEqual(stale.body, { detail: 'CSRF Failed: CSRF token incorrect.' });
    assert.deepEqual((await agent.post('/session-action').set('X-CSRFToken', rotated)).body, { done: 'alice' });

    const logoutWithoutCsrf = await agent.post('/accounts/logout');
    assert.equal(logoutWithoutCsrf.status, 403);
    assert.deepEqual((await agent.get('/session-profile')).body, { username: 'alice' });
    const logout = await agent.post('/accounts/logout').set('X-CSRFToken', rotated);
    assert.deepEqual(logout.body, { detail: 'Logout successful' });
    const refused = await agent.get('/session-profile');
    assert.equal(refused.status, 401);
    assert.equal(refused.headers['www-authenticate'], 'Session');
    assert.deepEqual(refused.body, { detail: 'Authentication credentials were not provided.' });
    const replay = await supertest(t.app.getHttpServer()).get('/session-profile').set('Cookie', `sid=${after}`);
    assert.equal(replay.status, 401, 'the logged-out session id grants nothing');
  });

  it('refuses a cross-site browser login without a session (upstream issue #65)', async () => {
    const response = await t.http
      .post('/accounts/login')
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ login: 'alice', password: PASSWORD });
    assert.equal(response.status, 403);
    assert.deepEqual(response.body, { detail: 'CSRF Failed: CSRF cookie not set.' });
    assert.equal(cookieValue(response, 'sid'), undefined);
  });

  it('lets a non-browser client log in without a CSRF token', async () => {
    const login = await t.http.post('/accounts/login').send({ login: 'alice', password: PASSWORD });
    assert.equal(login.status, 200);
    const sid = cookieValue(login, 'sid');
    assert.deepEqual((await t.http.get('/session-profile').set('Cookie', `sid=${sid}`)).body, { username: 'alice' });
  });

  it('ends the session when the password changes', async () => {
    const agent = supertest.agent(t.app.getHttpServer());
    await t.addUser({ username: 'paula' });
    assert.equal((await agent.post('/accounts/login').send({ login: 'paula', password: PASSWORD })).status, 200);
    assert.equal((await agent.get('/session-profile')).status, 200);
    const hash = await t.app.get(PasswordHasher).hash('a new password');
    await t.dataSource.getRepository(User).update({ username: 'paula' }, { password: hash });
    assert.equal((await agent.get('/session-profile')).status, 401);
  });

  it('answers 401 for logout without a session', async () => {
    const response = await t.http.post('/accounts/logout');
    assert.equal(response.status, 401);
    assert.equal(response.headers['www-authenticate'], 'Session');
  });
});

describe('the strategy recorded on the session', () => {
  for (const [setting, expected] of [
    [null, 'registration'],
    ['registration-token', 'registration-token'],
  ] as const) {
    it(`is ${expected} when loginDefaultSessionAuthenticationBackend is ${String(setting)}`, async () => {
      const t = await sessionApp({ loginDefaultSessionAuthenticationBackend: setting }, [SessionBackendController]);
      try {
        const agent = supertest.agent(t.app.getHttpServer());
        assert.equal((await agent.post('/accounts/login').send({ login: 'alice', password: PASSWORD })).status, 200);
        assert.deepEqual((await agent.get('/session-backend')).body, { backend: expected });
      } finally {
        await t.close();
      }
    });
  }
});

describe('session x token matrix (contract 1.8)', () => {
  it('both on: login gives a token and a session; logout of the session keeps the token unless revoke_token', async () => {
    const t = await sessionApp({}, [EitherController]);
    try {
      const agent = supertest.agent(t.app.getHttpServer());
      const login = await agent.post('/accounts/login').send({ login: 'alice', password: PASSWORD });
      assert.deepEqual(Object.keys(login.body), ['detail', 'token']);
      assert.ok(cookieValue(login, 'sid'));
      const csrf = cookieValue(login, 'csrftoken') as string;
      const token = login.body.token as string;
      assert.equal((await agent.get('/session-profile')).status, 200);
      assert.equal((await t.http.get('/profile').set('Authorization', `Token ${token}`)).status, 200);

      assert.equal((await agent.post('/accounts/logout').set('X-CSRFToken', csrf)).status, 200);
      assert.equal((await agent.get('/session-profile')).status, 401);
      assert.equal((await t.http.get('/profile').set('Authorization', `Token ${token}`)).status, 200);

      // Session-authenticated with revoke_token: the token of that same login goes too (as upstream).
      const browser = supertest.agent(t.app.getHttpServer());
      const again = await browser.post('/accounts/login').send({ login: 'alice', password: PASSWORD });
      const againCsrf = cookieValue(again, 'csrftoken') as string;
      const revoke = await browser.post('/accounts/logout').set('X-CSRFToken', againCsrf).send({ revoke_token: true });
      assert.equal(revoke.status, 200);
      assert.equal((await browser.get('/session-profile')).status, 401);
      assert.equal((await t.http.get('/profile').set('Authorization', `Token ${again.body.token}`)).status, 401);

      const byToken = await t.http
        .post('/accounts/logout')
        .set('Authorization', `Token ${token}`)
        .send({ revoke_token: true });
      assert.equal(byToken.status, 200);
      assert.equal((await t.http.get('/profile').set('Authorization', `Token ${token}`)).status, 401);
    } finally {
      await t.close();
    }
  });

  it('token only: no session cookie', async () => {
    const t = await sessionApp({ loginAuthenticateSession: false }, [EitherController]);
    try {
      const login = await t.http.post('/accounts/login').send({ login: 'alice', password: PASSWORD });
      assert.equal(typeof login.body.token, 'string');
      assert.equal(cookieValue(login, 'sid'), undefined);
      assert.equal(cookieValue(login, 'csrftoken'), undefined);
      const csrf = await t.http.get('/accounts/csrf');
      assert.equal(csrf.status, 404);
      assert.deepEqual(csrf.body, { detail: 'Not found.' });
    } finally {
      await t.close();
    }
  });

  it('session only: no token; revoke_token is ignored', async () => {
    const t = await sessionApp({ loginRetrieveToken: false }, [EitherController]);
    try {
      const agent = supertest.agent(t.app.getHttpServer());
      const login = await agent.post('/accounts/login').send({ login: 'alice', password: PASSWORD });
      assert.deepEqual(login.body, { detail: 'Login successful' });
      const logout = await agent
        .post('/accounts/logout')
        .set('X-CSRFToken', cookieValue(login, 'csrftoken') as string)
        .send({ revoke_token: true });
      assert.deepEqual(logout.body, { detail: 'Logout successful' });
      assert.equal((await t.tokenRows()).length, 0);
    } finally {
      await t.close();
    }
  });

  it('both off: 200 and nothing issued', async () => {
    const t = await sessionApp({ loginRetrieveToken: false, loginAuthenticateSession: false }, [EitherController]);
    try {
      const login = await t.http.post('/accounts/login').send({ login: 'alice', password: PASSWORD });
      assert.equal(login.status, 200);
      assert.deepEqual(login.body, { detail: 'Login successful' });
      assert.equal(cookieValue(login, 'sid'), undefined);
      assert.equal((await t.tokenRows()).length, 0);
    } finally {
      await t.close();
    }
  });

  it('E016 when session login is on without session middleware; silent with it', async () => {
    const bare = await createTestApp({ settings: { loginAuthenticateSession: true }, skipInit: true });
    await assert.rejects(bare.app.init(), /registration\.E016/);
    await bare.close().catch(() => undefined);
    const withMiddleware = await sessionApp({ loginAuthenticateSession: true });
    await withMiddleware.close();
  });
});
