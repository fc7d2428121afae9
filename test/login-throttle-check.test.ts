import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { CharField, type LoginThrottleOptions, type RegistrationModuleOptions } from 'nestjs-rest-registration';
import { startupProblemsOf } from './support/startup-problems.js';

function startupProblems(loginThrottle: unknown): Promise<string[]> {
  return startupProblemsOf({ settings: { loginThrottle: loginThrottle as LoginThrottleOptions } });
}

describe('startup check E040 (loginThrottle)', () => {
  it('accepts the default, false, and well-formed settings', async () => {
    assert.deepEqual(await startupProblems(undefined), []);
    assert.deepEqual(await startupProblems(false), []);
    assert.deepEqual(
      await startupProblems({
        perAddress: { limit: 2, ttl: 1000 },
        perLogin: { limit: 5, ttl: 1000 },
        trustProxy: ['10.0.0.0/8', 'loopback', '::1'],
      }),
      [],
    );
  });

  it('reports unusable budgets, storage and trusted proxies together', async () => {
    const problems = await startupProblems({
      perAddress: { limit: 0, ttl: 60_000 },
      perLogin: { limit: 5 },
      storage: {},
      secret: 'a-throttle-secret-of-at-least-32-bytes',
      trustProxy: ['proxy.internal'],
    });
    assert.equal(problems.length, 3, problems.join('\n'));
    assert.ok(problems.every((p) => p.startsWith('registration.E040 ')));
    assert.match(problems[0], /perAddress .*perLogin/);
    assert.match(problems[2], /proxy\.internal/);
  });
});

class IdentifierSerializer {
  @CharField()
  identifier: string;

  @CharField({ trim: false })
  password: string;
}

function problemsWith(settings: Partial<RegistrationModuleOptions>): Promise<string[]> {
  return startupProblemsOf({ settings });
}

describe('startup checks of the throttle keys and budgets', () => {
  it('E050: a serializer whose login values the per-login budget cannot find', async () => {
    const problems = await problemsWith({ loginSerializerClass: IdentifierSerializer, loginThrottle: {} });
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0], /^registration\.E050 .*IdentifierSerializer/);
    assert.deepEqual(
      await problemsWith({
        loginSerializerClass: IdentifierSerializer,
        loginThrottle: { loginValues: (data) => [(data as IdentifierSerializer).identifier] },
      }),
      [],
      'loginValues says where they are',
    );
    assert.deepEqual(
      await problemsWith({
        loginSerializerClass: IdentifierSerializer,
        loginThrottle: { perLogin: false, perDevice: false },
      }),
      [],
    );
  });

  it('E051: a shared storage without a secret, or a short secret', async () => {
    const storage = new ThrottlerStorageService();
    try {
      assert.match((await startupProblems({ storage })).join('\n'), /registration\.E051 .*secret/);
      assert.match((await startupProblems({ secret: 'short' })).join('\n'), /registration\.E051 /);
      assert.deepEqual(await startupProblems({ storage, secret: 'a-throttle-secret-of-at-least-32-bytes' }), []);
    } finally {
      storage.onApplicationShutdown();
    }
  });

  it('E052: one address could spend the per-login budget', async () => {
    for (const loginThrottle of [
      { perAddress: false as const },
      { perLogin: { limit: 10, ttl: 15 * 60_000 } },
      { perAddress: { limit: 30, ttl: 60_000 } },
    ]) {
      const problems = await startupProblems(loginThrottle);
      assert.equal(problems.length, 1, `${JSON.stringify(loginThrottle)}: ${problems.join('\n')}`);
      assert.match(problems[0], /^registration\.E052 /);
    }
    assert.deepEqual(await startupProblems({ perLogin: { limit: 400, ttl: 15 * 60_000 } }), []);
    assert.deepEqual(await startupProblems({ perAddress: false, perLogin: false }), []);
  });

  it('E040 and E053: a trusted-proxy entry that trusts every address', async () => {
    assert.match(
      (await startupProblems({ trustProxy: ['10.0.0.1/'] })).join('\n'),
      /registration\.E040 .*10\.0\.0\.1\//,
    );
    assert.match((await startupProblems({ trustProxy: ['10.0.0.0/33'] })).join('\n'), /registration\.E040 /);
    assert.match(
      (await startupProblems({ trustProxy: ['0.0.0.0/0'] })).join('\n'),
      /registration\.E053 .*0\.0\.0\.0\/0/,
    );
    assert.match((await startupProblems({ trustProxy: ['::/0'] })).join('\n'), /registration\.E053 /);
  });
});
