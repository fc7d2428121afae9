import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Injectable } from '@nestjs/common';
import {
  AuthTokenEntity,
  type RegistrationMessageKey,
  type RegistrationMessagesSettings,
} from 'nestjs-rest-registration';
import { type RegistrationMailMessage, RegistrationMailer } from '../../lib/mail/index.js';
import { createTestApp, type TestApp } from './app.js';
import { User } from './entities.js';
import { PEER_SECRET } from './registration.js';

/** Keeps the messages instead of sending them. */
@Injectable()
class KeepingMailer extends RegistrationMailer {
  static readonly sent: RegistrationMailMessage[] = [];

  send(message: RegistrationMailMessage): Promise<void> {
    KeepingMailer.sent.push(message);
    return Promise.resolve();
  }
}

async function nextSent(count: number): Promise<RegistrationMailMessage> {
  const deadline = Date.now() + 5000;
  while (KeepingMailer.sent.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  assert.ok(KeepingMailer.sent.length >= count, 'no reset message was sent');
  return KeepingMailer.sent[count - 1];
}

/**
 * Reaches every send-reset-password-link and reset-password message with `translated` as the
 * `messages` setting, adding each key seen to `reached`.
 */
export function resetPasswordMessageCases(
  translated: RegistrationMessagesSettings,
  expected: (key: RegistrationMessageKey, ...params: Array<string | number>) => string,
  reached: Set<RegistrationMessageKey>,
): void {
  describe('send-reset-password-link and reset-password', () => {
    const apps: TestApp[] = [];
    const seen = (...keys: RegistrationMessageKey[]) => keys.forEach((key) => reached.add(key));
    const start = async (failWhenNotFound: boolean) => {
      const t = await createTestApp({
        settings: {
          messages: translated,
          secretKey: PEER_SECRET,
          resetPasswordVerificationUrl: 'https://app.example/reset/',
          verificationFromEmail: 'no-reply@example.com',
          mailer: KeepingMailer,
          registrationThrottle: false,
          resetPasswordFailWhenUserNotFound: failWhenNotFound,
        },
        entities: [User, AuthTokenEntity],
        extras: { routes: ['login', 'logout', 'send-reset-password-link', 'reset-password'] },
      });
      apps.push(t);
      await t.addUser({ username: 'alice', email: 'alice@example.com' });
      return t;
    };
    let quiet: TestApp;
    let telling: TestApp;
    before(async () => {
      quiet = await start(false);
      telling = await start(true);
    });
    after(() => Promise.all(apps.map((t) => t.close())));

    it('the answers, the e-mail, the reset', async () => {
      const link = (t: TestApp, login: string) => t.http.post('/accounts/send-reset-password-link').send({ login });
      assert.deepEqual((await link(quiet, 'nobody')).body, { detail: expected('resetLinkSentIfUserExists') });
      const count = KeepingMailer.sent.length;
      assert.deepEqual((await link(telling, 'alice')).body, { detail: expected('resetLinkSent') });
      const mail = await nextSent(count + 1);
      const url = /https:\/\/app\.example\/reset\/\S+/.exec(mail.text)![0];
      assert.equal(mail.subject, expected('resetPasswordSubject', url, 'alice@example.com'));
      assert.equal(mail.text, expected('resetPasswordText', url, 'alice@example.com'));
      const data = Object.fromEntries(new URL(url).searchParams);
      const reset = await telling.http.post('/accounts/reset-password').send({ ...data, password: 'Ny5$reset-pass' });
      assert.deepEqual(reset.body, { detail: expected('resetPasswordSuccessful') });
      seen('resetLinkSentIfUserExists', 'resetLinkSent', 'resetPasswordSubject', 'resetPasswordText');
      seen('resetPasswordSuccessful');
    });
  });
}
