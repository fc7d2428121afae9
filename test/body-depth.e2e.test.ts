import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADAPTERS, createTestApp, type TestApp } from './support/app.js';
import { CapturingLogger } from './support/secrets.js';

const deep = (depth: number) => `{"login":${'['.repeat(depth)}${']'.repeat(depth)},"password":"x"}`;

for (const adapter of ADAPTERS) {
  describe(`bodies the parsers choke on, on ${adapter}`, () => {
    const logger = new CapturingLogger();
    let t: TestApp;
    let token: string;
    before(async () => {
      t = await createTestApp({ adapter, logger });
      await t.addUser({ username: 'alice' });
      token = await t.login('alice');
    });
    after(() => t.close());

    for (const route of ['/accounts/login', '/accounts/logout']) {
      it(`JSON nested 3000 levels deep on ${route}: a clear 400, no stack trace logged`, async () => {
        const response = await t.http
          .post(route)
          .set('Authorization', `Token ${token}`)
          .set('Content-Type', 'application/json')
          .send(deep(3000));
        assert.equal(response.status, 400, JSON.stringify(response.body));
        assert.equal(typeof response.body.detail, 'string');
        assert.ok(!logger.entries.some((entry) => entry.level === 'error'), 'an error was logged');
      });
    }

    it('a malformed JSON body is not quoted back, not even in part', async () => {
      const secret = 'Pa55-secret-in-the-body';
      for (const body of [`{"login":"alice","password":"${secret}"`, `{"password":"${secret}" x}`, `${secret}}`]) {
        const response = await t.http.post('/accounts/login').set('Content-Type', 'application/json').send(body);
        assert.equal(response.status, 400);
        assert.match(response.body.detail, /^JSON parse error - /);
        for (let i = 0; i + 4 <= secret.length; i++) {
          assert.ok(
            !response.text.includes(secret.slice(i, i + 4)),
            `the answer repeats "${secret.slice(i, i + 4)}": ${response.text}`,
          );
        }
      }
    });
  });
}
