import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LoginThrottleOptions } from 'nestjs-rest-registration';
import { ClientAddressResolver } from '../lib/throttling/client-address.js';
import { createTestApp, type TestApp } from './support/app.js';

function request(peer: string, headers: Record<string, string | string[]>) {
  return { headers, socket: { remoteAddress: peer } };
}

async function appWith(loginThrottle: LoginThrottleOptions): Promise<TestApp> {
  return createTestApp({ settings: { loginThrottle: { perLogin: false, ...loginThrottle } } });
}

/** Status of a login attempt sent with these headers (the test client is the loopback peer). */
async function attempt(t: TestApp, headers: Record<string, string>): Promise<number> {
  return (await t.http.post('/accounts/login').set(headers).send({ login: 'x', password: 'x' })).status;
}

describe('X-Forwarded-For entries with ports, brackets and "unknown"', () => {
  for (const trustProxy of [1, ['loopback']] as const) {
    it(`trustProxy ${JSON.stringify(trustProxy)}: ip:port is the client, not what the client wrote to its left`, async () => {
      const t = await appWith({
        perAddress: { limit: 1, ttl: 60_000 },
        trustProxy: trustProxy as LoginThrottleOptions['trustProxy'],
      });
      try {
        assert.equal(await attempt(t, { 'X-Forwarded-For': '1.1.1.1, 198.51.100.20:4711' }), 400);
        // The client changed its own left-most entry and the port: the proxy-written address is the same.
        assert.equal(await attempt(t, { 'X-Forwarded-For': '2.2.2.2, 198.51.100.20:5000' }), 429);
        assert.equal(await attempt(t, { 'X-Forwarded-For': '3.3.3.3, [2001:db8::1]:443' }), 400);
        assert.equal(await attempt(t, { 'X-Forwarded-For': '4.4.4.4, [2001:db8::1]' }), 429);
        assert.equal(await attempt(t, { 'X-Forwarded-For': '5.5.5.5, unknown' }), 400);
        assert.equal(await attempt(t, { 'X-Forwarded-For': '6.6.6.6, unknown' }), 429, '"unknown" is one client');
      } finally {
        await t.close();
      }
    });
  }
});

describe('opt-in sources: RFC 7239 Forwarded and X-Real-IP', () => {
  it('forwardedHeader: "forwarded" reads the for= parameter', async () => {
    const t = await appWith({
      perAddress: { limit: 1, ttl: 60_000 },
      trustProxy: ['loopback'],
      forwardedHeader: 'forwarded',
    });
    try {
      assert.equal(await attempt(t, { Forwarded: 'for=198.51.100.1;proto=https' }), 400);
      assert.equal(await attempt(t, { Forwarded: 'for=198.51.100.2' }), 400, 'another client has its own budget');
      assert.equal(await attempt(t, { Forwarded: 'for=1.1.1.1, for="198.51.100.1:80"' }), 429);
      assert.equal(await attempt(t, { Forwarded: 'for="[2001:db8:cafe::17]:4711"' }), 400);
      assert.equal(await attempt(t, { Forwarded: 'For="[2001:db8:cafe::17]"' }), 429);
      // X-Forwarded-For is not read: both count against the loopback peer.
      assert.equal(await attempt(t, { 'X-Forwarded-For': '198.51.100.9' }), 400);
      assert.equal(await attempt(t, { 'X-Forwarded-For': '198.51.100.10' }), 429);
    } finally {
      await t.close();
    }
  });

  it('forwardedHeader: "x-real-ip" reads the address the proxy set', async () => {
    const t = await appWith({ perAddress: { limit: 1, ttl: 60_000 }, trustProxy: 1, forwardedHeader: 'x-real-ip' });
    try {
      assert.equal(await attempt(t, { 'X-Real-IP': '198.51.100.1' }), 400);
      assert.equal(await attempt(t, { 'X-Real-IP': '198.51.100.2' }), 400);
      assert.equal(await attempt(t, { 'X-Real-IP': '198.51.100.1' }), 429);
    } finally {
      await t.close();
    }
  });

  it('the resolver parses each form and never believes an untrusted peer', () => {
    const xff = new ClientAddressResolver(['10.0.0.0/8']);
    assert.equal(xff.resolve(request('10.0.0.2', { 'x-forwarded-for': '6.6.6.6, 198.51.100.1:8080' })), '198.51.100.1');
    assert.equal(
      xff.resolve(request('10.0.0.2', { 'x-forwarded-for': '6.6.6.6, [::ffff:198.51.100.3]:1' })),
      '198.51.100.3',
    );
    assert.equal(xff.resolve(request('10.0.0.2', { 'x-forwarded-for': '6.6.6.6, UNKNOWN' })), 'unknown');
    assert.equal(xff.resolve(request('10.0.0.2', { 'x-forwarded-for': '6.6.6.6, , 10.0.0.9:1' })), '6.6.6.6');
    const forwarded = new ClientAddressResolver(['10.0.0.0/8'], 'forwarded');
    assert.equal(
      forwarded.resolve(request('10.0.0.2', { forwarded: 'for=6.6.6.6, for=_hidden;by=10.0.0.1' })),
      '_hidden',
      'an obfuscated identifier stops the walk',
    );
    assert.equal(forwarded.resolve(request('203.0.113.1', { forwarded: 'for=6.6.6.6' })), '203.0.113.1');
    const realIp = new ClientAddressResolver(['10.0.0.0/8'], 'x-real-ip');
    assert.equal(realIp.resolve(request('10.0.0.2', { 'x-real-ip': '198.51.100.7' })), '198.51.100.7');
    assert.equal(realIp.resolve(request('203.0.113.1', { 'x-real-ip': '198.51.100.7' })), '203.0.113.1');
  });
});
