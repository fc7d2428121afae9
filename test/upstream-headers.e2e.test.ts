/**
 * The headers of the module's answers, as DRF and Django send them (recorded from a live server):
 * `Content-Type: application/json` without a charset, `Allow: POST, OPTIONS` on every answer of login
 * and logout, `Vary: Accept` (`Accept, Cookie` with session login), no `WWW-Authenticate` on a 403.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Controller, Get, UseGuards } from '@nestjs/common';
import supertest from 'supertest';
import { CurrentUser, SessionAuthGuard } from 'nestjs-rest-registration';
import { ADAPTERS, createTestApp, type TestApp, useSessions } from './support/app.js';

@Controller()
export class SessionProfileController {
  @Get('session-profile')
  @UseGuards(SessionAuthGuard)
  profile(@CurrentUser('username') username: string) {
    return { username };
  }
}

function assertDrfHeaders(response: supertest.Response, vary: string, allow = true): void {
  const where = `${response.status} ${JSON.stringify(response.body)}`;
  assert.equal(response.headers['content-type'], 'application/json', where);
  if (allow) assert.equal(response.headers['allow'], 'POST, OPTIONS', where);
  assert.equal(response.headers['vary'], vary, where);
}

for (const adapter of ADAPTERS) {
  describe(`upstream's headers, token login (${adapter})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ adapter });
      await t.addUser({ username: 'alice' });
    });
    after(() => t.close());

    it('sends them on successes and every kind of failure of login', async () => {
      const answers = [
        await t.http.post('/accounts/login').send({ login: 'alice', password: 'correct horse battery' }),
        await t.http.post('/accounts/login').send({ login: 'alice', password: 'wrong' }),
        await t.http.post('/accounts/login').send({}),
        await t.http.post('/accounts/login').set('Content-Type', 'application/json').send('{"login":'),
        await t.http.post('/accounts/login').set('Content-Type', 'text/plain').send('hello'),
        await t.http.get('/accounts/login'),
        await t.http.put('/accounts/login').send({}),
      ];
      assert.deepEqual(
        answers.map((response) => response.status),
        [200, 400, 400, 400, 415, 405, 405],
      );
      for (const response of answers) assertDrfHeaders(response, 'Accept');
      const options = await t.http.options('/accounts/login');
      assert.equal(options.headers['allow'], 'POST, OPTIONS');
      assert.equal(options.headers['vary'], 'Accept');
    });

    it('sends them on logout, with WWW-Authenticate: Token on a 401', async () => {
      const token = await t.login('alice');
      const anonymous = await t.http.post('/accounts/logout');
      assert.equal(anonymous.status, 401);
      assertDrfHeaders(anonymous, 'Accept');
      assert.equal(anonymous.headers['www-authenticate'], 'Token');
      const invalid = await t.http.post('/accounts/logout').set('Authorization', 'Token nope');
      assert.equal(invalid.status, 401);
      assertDrfHeaders(invalid, 'Accept');
      const done = await t.http.post('/accounts/logout').set('Authorization', `Token ${token}`).send({});
      assert.equal(done.status, 200);
      assertDrfHeaders(done, 'Accept');
    });
  });

  describe(`upstream's headers and cookies, session login (${adapter})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({
        adapter,
        controllers: [SessionProfileController],
        configure: (app) => useSessions(app),
      });
      await t.addUser({ username: 'alice' });
    });
    after(() => t.close());

    async function sessionLogin() {
      const agent = supertest.agent(t.app.getHttpServer());
      const csrf = await agent.get('/accounts/csrf');
      assert.equal(csrf.status, 200);
      assert.equal(csrf.headers['content-type'], 'application/json');
      const login = await agent
        .post('/accounts/login')
        .set('X-CSRFToken', csrf.body.csrfToken)
        .send({ login: 'alice', password: 'correct horse battery' });
      assert.equal(login.status, 200, JSON.stringify(login.body));
      const cookie = ([] as string[])
        .concat(login.headers['set-cookie'] ?? [])
        .find((value) => value.startsWith('csrftoken='));
      const token = /^csrftoken=([^;]*)/.exec(cookie ?? '')?.[1] ?? '';
      return { agent, login, csrfCookie: cookie ?? '', csrfToken: token };
    }

    it('answers login with Vary: Accept, Cookie and a csrftoken cookie that lasts a year, SameSite=Lax', async () => {
      const { login, csrfCookie } = await sessionLogin();
      assertDrfHeaders(login, 'Accept, Cookie');
      assert.match(csrfCookie, /; Max-Age=31449600(;|$)/);
      assert.match(csrfCookie, /; SameSite=Lax(;|$)/);
      const expires = /; Expires=([^;]+)/.exec(csrfCookie)?.[1];
      assert.ok(expires, csrfCookie);
      const inDays = (Date.parse(expires) - Date.now()) / 86_400_000;
      assert.ok(inDays > 363 && inDays < 365, `expires in ${inDays} days`);
    });

    it('refuses a logout without the CSRF token with 403 and no WWW-Authenticate', async () => {
      const { agent } = await sessionLogin();
      const refused = await agent.post('/accounts/logout');
      assert.equal(refused.status, 403);
      assert.equal(refused.headers['www-authenticate'], undefined);
      assertDrfHeaders(refused, 'Accept, Cookie');
    });

    it('clears the session cookie on logout (Max-Age=0), and the session is gone', async () => {
      const { agent, csrfToken } = await sessionLogin();
      const logout = await agent.post('/accounts/logout').set('X-CSRFToken', csrfToken);
      assert.equal(logout.status, 200, JSON.stringify(logout.body));
      assertDrfHeaders(logout, 'Accept, Cookie');
      const cleared = ([] as string[])
        .concat(logout.headers['set-cookie'] ?? [])
        .filter((value) => value.startsWith('sid='))
        .at(-1);
      assert.ok(cleared, JSON.stringify(logout.headers['set-cookie']));
      assert.match(cleared, /^sid=;/);
      assert.match(cleared, /; Max-Age=0(;|$)/);
      assert.equal((await agent.get('/session-profile')).status, 401);
    });
  });
}

describe('csrfCookieAge', () => {
  for (const [age, expected] of [
    [3600, /; Max-Age=3600(;|$)/],
    [null, null],
  ] as const) {
    it(`${String(age)} gives ${expected ? 'that Max-Age' : 'a cookie that ends with the browser'}`, async () => {
      const t = await createTestApp({
        settings: { csrfCookieAge: age },
        controllers: [SessionProfileController],
        configure: (app) => useSessions(app),
      });
      try {
        const csrf = await t.http.get('/accounts/csrf');
        const cookie = ([] as string[])
          .concat(csrf.headers['set-cookie'] ?? [])
          .find((c) => c.startsWith('csrftoken='));
        assert.ok(cookie);
        if (expected) assert.match(cookie, expected);
        else assert.doesNotMatch(cookie, /Max-Age|Expires/i);
        assert.match(cookie, /; SameSite=Lax(;|$)/);
      } finally {
        await t.close();
      }
    });
  }
});

describe('check E070', () => {
  for (const age of [0, -5, 1.5, '3600']) {
    it(`refuses csrfCookieAge: ${JSON.stringify(age)}`, async () => {
      await assert.rejects(createTestApp({ settings: { csrfCookieAge: age as number } }), (error: Error) =>
        error.message.includes('[registration.E070] csrfCookieAge is'),
      );
    });
  }
});
