import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Controller, Get, Injectable, UseGuards, ValidationPipe } from '@nestjs/common';
import {
  AuthTokenManager,
  CurrentUser,
  Public,
  RegistrationEvent,
  RegistrationEvents,
  TokenAuthGuard,
  TypeOrmAuthTokenManager,
} from 'nestjs-rest-registration';
import { createTestApp, PASSWORD, type TestApp } from './support/app.js';
import { User } from './support/entities.js';

describe('events', () => {
  let t: TestApp;
  const seen: Array<{ name: string; payload: unknown }> = [];

  before(async () => {
    t = await createTestApp();
    await t.addUser({ username: 'alice' });
    const events = t.app.get(RegistrationEvents);
    for (const name of Object.values(RegistrationEvent)) {
      events.on(name, (payload: unknown) => seen.push({ name, payload }));
    }
  });
  after(() => t.close());

  it('report success, failure and logout, and carry no password, hash or token', async () => {
    const token = await t.login('alice');
    await t.http
      .post('/accounts/login')
      .set('User-Agent', 'audit-test')
      .send({ login: 'alice', password: 'wrong-secret' });
    await t.http.post('/accounts/logout').set('Authorization', `Token ${token}`).send({ revoke_token: true });

    assert.deepEqual(
      seen.map((event) => event.name),
      [RegistrationEvent.LoginSucceeded, RegistrationEvent.LoginFailed, RegistrationEvent.Logout],
    );
    const [success, failure, logout] = seen.map((event) => event.payload as Record<string, Record<string, unknown>>);
    assert.equal(success.user.username, 'alice');
    assert.equal(success.tokenIssued, true);
    assert.deepEqual(success.request, {
      method: 'POST',
      path: '/accounts/login',
      ip: success.request.ip,
      userAgent: success.request.userAgent,
    });
    assert.equal(failure.reason, 'invalid-credentials');
    assert.deepEqual(failure.credentials, { login: 'alice' });
    assert.equal(failure.request.userAgent, 'audit-test');
    assert.equal(logout.user.username, 'alice');
    assert.equal(logout.revoked, 'token');

    const hash = (await t.dataSource.getRepository(User).findOneByOrFail({ username: 'alice' })).password;
    const dump = JSON.stringify(seen);
    for (const secret of [PASSWORD, 'wrong-secret', token, token.slice(4), hash]) {
      assert.ok(!dump.includes(secret), 'an event carries a secret');
    }
    assert.equal('password' in success.user, false);
  });

  it('a listener that throws does not affect the request', async () => {
    const events = t.app.get(RegistrationEvents);
    const boom = () => {
      throw new Error('listener failed');
    };
    events.on(RegistrationEvent.LoginSucceeded, boom);
    try {
      assert.equal((await t.http.post('/accounts/login').send({ login: 'alice', password: PASSWORD })).status, 200);
    } finally {
      events.off(RegistrationEvent.LoginSucceeded, boom);
    }
  });
});

class FancyTokenGuard extends TokenAuthGuard {}

@Controller()
class SubclassGuardController {
  @Get('fancy')
  @UseGuards(FancyTokenGuard)
  fancy(@CurrentUser('username') username: string) {
    return { username };
  }
}

@Controller()
class OpenController {
  @Get('open')
  @Public()
  open() {
    return { open: true };
  }

  @Get('closed')
  closed(@CurrentUser('username') username: string) {
    return { username };
  }
}

