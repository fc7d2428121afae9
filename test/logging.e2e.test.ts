import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RegistrationEvent, RegistrationEvents } from 'nestjs-rest-registration';
import { createTestApp, PASSWORD, type TestApp } from './support/app.js';
import { assertNoSecrets, CapturingLogger } from './support/secrets.js';

const WRONG = 'not-the-Passw0rd-plugh';

// Everything the app logs (the module, Nest, exception handlers) during a full run of logins, failed
// logins, throttling, logouts, stale tokens, a throwing event listener and a database failure.
describe('logs hold no password and no token', () => {
  const logger = new CapturingLogger();
  let t: TestApp;
  const tokens: string[] = [];

  before(async () => {
    t = await createTestApp({ logger, settings: { loginThrottle: { perAddress: { limit: 12, ttl: 60_000 } } } });
    await t.addUser({ username: 'alice' });
    await t.addUser({ username: 'bob', isActive: false });
    // A careless listener that puts secrets in its error: the module must log no more than its name.
    t.app.get(RegistrationEvents).on(RegistrationEvent.LoginSucceeded, () => {
      throw new Error(`listener failed for ${PASSWORD} ${tokens.join(' ')}`);
    });

    tokens.push(await t.login('alice'), await t.login('alice'));
    await t.http.post('/accounts/login').send({ login: 'alice', password: WRONG });
    await t.http.post('/accounts/login').send({ login: 'bob', password: PASSWORD });
    await t.http.post('/accounts/login').send({ login: 'nobody', password: WRONG });
    await t.http
      .post('/accounts/login')
      .set('Content-Type', 'application/json')
      .send(`{"login":"alice","password":"${WRONG}`);
    await t.http.post('/accounts/login').type('form').send(`login=alice&password=${WRONG}&password=${PASSWORD}`);
    await t.http.get('/profile').set('Authorization', `Token ${tokens[0]}`);
    await t.http.post('/accounts/logout').set('Authorization', `Token ${tokens[0]}`).send({ revoke_token: true });
    await t.http.get('/profile').set('Authorization', `Token ${tokens[0]}`);
    await t.http
      .post('/accounts/logout')
      .set('Authorization', `Bearer ${tokens[1]}`)
      .send({ revoke_token: 'sometimes' });
    for (let i = 0; i < 6; i++) await t.http.post('/accounts/login').send({ login: 'alice', password: WRONG });
    // The database loses the token table: whatever is logged about the failure must stay clean.
    await t.dataSource.query('DROP TABLE registration_auth_token');
    await t.http.get('/profile').set('Authorization', `Token ${tokens[1]}`);
    await t.http.post('/accounts/login').send({ login: 'alice', password: PASSWORD });
  });
  after(() => t.close());

  it('captured the module and the failures', () => {
    const text = logger.text;
    assert.match(text, /Login returns tokens/);
    assert.match(text, /A listener of registration\.login\.succeeded threw Error/);
    assert.ok(
      logger.entries.some((entry) => entry.level === 'error'),
      'the database failure was logged',
    );
  });

  it('finds no password and no token in any log entry', () => {
    assertNoSecrets(logger.text, [...tokens, PASSWORD, WRONG], 'the log');
  });
});
