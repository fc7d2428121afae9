import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Injectable } from '@nestjs/common';
import {
  AuthTokenEntity,
  type RegistrationMessageKey,
  type RegistrationMessagesSettings,
} from 'nestjs-rest-registration';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { type RegistrationMailMessage, RegistrationMailer } from '../../lib/mail/index.js';
import { createTestApp, type TestApp } from './app.js';
import { signEmail } from './register-email.js';
import { PEER_SECRET } from './registration.js';

/** A user entity with a unique e-mail column, so that the already-used texts can be reached. */
@Entity('email_message_users')
class UniqueAddressUser {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 150, unique: true })
  username: string;

  @Column({ type: 'varchar', length: 254, unique: true, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 255 })
  password: string;

  @Column({ default: true })
  isActive: boolean;
}

/** Keeps the messages instead of sending them. */
@Injectable()
class KeepingMailer extends RegistrationMailer {
  static readonly sent: RegistrationMailMessage[] = [];

  send(message: RegistrationMailMessage): Promise<void> {
    KeepingMailer.sent.push(message);
    return Promise.resolve();
  }
}

async function nextMail(count: number): Promise<RegistrationMailMessage> {
  for (let i = 0; i < 100 && KeepingMailer.sent.length <= count; i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(KeepingMailer.sent.length > count, 'no message was handed to the mailer');
  return KeepingMailer.sent[count];
}

/**
 * Reaches every register-email and verify-email message with `translated` as the `messages` setting,
 * adding each key seen to `reached` (for the messages suite's "every key reached" test).
 */
export function registerEmailMessageCases(
  translated: RegistrationMessagesSettings,
  expected: (key: RegistrationMessageKey, ...params: Array<string | number>) => string,
  reached: Set<RegistrationMessageKey>,
): void {
  describe('register-email and verify-email', () => {
    let t: TestApp;
    let token: string;
    let aliceId: number;
    const seen = (...keys: RegistrationMessageKey[]) => keys.forEach((key) => reached.add(key));
    const registerEmail = (email: string) =>
      t.http.post('/accounts/register-email').set('Authorization', `Token ${token}`).send({ email });

    before(async () => {
      t = await createTestApp({
        entities: [UniqueAddressUser, AuthTokenEntity],
        settings: {
          userEntity: UniqueAddressUser,
          messages: translated,
          loginRetrieveToken: true,
          secretKey: PEER_SECRET,
          registerEmailVerificationUrl: 'https://app.example/verify-email/',
          verificationFromEmail: 'no-reply@example.com',
          mailer: KeepingMailer,
          registrationThrottle: false,
        },
        extras: { routes: ['login', 'logout', 'register-email', 'verify-email'] },
      });
      aliceId = (await t.addUser({ username: 'alice' }, UniqueAddressUser)).id as number;
      await t.addUser({ username: 'carol', email: 'carol@example.com' }, UniqueAddressUser);
      token = await t.login('alice');
    });
    after(() => t.close());

    it('the link, the already-used notice and the answers', async () => {
      const count = KeepingMailer.sent.length;
      const sent = await registerEmail('alice.new@example.com');
      assert.deepEqual(sent.body, { detail: expected('registerEmailLinkSent') });
      const mail = await nextMail(count);
      const link = /https:\/\/app\.example\/verify-email\/\S+/.exec(mail.text)![0];
      assert.equal(mail.subject, expected('registerEmailSubject', link, 'alice.new@example.com'));
      assert.equal(mail.text, expected('registerEmailText', link, 'alice.new@example.com'));
      await registerEmail('carol@example.com');
      const notice = await nextMail(count + 1);
      assert.equal(notice.to, 'carol@example.com');
      assert.equal(notice.subject, expected('emailAlreadyUsedSubject', 'carol@example.com'));
      assert.equal(notice.text, expected('emailAlreadyUsedText', 'carol@example.com'));
      const verify = (body: object) => t.http.post('/accounts/verify-email').send(body);
      const taken = await verify(signEmail(aliceId, 'carol@example.com'));
      assert.deepEqual(taken.body, { detail: expected('emailAlreadyRegistered') });
      const done = await verify(Object.fromEntries(new URL(link).searchParams));
      assert.deepEqual(done.body, { detail: expected('emailVerified') });
      seen('registerEmailLinkSent', 'registerEmailSubject', 'registerEmailText', 'emailAlreadyUsedSubject');
      seen('emailAlreadyUsedText', 'emailAlreadyRegistered', 'emailVerified');
    });
  });
}
