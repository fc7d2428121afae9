import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, PASSWORD, type TestApp } from './support/app.js';
import { CountingHasher, withHasher } from './support/counting-hasher.js';

// The timing defence is structural: every failed attempt runs the password hasher exactly once, so an
// unknown user, an inactive one and a wrong password all cost one verify. Counted, not timed.
const LOGIN_FIELDS: Array<string[] | undefined> = [undefined, ['username', 'email']];

for (const userLoginFields of LOGIN_FIELDS) {
  describe(`one password verify per login attempt (userLoginFields: ${JSON.stringify(userLoginFields ?? ['username'])})`, () => {
    const hasher = new CountingHasher();
    let t: TestApp;

    before(async () => {
      t = await createTestApp({ settings: { userLoginFields }, override: withHasher(hasher) });
      await t.addUser({ username: 'alice', email: 'alice@example.com' });
      await t.addUser({ username: 'bob', email: 'bob@example.com', isActive: false });
      // A user whose stored value is no hash at all (e.g. an unusable password) costs the same.
      await t.addUser({ username: 'carol', email: 'carol@example.com', password: '!unusable' });
    });
    after(() => t.close());

    const cases: Array<[string, object, number]> = [
      ['unknown user', { login: 'nobody', password: PASSWORD }, 400],
      ['unknown email', { login: 'nobody@example.com', password: PASSWORD }, 400],
      ['inactive user, right password', { login: 'bob', password: PASSWORD }, 400],
      ['inactive user, wrong password', { login: 'bob', password: 'wrong' }, 400],
      ['wrong password', { login: 'alice', password: 'wrong' }, 400],
      ['user without a usable hash', { login: 'carol', password: PASSWORD }, 400],
      ['right password', { login: 'alice', password: PASSWORD }, 200],
    ];
    if (userLoginFields) {
      cases.push(['email of an inactive user', { login: 'bob@example.com', password: PASSWORD }, 400]);
      cases.push(['email, wrong password', { login: 'alice@example.com', password: 'wrong' }, 400]);
      cases.push(['email, right password', { login: 'alice@example.com', password: PASSWORD }, 200]);
    }

    for (const [name, body, status] of cases) {
      it(`${name}: exactly one verify, no hash`, async () => {
        hasher.reset();
        const response = await t.http.post('/accounts/login').send(body);
        assert.equal(response.status, status, JSON.stringify(response.body));
        assert.equal(hasher.verifies, 1);
        assert.equal(hasher.hashes, 0);
      });
    }

    it('an invalid body never reaches the hasher', async () => {
      hasher.reset();
      for (const body of [{ login: 'alice' }, { login: '', password: 'x' }, [], { login: 'alice', password: null }]) {
        assert.equal((await t.http.post('/accounts/login').send(body)).status, 400);
      }
      assert.equal(hasher.verifies, 0);
    });
  });
}
