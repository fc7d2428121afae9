/**
 * Startup logs a `Mapped {path, METHOD}` line only for the methods the module serves; the other methods
 * of its routes are still answered (405 with `Allow`, OPTIONS 204 with `Allow`), without a handler each.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Controller, Get, Put, SetMetadata } from '@nestjs/common';
import type supertest from 'supertest';
import { REGISTRATION_CONTROLLER } from '../lib/registration.constants.js';
import { ADAPTERS, createTestApp, ProfileController, type TestApp } from './support/app.js';
import { CapturingLogger } from './support/secrets.js';

/** A route added the way the module's next controllers will be: only its real handlers are declared. */
@SetMetadata(REGISTRATION_CONTROLLER, true)
@Controller('accounts')
class LaterController {
  @Get('later')
  read() {
    return { read: true };
  }

  @Put('later')
  write() {
    return { written: true };
  }
}

const MAPPED = /Mapped \{([^,]+), (\w+)\}/;

for (const adapter of ADAPTERS) {
  describe(`route mapping at startup (${adapter})`, () => {
    const logger = new CapturingLogger();
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ adapter, logger, controllers: [ProfileController, LaterController] });
    });
    after(() => t.close());

    it('logs a Mapped line for each served method of the module and none for another', () => {
      const mapped = logger.entries
        .map((entry) => MAPPED.exec(entry.args.map(String).join(' ')))
        .filter((match): match is RegExpExecArray => match !== null)
        .map((match) => `${match[2]} ${match[1]}`)
        .filter((route) => route.includes('/accounts/'));
      assert.deepEqual(mapped.sort(), [
        'GET /accounts/csrf',
        'GET /accounts/later',
        'POST /accounts/login',
        'POST /accounts/logout',
        'PUT /accounts/later',
      ]);
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
        const propfind = await (t.http as unknown as Record<string, (path: string) => supertest.Test>).propfind(path);
        assert.equal(propfind.status, 405);
        assert.deepEqual(propfind.body, { detail: 'Method "PROPFIND" not allowed.' });
      }
    });

    it('derives the methods of every route of the module from its handlers', async () => {
      assert.equal((await t.http.get('/accounts/later')).status, 200);
      assert.equal((await t.http.put('/accounts/later')).status, 200);
      const patch = await t.http.patch('/accounts/later/');
      assert.equal(patch.status, 405);
      assert.equal(patch.headers.allow, 'GET, PUT, OPTIONS');
      assert.deepEqual(patch.body, { detail: 'Method "PATCH" not allowed.' });
      const options = await t.http.options('/accounts/later');
      assert.equal(options.status, 204);
      assert.equal(options.headers.allow, 'GET, PUT, OPTIONS');
      const post = await t.http.post('/accounts/csrf');
      assert.equal(post.status, 405);
      assert.equal(post.headers.allow, 'GET, OPTIONS');
      // Other paths keep the host's answers.
      assert.equal((await t.http.patch('/accounts/elsewhere')).status, 404);
      assert.equal((await t.http.patch('/profile')).status, 404);
    });
  });
}
