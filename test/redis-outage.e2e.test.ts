import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { RedisThrottlerStorage } from 'nestjs-rest-registration';
import { createTestApp, PASSWORD, type TestApp } from './support/app.js';
import { TcpProxy } from './support/tcp-proxy.js';

const url = process.env.TEST_REDIS_URL;
const skip = url ? false : 'TEST_REDIS_URL is not set: Redis outage not tested';
if (!url) console.log(`Redis outage tests skipped: ${skip}`);

describe('login while the throttle storage (Redis) is unreachable', { skip }, () => {
  let proxy: TcpProxy;
  let redis: Redis;
  let t: TestApp;
  before(async () => {
    const target = new URL(url!);
    proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
    await proxy.start();
    // A client as the README shows it: ioredis' defaults (which retry a command for about 10 s).
    redis = new Redis(proxy.url(url!));
    redis.on('error', () => undefined); // a host logs these; the test does not need to
    t = await createTestApp({
      settings: {
        loginThrottle: {
          storage: new RedisThrottlerStorage(redis, `nrr-outage:${process.pid}:`),
          secret: 'a-throttle-secret-for-the-outage-test-0123',
        },
      },
    });
    await t.addUser({ username: 'alice' });
  });
  after(async () => {
    await t.close();
    redis.disconnect();
    await proxy.stop();
  });

  it('answers 503 with the contract body, then recovers by itself', async () => {
    assert.equal((await t.http.post('/accounts/login').send({ login: 'alice', password: PASSWORD })).status, 200);
    await proxy.stop();
    const started = Date.now();
    const down = await t.http.post('/accounts/login').send({ login: 'alice', password: PASSWORD });
    console.log(`login with Redis down answered ${down.status} after ${Date.now() - started} ms`);
    assert.equal(down.status, 503, JSON.stringify(down.body));
    assert.deepEqual(down.body, { detail: 'Service temporarily unavailable, try again later.' });
    await proxy.start();
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await t.http.post('/accounts/login').send({ login: 'alice', password: PASSWORD })).status;
    }
    assert.equal(status, 200, 'logins work again once Redis is back');
  });
});
