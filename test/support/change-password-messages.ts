import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RegistrationMessageKey, RegistrationMessagesSettings } from 'nestjs-rest-registration';
import { createTestApp, PASSWORD, type TestApp } from './app.js';

/**
 * Reaches the change-password messages with `translated` as the `messages` setting, adding each key
 * seen to `reached` (for the messages suite's "every key reached" test).
 */
export function changePasswordMessageCases(
  translated: RegistrationMessagesSettings,
  expected: (key: RegistrationMessageKey, ...params: Array<string | number>) => string,
  reached: Set<RegistrationMessageKey>,
): void {
  describe('change-password', () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({
        settings: { messages: translated, registrationThrottle: false },
        extras: { routes: ['login', 'logout', 'change-password'] },
      });
      await t.addUser({ username: 'alice' });
    });
    after(() => t.close());

    it('a wrong old password, a mismatch, success', async () => {
      const token = await t.login('alice');
      const change = (body: object) =>
        t.http.post('/accounts/change-password').set('Authorization', `Token ${token}`).send(body);
      const good = 'Vq7#long-pass-1';
      const wrong = await change({ old_password: 'wrong', password: good, password_confirm: good });
      assert.deepEqual(wrong.body, { old_password: [expected('oldPasswordIncorrect')] });
      const mismatch = await change({ old_password: PASSWORD, password: good, password_confirm: 'other' });
      assert.deepEqual(mismatch.body, { password_confirm: [expected('passwordsDoNotMatch')] });
      const done = await change({ old_password: PASSWORD, password: good, password_confirm: good });
      assert.equal(done.status, 200);
      assert.deepEqual(done.body, { detail: expected('passwordChanged') });
      for (const key of ['oldPasswordIncorrect', 'passwordsDoNotMatch', 'passwordChanged'] as const) reached.add(key);
    });
  });
}
