import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type LoginThrottledEvent,
  type LoginThrottleOptions,
  RegistrationEvent,
  RegistrationEvents,
} from 'nestjs-rest-registration';
import { createTestApp, PASSWORD, type TestApp } from './support/app.js';
import { CountingHasher, withHasher } from './support/counting-hasher.js';

const THROTTLED = /^Request was throttled\. Expected available in \d+ seconds?\.$/;

function assertThrottled(
  response: { status: number; body: unknown; headers: Record<string, string> },
  maxWait = 60,
): void {
  assert.equal(response.status, 429);
  assert.deepEqual(Object.keys(response.body as object), ['detail']);
  const detail = (response.body as { detail: string }).detail;
  assert.match(detail, THROTTLED);
  const retryAfter = response.headers['retry-after'];
  assert.match(retryAfter, /^\d+$/);
  assert.ok(Number(retryAfter) >= 1 && Number(retryAfter) <= maxWait, `Retry-After ${retryAfter}`);
  assert.equal(detail.match(/\d+/)![0], retryAfter, 'the body names the same wait as Retry-After');
}

async function appWith(
  loginThrottle: LoginThrottleOptions | false | undefined,
  hasher?: CountingHasher,
): Promise<TestApp> {
  const t = await createTestApp({ settings: { loginThrottle }, override: hasher ? withHasher(hasher) : undefined });
  await t.addUser({ username: 'alice', email: 'alice@example.com' });
  await t.addUser({ username: 'bob' });
  return t;
}

describe('login throttling is on by default', () => {
  const hasher = new CountingHasher();
  let t: TestApp;
  before(async () => {
    t = await appWith(undefined, hasher);
  });
  after(() => t.close());

  it('allows 20 attempts a minute from one address, then answers 429 without hashing', async () => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const response = await t.http.post('/accounts/login').send({ login: `user${attempt}`, password: 'guess' });
      assert.equal(response.status, 400, `attempt ${attempt + 1}`);
    }
    hasher.reset();
    const blocked = await t.http.post('/accounts/login').send({ login: 'alice', password: PASSWORD });
    assertThrottled(blocked);
    assert.equal(hasher.verifies, 0, 'a throttled attempt never reaches the hasher');
    // Malformed bodies from a blocked address are refused too, before validation.
    assertThrottled(await t.http.post('/accounts/login').send({ login: 'alice' }));
  });

  it('leaves logout alone', async () => {
    const response = await t.http.post('/accounts/logout').send({});
    assert.equal(response.status, 401);
  });
});

describe('loginThrottle: false', () => {
  let t: TestApp;
  before(async () => {
    t = await appWith(false);
  });
  after(() => t.close());

  it('never throttles', async () => {
    for (let attempt = 0; attempt < 40; attempt++) {
      const response = await t.http.post('/accounts/login').send({ login: 'alice' });
      assert.equal(response.status, 400);
    }
  });
});

