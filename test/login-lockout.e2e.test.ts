import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CharField, type LoginThrottleOptions } from 'nestjs-rest-registration';
import { createTestApp, PASSWORD, type TestApp } from './support/app.js';

// Loopback is trusted as a proxy, so X-Forwarded-For stands for distinct client addresses.
const from = (address: string) => ({ 'X-Forwarded-For': address });

function deviceCookie(response: { headers: Record<string, unknown> }): string {
  const cookies = ([] as string[]).concat((response.headers['set-cookie'] as string[] | undefined) ?? []);
  const device = cookies.find((cookie) => cookie.startsWith('nrr_device='));
  assert.ok(device, `no device cookie in ${JSON.stringify(cookies)}`);
  assert.match(device, /HttpOnly/);
  assert.match(device, /Path=\/accounts\/login/);
  return device.split(';')[0];
}

describe('lockout: a handful of addresses cannot lock the owner out of a known device', () => {
  let t: TestApp;
  const loginThrottle: LoginThrottleOptions = {
    perAddress: { limit: 3, ttl: 60_000 },
    perLogin: { limit: 5, ttl: 60_000 },
    perDevice: { limit: 3, ttl: 60_000 },
    trustProxy: ['loopback'],
  };
  before(async () => {
    t = await createTestApp({ settings: { loginThrottle } });
    await t.addUser({ username: 'alice', email: 'alice@example.com' });
    await t.addUser({ username: 'mallory' });
  });
  after(() => t.close());

  it('the owner keeps logging in from a known device while the account is under attack', async () => {
    const first = await t.http
      .post('/accounts/login')
      .set(from('192.0.2.10'))
      .send({ login: 'alice', password: PASSWORD });
    assert.equal(first.status, 200);
    const device = deviceCookie(first);
    // The attacker has an account and a device cookie of its own: it is bound to mallory, not to alice.
    const own = deviceCookie(
      await t.http.post('/accounts/login').set(from('203.0.113.1')).send({ login: 'mallory', password: PASSWORD }),
    );
    // Four attacker addresses, within their own budgets, spend alice's budget for unknown clients.
    let refused = 0;
    for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4']) {
      for (let attempt = 0; attempt < 2; attempt++) {
        const response = await t.http
          .post('/accounts/login')
          .set({ ...from(address), Cookie: own })
          .send({ login: 'alice', password: `guess${attempt}` });
        if (response.status === 429) refused++;
        else assert.deepEqual(response.body, { detail: 'Login or password invalid.' });
      }
    }
    assert.ok(refused >= 3, `a distributed guess of one account is limited (${refused} of 8 refused)`);
    // An unknown client (no device cookie) now waits, whatever its address: the guess stays limited.
    const stranger = await t.http
      .post('/accounts/login')
      .set(from('198.51.100.50'))
      .send({ login: 'alice', password: PASSWORD });
    assert.equal(stranger.status, 429);
    assert.match(stranger.headers['retry-after'], /^\d+$/);
    // The owner's known device, from yet another address, still logs in.
    const owner = await t.http
      .post('/accounts/login')
      .set({ ...from('192.0.2.11'), Cookie: device })
      .send({ login: 'alice', password: PASSWORD });
    assert.equal(owner.status, 200, JSON.stringify(owner.body));
    assert.equal(owner.body.detail, 'Login successful');
  });

  it('a forged or tampered device cookie counts as an unknown client', async () => {
    for (const cookie of [
      'nrr_device=forged',
      'nrr_device=AAAAAAAAAAAAAAAAAAAAAA.9999999999.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    ]) {
      const response = await t.http
        .post('/accounts/login')
        .set({ ...from('198.51.100.51'), Cookie: cookie })
        .send({ login: 'alice', password: PASSWORD });
      assert.equal(response.status, 429);
    }
  });

  it('a known device has its own budget: guessing from it is limited too', async () => {
    const response = await t.http
      .post('/accounts/login')
      .set(from('192.0.2.30'))
      .send({ login: 'mallory', password: PASSWORD });
    const device = deviceCookie(response);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      const guess = await t.http
        .post('/accounts/login')
        .set({ ...from(`192.0.2.${31 + attempt}`), Cookie: device })
        .send({ login: 'mallory', password: 'wrong' });
      statuses.push(guess.status);
    }
    assert.deepEqual(statuses, [400, 400, 400, 429]);
  });
});

describe('the per-login budget counts accounts, not login values', () => {
  // Every attempt from its own address, so only the per-login budget can refuse.
  const spread: LoginThrottleOptions = {
    perAddress: { limit: 2, ttl: 60_000 },
    perDevice: false,
    trustProxy: ['loopback'],
  };
  it('username and email of one account share one budget', async () => {
    const t = await createTestApp({
      settings: {
        userLoginFields: ['username', 'email'],
        loginThrottle: { ...spread, perLogin: { limit: 4, ttl: 60_000 } },
      },
    });
    try {
      await t.addUser({ username: 'alice', email: 'alice@example.com' });
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 6; attempt++) {
        const login = attempt % 2 === 0 ? 'alice' : 'alice@example.com';
        statuses.push(
          (
            await t.http
              .post('/accounts/login')
              .set(from(`10.9.0.${attempt}`))
              .send({ login, password: 'wrong' })
          ).status,
        );
      }
      assert.deepEqual(statuses, [400, 400, 400, 400, 429, 429]);
    } finally {
      await t.close();
    }
  });

  class TwoFieldSerializer {
    @CharField({ required: false })
    username: string;

    @CharField({ required: false })
    email: string;

    @CharField({ trim: false })
    password: string;
  }

  it('every login value of the body is counted: a decoy username does not hide the e-mail tried', async () => {
    const t = await createTestApp({
      settings: {
        userLoginFields: ['username', 'email'],
        loginSerializerClass: TwoFieldSerializer,
        loginThrottle: { ...spread, perLogin: { limit: 3, ttl: 60_000 } },
      },
    });
    try {
      await t.addUser({ username: 'alice', email: 'alice@example.com' });
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 5; attempt++) {
        const body = { username: `decoy${attempt}`, email: 'alice@example.com', password: 'wrong' };
        statuses.push(
          (
            await t.http
              .post('/accounts/login')
              .set(from(`10.9.1.${attempt}`))
              .send(body)
          ).status,
        );
      }
      assert.deepEqual(statuses, [400, 400, 400, 429, 429]);
    } finally {
      await t.close();
    }
  });
});
