/**
 * Startup logs a `Mapped {path, METHOD}` line only for the methods the module serves; the other methods
 * of its routes are still answered (405 with `Allow`, OPTIONS 204 with `Allow`), without a handler each.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADAPTERS, createTestApp, type TestApp } from './support/app.js';
import { CapturingLogger } from './support/secrets.js';

const MAPPED = /Mapped \{([^,]+), (\w+)\}/;

for (const adapter of ADAPTERS) {
  describe(`route mapping at startup (${adapter})`, () => {
    const logger = new CapturingLogger();
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ adapter, logger });
    });
    after(() => t.close());

    it('logs a Mapped line for each served method of the module and none for another', () => {
      const mapped = logger.entries
        .map((entry) => MAPPED.exec(entry.args.map(String).join(' ')))
        .filter((match): match is RegExpExecArray => match !== null)
        .map((match) => `${match[2]} ${match[1]}`)
        .filter((route) => route.includes('/accounts/'));
      assert.deepEqual(mapped.sort(), ['GET /accounts/csrf', 'POST /accounts/login', 'POST /accounts/logout']);
    });

    it('still answers the methods it does not serve', async () => {
      for (const path of ['/accounts/login', '/accounts/logout']) {
        const get = await t.http.get(path);
        assert.equal(get.status, 405);
        assert.equal(get.headers.allow, 'POST, OPTIONS');
        assert.deepEqual(get.body, { detail: 'Method "GET" not allowed.' });
        const options = await t.http.options(path);
        assert.equal(options.status, 204);
        assert.equal(options.headers.allow, 'POST, OPTIONS');
        assert.equal((await t.http.head(path)).status, 405);
      }
    });
  });
}