describe('per-address and per-login budgets are separate', () => {
  const hasher = new CountingHasher();
  let t: TestApp;
  // Loopback is trusted as a proxy here, so X-Forwarded-For stands for distinct client addresses.
  const from = (address: string) => ({ 'X-Forwarded-For': address });
  before(async () => {
    t = await appWith(
      { perAddress: { limit: 3, ttl: 60_000 }, perLogin: { limit: 5, ttl: 60_000 }, trustProxy: ['loopback'] },
      hasher,
    );
    t.app.get(RegistrationEvents).on(RegistrationEvent.LoginThrottled, (event) => throttled.push(event));
  });
  const throttled: LoginThrottledEvent[] = [];
  after(() => t.close());

  it('one address spraying many users is slowed by its own budget', async () => {
    for (const login of ['u1', 'u2', 'u3']) {
      assert.equal(
        (await t.http.post('/accounts/login').set(from('198.51.100.1')).send({ login, password: 'x' })).status,
        400,
      );
    }
    assertThrottled(
      await t.http.post('/accounts/login').set(from('198.51.100.1')).send({ login: 'u4', password: 'x' }),
    );
    // Another address is not affected.
    assert.equal(
      (await t.http.post('/accounts/login').set(from('198.51.100.2')).send({ login: 'u4', password: 'x' })).status,
      400,
    );
  });

  it('one attacker cannot lock a user out from everywhere', async () => {
    for (let attempt = 0; attempt < 10; attempt++) {
      await t.http.post('/accounts/login').set(from('203.0.113.66')).send({ login: 'alice', password: 'wrong' });
    }
    const own = await t.http
      .post('/accounts/login')
      .set(from('192.0.2.10'))
      .send({ login: 'alice', password: PASSWORD });
    assert.equal(own.status, 200, JSON.stringify(own.body));
  });

  it('many addresses attacking one user are slowed by the per-login budget', async () => {
    // 'bob' has had no attempts yet: 5 from five addresses pass, the sixth is refused whatever its address.
    for (let index = 1; index <= 5; index++) {
      const response = await t.http
        .post('/accounts/login')
        .set(from(`10.1.0.${index}`))
        .send({ login: 'bob', password: 'wrong' });
      assert.equal(response.status, 400);
    }
    hasher.reset();
    assertThrottled(
      await t.http.post('/accounts/login').set(from('10.1.0.99')).send({ login: ' BOB ', password: PASSWORD }),
    );
    assert.equal(hasher.verifies, 0, 'refused before the password is hashed');
    // Other users are untouched.
    assert.equal(
      (await t.http.post('/accounts/login').set(from('10.1.0.100')).send({ login: 'u9', password: 'x' })).status,
      400,
    );
  });

  it('reports each refusal as a login.throttled event for audit logs', () => {
    const address = throttled.find((event) => event.budget === 'perAddress');
    assert.equal(address?.clientAddress, '198.51.100.1');
    assert.equal(address?.login, undefined);
    const login = throttled.find((event) => event.budget === 'perLogin');
    assert.deepEqual(login && { ...login, request: undefined }, {
      budget: 'perLogin',
      clientAddress: '10.1.0.99',
      login: 'bob',
      wait: login?.wait,
      request: undefined,
    });
    assert.ok(throttled.every((event) => event.wait >= 1 && event.request.path === '/accounts/login'));
  });

  it('an invalid body does not spend the per-login budget', async () => {
    for (let index = 0; index < 8; index++) {
      const response = await t.http
        .post('/accounts/login')
        .set(from(`10.2.0.${index}`))
        .send({ login: 'carol', password: [index] });
      assert.equal(response.status, 400);
      assert.deepEqual(response.body, { password: ['Not a valid string.'] });
    }
    const valid = await t.http.post('/accounts/login').set(from('10.2.1.1')).send({ login: 'carol', password: 'x' });
    assert.deepEqual(valid.body, { detail: 'Login or password invalid.' });
  });
});

describe('client address and X-Forwarded-For', () => {
  it('ignores a spoofed X-Forwarded-For from an untrusted peer (the default)', async () => {
    const t = await appWith({ perAddress: { limit: 2, ttl: 60_000 } });
    try {
      for (const spoof of ['198.51.100.7', '198.51.100.8']) {
        const response = await t.http
          .post('/accounts/login')
          .set('X-Forwarded-For', spoof)
          .send({ login: 'x', password: 'x' });
        assert.equal(response.status, 400);
      }
      assertThrottled(
        await t.http.post('/accounts/login').set('X-Forwarded-For', '198.51.100.9').send({ login: 'x', password: 'x' }),
      );
    } finally {
      await t.close();
    }
  });

  it('a trusted proxy count reads the entry that many hops from the right', async () => {
    const t = await appWith({ perAddress: { limit: 1, ttl: 60_000 }, trustProxy: 1 });
    try {
      const first = await t.http
        .post('/accounts/login')
        .set('X-Forwarded-For', '1.1.1.1, 198.51.100.20')
        .send({ login: 'x', password: 'x' });
      assert.equal(first.status, 400);
      // The client forged a different left-most entry; the proxy-appended address is the same: throttled.
      assertThrottled(
        await t.http
          .post('/accounts/login')
          .set('X-Forwarded-For', '2.2.2.2, 198.51.100.20')
          .send({ login: 'x', password: 'x' }),
      );
    } finally {
      await t.close();
    }
  });
});
