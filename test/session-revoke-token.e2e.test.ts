/**
 * A front end that logs in with both (token and session) and logs out through the session with
 * `revoke_token: true`: upstream answers 200, deletes the token and ends the session. Here the token
 * revoked is the one the same login issued, remembered in the session as a digest only.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Controller, Get, Req, UseGuards } from '@nestjs/common';
import supertest from 'supertest';
import { Public } from 'nestjs-rest-registration';
import { JwtAuthGuard, JwtAuthTokenManager, TypeOrmJwtDenylist } from 'nestjs-rest-registration/jwt';
import { ADAPTERS, createTestApp, PASSWORD, ProfileController, type TestApp, useSessions } from './support/app.js';

@Controller()
class SessionDumpController {
  /** What the session store would hold for this session. */
  @Get('session-dump')
  @Public()
  dump(@Req() request: { session?: object }) {
    return { session: JSON.stringify(request.session ?? null) };
  }
}

@Controller()
class JwtProfileController {
  @Get('profile')
  @UseGuards(JwtAuthGuard)
  profile() {
    return {};
  }
}

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const SETUPS = {
  TypeOrmAuthTokenManager: {},
  'JwtAuthTokenManager with the TypeORM denylist': {
    authTokenManagerClass: JwtAuthTokenManager,
    jwt: { secret: SECRET, denylist: TypeOrmJwtDenylist },
  },
};

for (const adapter of ADAPTERS) {
  for (const [name, settings] of Object.entries(SETUPS)) {
    describe(`session logout with revoke_token (${name}, ${adapter})`, () => {
      let t: TestApp;
      const profile = '/profile';
      before(async () => {
        t = await createTestApp({
          adapter,
          autoLoadEntities: true,
          settings: { ...settings, loginAuthenticateSession: true, loginRetrieveToken: true },
          controllers: [name.startsWith('Jwt') ? JwtProfileController : ProfileController, SessionDumpController],
          configure: (app) => useSessions(app),
        });
        await t.addUser({ username: 'alice' });
      });
      after(() => t?.close());

      async function bothLogin() {
        const agent = supertest.agent(t.app.getHttpServer());
        const csrf = (await agent.get('/accounts/csrf')).body.csrfToken as string;
        const login = await agent
          .post('/accounts/login')
          .set('X-CSRFToken', csrf)
          .send({ login: 'alice', password: PASSWORD });
        assert.equal(login.status, 200, JSON.stringify(login.body));
        const cookie = ([] as string[])
          .concat(login.headers['set-cookie'] ?? [])
          .find((c) => c.startsWith('csrftoken='));
        return { agent, token: login.body.token as string, csrf: /^csrftoken=([^;]*)/.exec(cookie ?? '')![1] };
      }

      it('answers 200, revokes the token of that login, keeps the others and ends the session', async () => {
        const other = await t.login('alice');
        const { agent, token, csrf } = await bothLogin();
        const dump = await agent.get('/session-dump');
        assert.ok(!dump.body.session.includes(token), 'the session holds the token itself');
        const logout = await agent.post('/accounts/logout').set('X-CSRFToken', csrf).send({ revoke_token: true });
        assert.equal(logout.status, 200, JSON.stringify(logout.body));
        assert.deepEqual(logout.body, { detail: 'Logout successful' });
        const refused = await supertest(t.app.getHttpServer()).get(profile).set('Authorization', `Token ${token}`);
        assert.equal(refused.status, 401);
        const kept = await supertest(t.app.getHttpServer()).get(profile).set('Authorization', `Token ${other}`);
        assert.equal(kept.status, 200);
        const again = await agent.post('/accounts/logout').set('X-CSRFToken', csrf);
        assert.equal(again.status, 401);
      });
    });
  }
}
