import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RegistrationEvents, RegistrationTokens, RegistrationUsers } from 'nestjs-rest-registration';
import { TOKEN_PREFIX } from '../lib/registration.constants.js';
import { createTestApp, PASSWORD, type TestApp } from './support/app.js';
import { dumpDatabase } from './support/contract-shape.js';
import { asText, assertNoSecrets, captureEvents, CapturingLogger } from './support/secrets.js';

const WRONG = 'wrong-Pa55word-xyzzy';
const NEW_PASSWORD = 'a brand new passphrase 42';

describe('tokens and passwords never leak', () => {
  const logger = new CapturingLogger();
  let t: TestApp;
  let events: unknown[];
  const tokens: string[] = [];
  const bodies: unknown[] = [];

  before(async () => {
    t = await createTestApp({ logger });
    events = captureEvents(t.app.get(RegistrationEvents));
    await t.addUser({ username: 'alice', email: 'alice@example.com' });
    await t.addUser({ username: 'bob', isActive: false });
    for (let i = 0; i < 3; i++) tokens.push(await t.login('alice'));
    const record = async (request: PromiseLike<{ status: number; body: unknown }>) => {
      const response = await request;
      if (response.status >= 400) bodies.push(response.body);
      return response;
    };
    await record(t.http.post('/accounts/login').send({ login: 'alice', password: WRONG }));
    await record(t.http.post('/accounts/login').send({ login: 'bob', password: PASSWORD }));
    await record(t.http.post('/accounts/login').send({ login: 'nobody', password: PASSWORD }));
    await record(
      t.http
        .post('/accounts/login')
        .set('Content-Type', 'application/json')
        .send(`{"login":"alice","password":"${WRONG}"`),
    );
    await record(t.http.post('/accounts/login').send({ login: ['alice'], password: { secret: WRONG } }));
    await record(
      t.http.post('/accounts/logout').set('Authorization', `Token ${tokens[0]}`).send({ revoke_token: true }),
    );
    await record(t.http.get('/profile').set('Authorization', `Token ${tokens[0]}`));
    await record(t.http.get('/profile').set('Authorization', `Token ${tokens[1]} extra`));
    await record(t.http.get('/profile').set('Authorization', `Token ${tokens[1].slice(0, -1)}x`));
    await record(
      t.http.post('/accounts/logout').set('Authorization', `Token ${tokens[1]}`).send({ revoke_token: 'perhaps' }),
    );
  });
  after(() => t.close());

  it('tokens carry the fixed prefix secret scanners look for', () => {
    for (const token of tokens) assert.ok(token.startsWith(TOKEN_PREFIX));
  });

  it('no table holds an issued token or a plaintext password', async () => {
    const dump = await dumpDatabase(t.dataSource);
    assert.ok(Object.keys(dump).includes('registration_auth_token'));
    assert.equal(dump.registration_auth_token.length, 2, 'the two live tokens are stored, as digests');
    assertNoSecrets(asText(dump), [...tokens, PASSWORD, WRONG], 'the database');
  });

  it('no error body holds a token or a password', () => {
    assert.ok(bodies.length >= 9);
    assertNoSecrets(asText(bodies), [...tokens, PASSWORD, WRONG], 'an error body');
  });

  it('no event holds a token or a password', () => {
    assert.ok(events.length >= 7, `events seen: ${events.length}`);
    assertNoSecrets(asText(events), [...tokens, PASSWORD, WRONG], 'an event');
  });

  it('no log line holds a token or a password', () => {
    assert.ok(logger.entries.length > 0, 'the logger captured the module');
    assertNoSecrets(logger.text, [...tokens, PASSWORD, WRONG], 'the log');
  });
});

describe('revokeAllTokens and the password-change hook', () => {
  let t: TestApp;
  let alice: object;
  let bob: object;
  before(async () => {
    t = await createTestApp();
    alice = await t.addUser({ username: 'alice' });
    bob = await t.addUser({ username: 'bob' });
  });
  after(() => t.close());

  const profile = (token: string) => t.http.get('/profile').set('Authorization', `Token ${token}`);

  it('RegistrationTokens.revokeAllTokens(user) ends every session of that user only', async () => {
    const aliceTokens = [await t.login('alice'), await t.login('alice')];
    const bobToken = await t.login('bob');
    assert.equal(await t.app.get(RegistrationTokens).revokeAllTokens(alice), 2);
    for (const token of aliceTokens) assert.deepEqual((await profile(token)).body, { detail: 'Invalid token.' });
    assert.equal((await profile(bobToken)).status, 200);
    assert.equal(
      await t.app.get(RegistrationTokens).revokeAllTokens(alice),
      0,
      'nothing left to revoke is not an error',
    );
  });

  it('RegistrationUsers.setPassword() hashes, saves and revokes every token by default', async () => {
    const old = await t.login('alice');
    const bobToken = await t.login('bob');
    await t.app.get(RegistrationUsers).setPassword(alice, NEW_PASSWORD);
    assert.deepEqual((await profile(old)).body, { detail: 'Invalid token.' });
    assert.equal((await profile(bobToken)).status, 200);
    assert.equal((await t.http.post('/accounts/login').send({ login: 'alice', password: PASSWORD })).status, 400);
    assert.equal((await t.http.post('/accounts/login').send({ login: 'alice', password: NEW_PASSWORD })).status, 200);
    const dump = asText(await dumpDatabase(t.dataSource));
    assert.match(dump, /\$argon2id\$/);
    assertNoSecrets(dump, [NEW_PASSWORD], 'the database');
  });

  it('setPassword(user, password, { revokeTokens: false }) keeps the sessions', async () => {
    const kept = await t.login('bob');
    await t.app.get(RegistrationUsers).setPassword(bob, NEW_PASSWORD, { revokeTokens: false });
    assert.equal((await profile(kept)).status, 200);
  });
});
