import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ExecutionContext, HttpException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  AuthTokenManager,
  type InvalidationListener,
  type TokenInvalidation,
  type TokenInvalidationChannel,
  TokenAuthGuard,
  TypeOrmAuthTokenManager,
} from 'nestjs-rest-registration';
import { createTestApp, type TestApp } from './support/app.js';
import { DATABASES } from './support/databases.js';

/** A channel for one instance: always listening, hears its own publishes. */
class InProcessChannel implements TokenInvalidationChannel {
  private listener?: InvalidationListener;
  readonly isListening = true;
  async start(listener: InvalidationListener): Promise<void> {
    this.listener = listener;
    listener.listening(true);
  }
  async publish(invalidation: TokenInvalidation): Promise<void> {
    this.listener?.invalidate(invalidation);
  }
  async close(): Promise<void> {}
}

class Route {
  handler(): void {}
}

interface FakeRequest {
  headers: Record<string, string>;
  user?: { username?: string };
}

/** What Nest hands a guard for a request to `Route.handler` carrying `authorization`. */
function contextFor(authorization: string): { context: ExecutionContext; request: FakeRequest } {
  const request: FakeRequest = { headers: { authorization } };
  const response = {
    headers: {} as Record<string, string>,
    setHeader(n: string, v: string) {
      this.headers[n] = v;
    },
  };
  const context = {
    getClass: () => Route,
    getHandler: () => Route.prototype.handler,
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response, getNext: () => undefined }),
  } as unknown as ExecutionContext;
  return { context, request };
}

/** A token of the issued shape that no login issued (it reaches the database). */
const UNKNOWN_TOKEN = `nrr_${'a'.repeat(43)}`;

function assertInvalidToken(error: unknown): true {
  assert.ok(error instanceof HttpException, `not an HttpException: ${String(error)}`);
  assert.equal(error.getStatus(), 401);
  assert.deepEqual(error.getResponse(), { detail: 'Invalid token.' });
  return true;
}

for (const database of DATABASES) {
  describe(
    `TokenAuthGuard answers without a promise where the database does (${database.name})`,
    { skip: database.skip },
    () => {
      let t: TestApp;
      let guard: TokenAuthGuard;
      let token: string;
      let alice: object;
      const synchronous = database.name === 'sqlite';

      before(async () => {
        t = await createTestApp({ database });
        alice = await t.addUser({ username: 'alice' });
        token = await t.login('alice');
        guard = new TokenAuthGuard(t.app.get(Reflector), t.app.get(AuthTokenManager));
      });
      after(() => t.close());

      it(synchronous ? 'accepts a valid token synchronously' : 'accepts a valid token through a promise', async () => {
        const { context, request } = contextFor(`Token ${token}`);
        const result = guard.canActivate(context);
        if (synchronous) assert.equal(result, true);
        else assert.ok(result instanceof Promise, 'a promise where the driver is asynchronous');
        assert.equal(await result, true);
        assert.equal(request.user?.username, 'alice');
      });

      it(
        synchronous
          ? 'refuses an unknown token synchronously, with the 401 body'
          : 'refuses an unknown token through a promise, with the 401 body',
        async () => {
          const { context, request } = contextFor(`Token ${UNKNOWN_TOKEN}`);
          if (synchronous) assert.throws(() => guard.canActivate(context), assertInvalidToken);
          else await assert.rejects(guard.canActivate(context) as Promise<boolean>, assertInvalidToken);
          assert.equal(request.user, undefined);
        },
      );

      it('refuses a revoked token on the next call', async () => {
        const revoked = await t.login('alice');
        const { context } = contextFor(`Token ${revoked}`);
        assert.equal(await guard.canActivate(context), true);
        await (t.app.get(AuthTokenManager) as TypeOrmAuthTokenManager).revokeToken(alice, { token: revoked });
        await assert.rejects(async () => guard.canActivate(contextFor(`Token ${revoked}`).context), assertInvalidToken);
      });
    },
  );

  describe(
    `TokenAuthGuard on a tokenCache hit answers without a promise (${database.name})`,
    { skip: database.skip },
    () => {
      let t: TestApp;

      before(async () => {
        t = await createTestApp({ database, settings: { tokenCache: { channel: new InProcessChannel(), ttl: 60 } } });
        await t.addUser({ username: 'alice' });
      });
      after(() => t.close());

      it('reads the database on the first request and answers the next from memory', async () => {
        const token = await t.login('alice');
        const guard = new TokenAuthGuard(t.app.get(Reflector), t.app.get(AuthTokenManager));
        assert.equal(await guard.canActivate(contextFor(`Token ${token}`).context), true);
        const { context, request } = contextFor(`Token ${token}`);
        assert.equal(guard.canActivate(context), true);
        assert.equal(request.user?.username, 'alice');
      });
    },
  );
}

/** A host's manager that wraps the default check (here it counts the calls). */
@Injectable()
class CountingTokenManager extends TypeOrmAuthTokenManager {
  static calls = 0;
  override async authenticateToken(token: string): Promise<object> {
    CountingTokenManager.calls++;
    return super.authenticateToken(token);
  }
}

describe('TokenAuthGuard calls a subclass override of authenticateToken()', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ settings: { authTokenManagerClass: CountingTokenManager } });
    await t.addUser({ username: 'alice' });
  });
  after(() => t.close());

  it('goes through the override on every guarded request', async () => {
    const token = await t.login('alice');
    CountingTokenManager.calls = 0;
    const profile = await t.http.get('/profile').set('Authorization', `Token ${token}`);
    assert.equal(profile.status, 200);
    assert.equal(CountingTokenManager.calls, 1);
    const refused = await t.http.get('/profile').set('Authorization', `Token ${UNKNOWN_TOKEN}`);
    assert.equal(refused.status, 401);
    assert.deepEqual(refused.body, { detail: 'Invalid token.' });
    assert.equal(CountingTokenManager.calls, 2);
  });
});
