import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RegistrationModuleOptions } from 'nestjs-rest-registration';
import { JwtAuthTokenManager } from 'nestjs-rest-registration/jwt';
import { startupProblemsOf } from './support/startup-problems.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';

function problems(settings: Partial<RegistrationModuleOptions>): Promise<string[]> {
  return startupProblemsOf({ settings, controllers: [] });
}

const jwt = (options: object) => problems({ authTokenManagerClass: JwtAuthTokenManager, jwt: options });

describe('startup checks refuse what used to boot', () => {
  it('E054: JWT algorithm none (unsigned tokens)', async () => {
    const found = await jwt({ secret: SECRET, algorithm: 'none' });
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0], /^registration\.E054 .*none/);
  });

  it('E055: an asymmetric JWT algorithm with a shared secret', async () => {
    for (const algorithm of ['RS256', 'ES256', 'PS512']) {
      const found = await jwt({ secret: SECRET, algorithm });
      assert.equal(found.length, 1, found.join('\n'));
      assert.match(found[0], new RegExp(`^registration\\.E055 .*${algorithm}`));
    }
  });

  it('E056: a secret of one repeated byte (or a handful of distinct ones)', async () => {
    for (const secret of ['a'.repeat(32), Buffer.alloc(64, 7), 'abab'.repeat(10)]) {
      const found = await jwt({ secret });
      assert.equal(found.length, 1, found.join('\n'));
      assert.match(found[0], /^registration\.E056 /);
    }
    assert.match((await problems({ loginThrottle: { secret: 'x'.repeat(40) } })).join('\n'), /registration\.E051 /);
    assert.deepEqual(await jwt({ secret: SECRET }), []);
  });

  it('E023: a tokenTtl that overflows the date range', async () => {
    for (const tokenTtl of [1e13, Number.MAX_SAFE_INTEGER]) {
      const found = await problems({ tokenTtl });
      assert.equal(found.length, 1, found.join('\n'));
      assert.match(found[0], /^registration\.E023 /);
    }
    assert.deepEqual(await problems({ tokenTtl: 100 * 365 * 24 * 3600 }), [], 'a century still fits');
  });
});
