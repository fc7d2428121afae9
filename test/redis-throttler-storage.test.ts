import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { RedisThrottlerStorage } from 'nestjs-rest-registration';
import { createTestApp, PASSWORD, type TestApp } from './support/app.js';

const url = process.env.TEST_REDIS_URL;
const skip = url ? false : 'TEST_REDIS_URL is not set: Redis throttler storage not tested';
if (!url) console.log(`RedisThrottlerStorage tests skipped: ${skip}`);

describe('RedisThrottlerStorage', { skip }, () => {
  let redis: Redis;
  let prefix: string;
  before(() => {
    redis = new Redis(url!, { lazyConnect: false, maxRetriesPerRequest: 1 });
    prefix = `nrr-test:${randomBytes(6).toString('hex')}:`;
  });
  after(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('counts hits, blocks past the limit for blockDuration, and reports seconds', async () => {
    const storage = new RedisThrottlerStorage(redis, prefix);
    for (let hit = 1; hit <= 3; hit++) {
      const record = await storage.increment('k1', 60_000, 3, 30_000, 'test');
      assert.deepEqual(
        { ...record, timeToExpire: record.timeToExpire > 0 },
        { totalHits: hit, timeToExpire: true, isBlocked: false, timeToBlockExpire: 0 },
      );
    }
    const blocked = await storage.increment('k1', 60_000, 3, 30_000, 'test');
    assert.equal(blocked.isBlocked, true);
    assert.ok(blocked.timeToBlockExpire > 0 && blocked.timeToBlockExpire <= 30);
    const still = await storage.increment('k1', 60_000, 3, 30_000, 'test');
    assert.equal(still.isBlocked, true);
    assert.equal((await storage.increment('k2', 60_000, 3, 30_000, 'test')).isBlocked, false, 'keys are independent');
  });

  describe('limits hold across app instances sharing one Redis', () => {
    let first: TestApp;
    let second: TestApp;
    before(async () => {
      const loginThrottle = {
        perAddress: { limit: 3, ttl: 60_000 },
        perLogin: false as const,
        storage: new RedisThrottlerStorage(redis, prefix),
        secret: 'the-same-throttle-secret-on-every-instance',
      };
      first = await createTestApp({ settings: { loginThrottle } });
      second = await createTestApp({ settings: { loginThrottle } });
      await first.addUser({ username: 'alice' });
      await second.addUser({ username: 'alice' });
    });
    after(async () => {
      await first.close();
      await second.close();
    });

    it('three attempts spread over two instances use up one budget', async () => {
      assert.equal((await first.http.post('/accounts/login').send({ login: 'alice', password: 'x' })).status, 400);
      assert.equal((await second.http.post('/accounts/login').send({ login: 'alice', password: 'x' })).status, 400);
      assert.equal((await first.http.post('/accounts/login').send({ login: 'alice', password: 'x' })).status, 400);
      const blocked = await second.http.post('/accounts/login').send({ login: 'alice', password: PASSWORD });
      assert.equal(blocked.status, 429);
      assert.match(blocked.headers['retry-after'], /^\d+$/);
      assert.match(blocked.body.detail, /^Request was throttled\. Expected available in \d+ seconds?\.$/);
      // Keys in Redis carry digests only: neither the login value nor the address in clear.
      const keys = await redis.keys(`${prefix}*`);
      assert.ok(keys.length > 0);
      for (const key of keys) assert.doesNotMatch(key, /alice|127\.0\.0\.1/);
      // Nor an unkeyed digest: hashing a guessed address does not find its key.
      const guess = createHash('sha256').update('127.0.0.1').digest('hex');
      assert.ok(
        keys.every((key) => !key.includes(guess)),
        'keys are keyed with the secret',
      );
    });
  });
});
