import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Controller, Get, Injectable, UseGuards } from '@nestjs/common';
import { AuthGuard, PassportModule, PassportStrategy } from '@nestjs/passport';
import { JwtService } from '@nestjs/jwt';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import { CurrentUser } from 'nestjs-rest-registration';
import { JwtAuthTokenManager } from 'nestjs-rest-registration/jwt';
import {
  RegistrationJwtStrategy,
  RegistrationSessionStrategy,
  RegistrationTokenStrategy,
} from 'nestjs-rest-registration/passport';
import supertest from 'supertest';
import { createTestApp, type TestApp, useSessions } from './support/app.js';

const HOST_SECRET = 'the-host-own-jwt-secret-0123456789-abcdef';

/** A host's own passport-jwt strategy, as the Nest docs recipe writes it. */
@Injectable()
class HostJwtStrategy extends PassportStrategy(JwtStrategy, 'jwt') {
  constructor() {
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: HOST_SECRET });
  }
  validate(payload: { username: string }) {
    return { username: `host:${payload.username}` };
  }
}

@Controller()
class ComposedController {
  @Get('composed')
  @UseGuards(AuthGuard(['registration-token', 'jwt']))
  composed(@CurrentUser('username') username: string) {
    return { username };
  }
}

@Controller()
class JwtStrategyController {
  @Get('registration-jwt')
  @UseGuards(AuthGuard('registration-jwt'))
  profile(@CurrentUser('username') username: string) {
    return { username };
  }
}

describe('passport: registration-token composed with a host strategy', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({
      imports: [PassportModule],
      controllers: [ComposedController],
      providers: [RegistrationTokenStrategy, HostJwtStrategy],
    });
    await t.addUser({ username: 'alice' });
  });
  after(() => t.close());

  it('turns token retrieval on in auto mode (the strategy counts as the guard in use)', async () => {
    const response = await t.http.post('/accounts/login').send({ login: 'alice', password: 'correct horse battery' });
    assert.equal(typeof response.body.token, 'string');
  });

  it("accepts the module's token", async () => {
    const token = await t.login('alice');
    for (const scheme of ['Token', 'Bearer']) {
      const response = await t.http.get('/composed').set('Authorization', `${scheme} ${token}`);
      assert.deepEqual(response.body, { username: 'alice' });
    }
  });

  it("falls through to the host's own strategy", async () => {
    const hostToken = await new JwtService({ secret: HOST_SECRET }).signAsync({ username: 'zed' });
    const response = await t.http.get('/composed').set('Authorization', `Bearer ${hostToken}`);
    assert.deepEqual(response.body, { username: 'host:zed' });
  });

  it('answers 401 when no strategy accepts the request, and after logout with revoke_token', async () => {
    assert.equal((await t.http.get('/composed')).status, 401);
    assert.equal((await t.http.get('/composed').set('Authorization', 'Token nope')).status, 401);
    const token = await t.login('alice');
    await t.http.post('/accounts/logout').set('Authorization', `Token ${token}`).send({ revoke_token: true });
    assert.equal((await t.http.get('/composed').set('Authorization', `Token ${token}`)).status, 401);
  });
});

describe('passport: registration-jwt with the JWT manager', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({
      imports: [PassportModule],
      controllers: [JwtStrategyController],
      providers: [RegistrationJwtStrategy],
      settings: {
        authTokenManagerClass: JwtAuthTokenManager,
        jwt: { secret: 'registration-jwt-secret-0123456789-abcdef' },
      },
    });
    await t.addUser({ username: 'alice' });
  });
  after(() => t.close());

  it('accepts the JWT the login hands out and refuses a tampered one', async () => {
    const token = await t.login('alice');
    assert.deepEqual((await t.http.get('/registration-jwt').set('Authorization', `Bearer ${token}`)).body, {
      username: 'alice',
    });
    const tampered = `${token.slice(0, -3)}abc`;
    assert.equal((await t.http.get('/registration-jwt').set('Authorization', `Bearer ${tampered}`)).status, 401);
  });
});

@Controller()
class SessionOrTokenController {
  @Get('either')
  @UseGuards(AuthGuard(['registration-session', 'registration-token']))
  either(@CurrentUser('username') username: string) {
    return { username };
  }
}

describe('passport: registration-session or registration-token', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({
      imports: [PassportModule],
      controllers: [SessionOrTokenController],
      providers: [RegistrationSessionStrategy, RegistrationTokenStrategy],
      configure: (app) => useSessions(app),
    });
    await t.addUser({ username: 'alice' });
  });
  after(() => t.close());

  it('turns on both session login and tokens in auto mode, and accepts either', async () => {
    const agent = supertest.agent(t.app.getHttpServer());
    const login = await agent.post('/accounts/login').send({ login: 'alice', password: 'correct horse battery' });
    assert.equal(typeof login.body.token, 'string');
    assert.deepEqual((await agent.get('/either')).body, { username: 'alice' });
    assert.deepEqual((await t.http.get('/either').set('Authorization', `Token ${login.body.token}`)).body, {
      username: 'alice',
    });
    assert.equal((await t.http.get('/either')).status, 401);
  });
});
