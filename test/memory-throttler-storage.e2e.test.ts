import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MemoryThrottlerStorage,
  REGISTRATION_CONFIGURATION,
  type RegistrationConfiguration,
} from 'nestjs-rest-registration';
import { createTestApp } from './support/app.js';

describe('the in-memory throttle store is bounded', () => {
  it('is the default, holding at most 100,000 keys', async () => {
    const t = await createTestApp({ settings: { loginThrottle: undefined } });
    try {
      // The storage the throttler counts in (the package's own class, not the source's copy the tests see).
      const throttle = t.app.get<string, RegistrationConfiguration>(REGISTRATION_CONFIGURATION).loginThrottle;
      const storage = throttle === false ? undefined : throttle.storage;
      assert.ok(storage instanceof MemoryThrottlerStorage, `default storage is ${storage?.constructor.name}`);
      assert.equal(storage.maxKeys, 100_000);
    } finally {
      await t.close();
    }
  });

  it('an attacker with many addresses cannot grow it past maxKeys, nor evict a blocked address', async () => {
    const storage = new MemoryThrottlerStorage({ maxKeys: 300 });
    const t = await createTestApp({
      settings: {
        loginThrottle: { perAddress: { limit: 1, ttl: 60_000 }, perLogin: false, trustProxy: ['loopback'], storage },
      },
    });
    try {
      const login = (address: string) =>
        t.http.post('/accounts/login').set('X-Forwarded-For', address).send({ login: 'x', password: 'x' });
      assert.equal((await login('198.51.100.1')).status, 400);
      assert.equal((await login('198.51.100.1')).status, 429);
      for (let index = 0; index < 900; index++) await login(`10.7.${index >> 8}.${index & 255}`);
      assert.ok(storage.size <= 300, `${storage.size} keys`);
      assert.equal((await login('198.51.100.1')).status, 429, 'the blocked address is still blocked');
    } finally {
      await t.close();
    }
  });
});
