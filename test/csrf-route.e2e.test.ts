import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, PASSWORD, type TestApp, useSessions } from './support/app.js';

describe('GET /accounts/csrf', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({
      settings: {
        loginAuthenticateSession: true,
        loginThrottle: { perAddress: { limit: 3, ttl: 60_000 }, perLogin: { limit: 5, ttl: 60_000 } },
      },
      controllers: [],
      configure: (app) => useSessions(app),
    });
    await t.addUser({ username: 'alice' });
  });
  after(() => t.close());

  it('is never cached and varies by cookie', async () => {
    const response = await t.http.get('/accounts/csrf');
    assert.equal(response.status, 200);
    assert.equal(response.headers['cache-control'], 'no-store');
    assert.match(String(response.headers.vary), /\bCookie\b/i);
  });

  it('is throttled per address with its own budget, so fetching tokens does not spend the login budget', async () => {
    assert.equal((await t.http.get('/accounts/csrf')).status, 200);
    assert.equal((await t.http.get('/accounts/csrf')).status, 200);
    const refused = await t.http.get('/accounts/csrf');
    assert.equal(refused.status, 429);
    assert.match(refused.headers['retry-after'], /^\d+$/);
    assert.match(refused.body.detail, /^Request was throttled\. Expected available in \d+ seconds?\.$/);
    assert.equal(refused.headers['set-cookie'], undefined, 'no session is made for a refused request');
    const login = await t.http.post('/accounts/login').send({ login: 'alice', password: PASSWORD });
    assert.equal(login.status, 200, JSON.stringify(login.body));
  });
});
