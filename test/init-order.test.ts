/**
 * The body-error mapping relies on when Nest calls `onModuleInit`: on Express after the routes are
 * registered and before Nest's own not-found and error handlers (so the module's middleware answers
 * unparsable bodies and unknown methods of its routes), on Fastify before Nest installs its error
 * handler (which the mapping wraps). These tests say so plainly when a Nest release changes that order.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestApp } from './support/app.js';

const ORDER_CHANGED =
  "Nest's init order changed: BodyErrorMapping and UnservedMethods (onModuleInit) no longer run between " +
  'registering the routes and installing the not-found and error handlers; move them to the hook that now ' +
  'does (lib/setup/body-error-mapping.ts, lib/setup/unserved-methods.ts).';

describe('init order the body-error mapping relies on', () => {
  it('Express: the mapping sits after every route and before Nest’s not-found and error handlers', async () => {
    const app = await createTestApp({ adapter: 'express' });
    try {
      const stack = (
        app.app.getHttpAdapter().getInstance() as { router: { stack: Array<{ name: string; route?: unknown }> } }
      ).router.stack;
      const names = stack.map((layer) => layer.name);
      const mapping = names.indexOf('registrationMethodNotAllowed');
      const lastRoute = stack.reduce((last, layer, index) => (layer.route === undefined ? last : index), -1);
      assert.ok(mapping > lastRoute, `${ORDER_CHANGED}\nExpress stack: ${names.join(', ')}`);
      assert.equal(names[mapping + 1], 'registrationBodyErrors', ORDER_CHANGED);
      assert.equal(stack.length - (mapping + 2), 2, `${ORDER_CHANGED}\nExpress stack: ${names.join(', ')}`);
    } finally {
      await app.close();
    }
  });

  it('Fastify: Nest installs its error handler after onModuleInit, through the mapping', async () => {
    const app = await createTestApp({ adapter: 'fastify' });
    try {
      const response = await app.http.post('/accounts/login').set('Content-Type', 'application/json').send('{"login":');
      assert.equal(response.status, 400, ORDER_CHANGED);
      assert.match(String(response.body.detail), /^JSON parse error - /, ORDER_CHANGED);
    } finally {
      await app.close();
    }
  });
});
