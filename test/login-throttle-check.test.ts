import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RegistrationConfigurationError, type LoginThrottleOptions } from 'nestjs-rest-registration';
import { createTestApp } from './support/app.js';

async function startupProblems(loginThrottle: unknown): Promise<string[]> {
  const t = await createTestApp({ settings: { loginThrottle: loginThrottle as LoginThrottleOptions }, skipInit: true });
  try {
    await t.app.init();
    return [];
  } catch (error) {
    assert.ok(error instanceof RegistrationConfigurationError, String(error));
    return error.problems.map((p) => `${p.id} ${p.problem}`);
  } finally {
    await t.close();
  }
}

describe('startup check E040 (loginThrottle)', () => {
  it('accepts the default, false, and well-formed settings', async () => {
    assert.deepEqual(await startupProblems(undefined), []);
    assert.deepEqual(await startupProblems(false), []);
    assert.deepEqual(
      await startupProblems({
        perAddress: false,
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
      trustProxy: ['proxy.internal'],
    });
    assert.equal(problems.length, 3, problems.join('\n'));
    assert.ok(problems.every((p) => p.startsWith('registration.E040 ')));
    assert.match(problems[0], /perAddress .*perLogin/);
    assert.match(problems[2], /proxy\.internal/);
  });
});