describe('token retrieval modes', () => {
  it('auto: off when no route uses the token guard', async () => {
    const t = await createTestApp({ controllers: [] });
    try {
      await t.addUser({ username: 'alice' });
      const response = await t.http.post('/accounts/login').send({ login: 'alice', password: PASSWORD });
      assert.equal(response.status, 200);
      assert.deepEqual(response.body, { detail: 'Login successful' });
      assert.equal((await t.tokenRows()).length, 0);
    } finally {
      await t.close();
    }
  });

  it('auto: on when a subclass of the token guard is in use', async () => {
    const t = await createTestApp({ controllers: [SubclassGuardController] });
    try {
      await t.addUser({ username: 'alice' });
      const token = await t.login('alice');
      const response = await t.http.get('/fancy').set('Authorization', `Token ${token}`);
      assert.deepEqual(response.body, { username: 'alice' });
    } finally {
      await t.close();
    }
  });

  it('loginRetrieveToken false: no token even with the guard in use, and logout ignores revoke_token', async () => {
    const t = await createTestApp({ settings: { loginRetrieveToken: false } });
    try {
      const alice = await t.addUser({ username: 'alice' });
      const response = await t.http.post('/accounts/login').send({ login: 'alice', password: PASSWORD });
      assert.deepEqual(response.body, { detail: 'Login successful' });
      const token = await t.app.get(AuthTokenManager).provideToken(alice);
      const logout = await t.http
        .post('/accounts/logout')
        .set('Authorization', `Token ${token}`)
        .send({ revoke_token: true });
      assert.deepEqual(logout.body, { detail: 'Logout successful' });
      assert.equal((await t.http.get('/profile').set('Authorization', `Token ${token}`)).status, 200);
    } finally {
      await t.close();
    }
  });

  it('globalGuard: every route needs a token except @Public() ones and login', async () => {
    const t = await createTestApp({ controllers: [OpenController], extras: { globalGuard: true, isGlobal: true } });
    try {
      await t.addUser({ username: 'alice' });
      assert.deepEqual((await t.http.get('/open')).body, { open: true });
      const refused = await t.http.get('/closed');
      assert.equal(refused.status, 401);
      assert.deepEqual(refused.body, { detail: 'Authentication credentials were not provided.' });
      const token = await t.login('alice');
      assert.deepEqual((await t.http.get('/closed').set('Authorization', `Token ${token}`)).body, {
        username: 'alice',
      });
      const logout = await t.http
        .post('/accounts/logout')
        .set('Authorization', `Token ${token}`)
        .send({ revoke_token: true });
      assert.equal(logout.status, 200);
      assert.equal((await t.http.get('/closed').set('Authorization', `Token ${token}`)).status, 401);
    } finally {
      await t.close();
    }
  });

  it('a custom urlPrefix moves both routes', async () => {
    const t = await createTestApp({ extras: { urlPrefix: 'api/auth' } });
    try {
      await t.addUser({ username: 'alice' });
      const login = await t.http.post('/api/auth/login').send({ login: 'alice', password: PASSWORD });
      assert.equal(login.status, 200);
      assert.equal((await t.http.post('/accounts/login').send({})).status, 404);
      const malformed = await t.http.post('/api/auth/login').set('Content-Type', 'application/json').send('{');
      assert.match(malformed.body.detail, /^JSON parse error - /);
      const logout = await t.http.post('/api/auth/logout').set('Authorization', `Token ${login.body.token}`);
      assert.deepEqual(logout.body, { detail: 'Logout successful' });
    } finally {
      await t.close();
    }
  });
});

@Injectable()
class NonRevokingManager extends TypeOrmAuthTokenManager {
  override revokeToken(): Promise<void> {
    return AuthTokenManager.prototype.revokeToken.call(this, {});
  }
}

describe('host integration', () => {
  it("a host's global ValidationPipe leaves the module's bodies alone", async () => {
    const t = await createTestApp({
      configure: (app) =>
        void app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true })),
    });
    try {
      await t.addUser({ username: 'alice' });
      const token = await t.login('alice');
      const invalid = await t.http.post('/accounts/login').send({ login: null, password: PASSWORD, extra: 1 });
      assert.deepEqual(invalid.body, { login: ['This field may not be null.'] });
      const logout = await t.http
        .post('/accounts/logout')
        .set('Authorization', `Token ${token}`)
        .send({ revoke_token: 'maybe' });
      assert.deepEqual(logout.body, { revoke_token: ['Must be a valid boolean.'] });
    } finally {
      await t.close();
    }
  });

  it('a manager that cannot revoke answers 400 "Authentication token cannot be revoked" and keeps the token', async () => {
    const t = await createTestApp({ settings: { authTokenManagerClass: NonRevokingManager } });
    try {
      await t.addUser({ username: 'alice' });
      const token = await t.login('alice');
      const response = await t.http
        .post('/accounts/logout')
        .set('Authorization', `Token ${token}`)
        .send({ revoke_token: true });
      assert.equal(response.status, 400);
      assert.deepEqual(response.body, { detail: 'Authentication token cannot be revoked' });
      assert.equal((await t.http.get('/profile').set('Authorization', `Token ${token}`)).status, 200);
    } finally {
      await t.close();
    }
  });

  it('AuthTokenManager can be replaced by plain DI (overrideProvider)', async () => {
    const t = await createTestApp({
      override: (builder) => builder.overrideProvider(AuthTokenManager).useClass(NonRevokingManager),
    });
    try {
      await t.addUser({ username: 'alice' });
      assert.ok(t.app.get(AuthTokenManager) instanceof NonRevokingManager);
      const token = await t.login('alice');
      const response = await t.http
        .post('/accounts/logout')
        .set('Authorization', `Token ${token}`)
        .send({ revoke_all_tokens: true });
      assert.deepEqual(response.body, { detail: 'Authentication token cannot be revoked' });
    } finally {
      await t.close();
    }
  });
});
