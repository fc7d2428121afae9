import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type CanActivate,
  Controller,
  type ExecutionContext,
  Get,
  Injectable,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { createTestApp, PASSWORD, ProfileController, type TestApp } from './support/app.js';

// The Nest documentation's recipe: a global guard that lets `@Public()` routes through by the `isPublic` key.
const IS_PUBLIC_KEY = 'isPublic';
const HostPublic = () => SetMetadata(IS_PUBLIC_KEY, true);

/** A host's own global guard with its own credentials (an API key here; a JWT in the recipe). */
@Injectable()
class HostApiKeyGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>();
    if (request.headers['x-api-key'] === 'host-key') return true;
    throw new UnauthorizedException();
  }
}

@Controller()
class HostController {
  @Get('host-only')
  hostOnly() {
    return { ok: true };
  }

  @Get('host-public')
  @HostPublic()
  hostPublic() {
    return { ok: true };
  }
}

describe("behind the host's own global guard (the Nest docs' isPublic recipe)", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({
      controllers: [ProfileController, HostController],
      providers: [{ provide: APP_GUARD, useClass: HostApiKeyGuard }],
    });
    await t.addUser({ username: 'alice' });
  });
  after(() => t.close());

  it('login is reachable without the host credentials', async () => {
    const response = await t.http.post('/accounts/login').send({ login: 'alice', password: PASSWORD });
    assert.equal(response.status, 200);
    assert.equal(typeof response.body.token, 'string');
  });

  it("the module's other methods are answered without the host credentials", async () => {
    const get = await t.http.get('/accounts/login');
    assert.equal(get.status, 405);
    assert.deepEqual(get.body, { detail: 'Method "GET" not allowed.' });
    const options = await t.http.options('/accounts/logout');
    assert.equal(options.status, 204);
    assert.equal(options.headers.allow, 'POST, OPTIONS');
  });

  it("logout is authenticated by the module's token, not by the host guard", async () => {
    const token = await t.login('alice');
    const refused = await t.http.post('/accounts/logout');
    assert.equal(refused.status, 401);
    assert.deepEqual(refused.body, { detail: 'Authentication credentials were not provided.' });
    const bogus = await t.http.post('/accounts/logout').set('Authorization', 'Token nrr_bogus');
    assert.deepEqual(bogus.body, { detail: 'Invalid token.' });
    const response = await t.http
      .post('/accounts/logout')
      .set('Authorization', `Token ${token}`)
      .send({ revoke_token: true });
    assert.deepEqual(response.body, { detail: 'Logout successful' });
    assert.equal(
      (await t.http.get('/profile').set('Authorization', `Token ${token}`).set('x-api-key', 'host-key')).status,
      401,
    );
  });

  it("the host's routes keep the host guard, and the module's guard where the host adds it", async () => {
    assert.equal((await t.http.get('/host-only')).status, 401);
    assert.equal((await t.http.get('/host-only').set('x-api-key', 'host-key')).status, 200);
    assert.equal((await t.http.get('/host-public')).status, 200);
    const token = await t.login('alice');
    // /profile has both: the host's global guard and TokenAuthGuard.
    assert.equal((await t.http.get('/profile').set('Authorization', `Token ${token}`)).status, 401);
    assert.equal((await t.http.get('/profile').set('x-api-key', 'host-key')).status, 401);
    const both = await t.http.get('/profile').set('Authorization', `Token ${token}`).set('x-api-key', 'host-key');
    assert.equal(both.status, 200);
    assert.equal(both.body.username, 'alice');
  });
});
