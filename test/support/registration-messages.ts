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
import { registerSalt, signData } from '../../lib/verification/index.js';
import { createTestApp, type TestApp } from './app.js';
import { PEER_SECRET } from './registration.js';

/** Columns of every kind the generated serializer reads, so each field message can be reached. */
@Entity('message_users')
class KindsUser {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 20, unique: true })
  username: string;

  @Column({ type: 'varchar', length: 254, unique: true, nullable: true })
  email: string | null;

  @Column({ type: 'integer', nullable: true })
  age: number | null;

  @Column({ type: 'float', nullable: true })
  score: number | null;

  @Column({ type: 'simple-enum', enum: ['free', 'pro'], default: 'free' })
  plan: string;

  @Column({ type: 'varchar', length: 255 })
  password: string;

  @Column({ default: true })
  isActive: boolean;
}

/** Keeps the messages instead of sending them; refuses while `refuse` is set. */
@Injectable()
class KeepingMailer extends RegistrationMailer {
  static readonly sent: RegistrationMailMessage[] = [];
  static refuse = false;

  send(message: RegistrationMailMessage): Promise<void> {
    if (KeepingMailer.refuse) return Promise.reject(new Error('refused'));
    KeepingMailer.sent.push(message);
    return Promise.resolve();
  }
}

/**
 * Reaches every register and verify-registration message with `translated` as the `messages` setting,
 * adding each key seen to `reached` (for the messages suite's "every key reached" test).
 */
export function registrationMessageCases(
  translated: RegistrationMessagesSettings,
  expected: (key: RegistrationMessageKey, ...params: Array<string | number>) => string,
  reached: Set<RegistrationMessageKey>,
): void {
  describe('register and verify-registration', () => {
    let t: TestApp;
    const good = 'Vq7#long-pass-1';
    const register = (body: object) => t.http.post('/accounts/register').send(body);
    const verify = (body: object) => t.http.post('/accounts/verify-registration').send(body);
    const seen = (...keys: RegistrationMessageKey[]) => keys.forEach((key) => reached.add(key));

    before(async () => {
      t = await createTestApp({
        entities: [KindsUser, AuthTokenEntity],
        settings: {
          userEntity: KindsUser,
          messages: translated,
          secretKey: PEER_SECRET,
          registerVerificationUrl: 'https://app.example/verify/',
          verificationFromEmail: 'no-reply@example.com',
          mailer: KeepingMailer,
          registrationThrottle: false,
        },
        extras: { routes: ['login', 'logout', 'register', 'verify-registration'] },
      });
      await t.addUser({ username: 'taken', email: 'taken@example.com' }, KindsUser);
    });
    after(() => t.close());

    it('field errors of the generated serializer', async () => {
      const fields = await register({
        username: 'bad user!',
        email: 'not-an-email',
        age: 'x',
        score: 'y',
        plan: 'gold',
        password: good,
        password_confirm: good,
      });
      assert.deepEqual(fields.body, {
        username: [expected('fieldInvalidUsername')],
        email: [expected('fieldInvalidEmail')],
        age: [expected('fieldNotAnInteger')],
        score: [expected('fieldNotANumber')],
        plan: [expected('fieldInvalidChoice', 'gold')],
      });
      const more = await register({
        username: 'u'.repeat(21),
        email: 'a\u0000@example.com',
        password: good,
        password_confirm: good,
      });
      assert.deepEqual(more.body.username, [expected('fieldTooLong', 20)]);
      assert.ok((more.body.email as string[]).includes(expected('fieldNullCharacters')), JSON.stringify(more.body));
      const surrogate = await register({
        username: 'ok',
        email: 'x\ud800@example.com',
        password: good,
        password_confirm: good,
      });
      assert.ok((surrogate.body.email as string[]).includes(expected('fieldSurrogateCharacters', 'U+D800')));
      const taken = await register({
        username: 'taken',
        email: 'taken@example.com',
        password: good,
        password_confirm: good,
      });
      assert.deepEqual(taken.body, {
        username: [expected('usernameTaken')],
        email: [expected('fieldTaken', 'email address')],
      });
      seen('fieldInvalidUsername', 'fieldInvalidEmail', 'fieldNotAnInteger', 'fieldNotANumber', 'fieldInvalidChoice');
      seen('fieldTooLong', 'fieldNullCharacters', 'fieldSurrogateCharacters', 'usernameTaken', 'fieldTaken');
    });

    it('password validators, the confirmation, no address, a mailer that refuses', async () => {
      const weak = await register({
        username: 'newbie',
        email: 'n@example.com',
        password: '1234',
        password_confirm: 'x',
      });
      assert.deepEqual(weak.body, {
        password: [expected('passwordTooShort', 8), expected('passwordTooCommon'), expected('passwordEntirelyNumeric')],
        password_confirm: [expected('passwordsDoNotMatch')],
        non_field_errors: [],
      });
      const similar = await register({
        username: 'frederick',
        email: 'f@example.com',
        password: 'frederick7',
        password_confirm: 'frederick7',
      });
      assert.deepEqual(similar.body.password, [expected('passwordTooSimilar', 'username')]);
      const noEmail = await register({ username: 'newbie', password: good, password_confirm: good });
      assert.deepEqual(noEmail.body, { detail: expected('userWithoutEmail') });
      KeepingMailer.refuse = true;
      try {
        const refused = await register({
          username: 'newbie',
          email: 'n@example.com',
          password: good,
          password_confirm: good,
        });
        assert.equal(refused.status, 503);
        assert.deepEqual(refused.body, { detail: expected('registerMailNotSent') });
      } finally {
        KeepingMailer.refuse = false;
      }
      seen('passwordTooShort', 'passwordTooCommon', 'passwordEntirelyNumeric', 'passwordsDoNotMatch');
      seen('passwordTooSimilar', 'userWithoutEmail', 'registerMailNotSent');
    });

    it('the e-mail and verify-registration', async () => {
      const created = await register({
        username: 'newbie',
        email: 'n@example.com',
        password: good,
        password_confirm: good,
      });
      assert.equal(created.status, 201, created.text);
      const mail = KeepingMailer.sent.at(-1)!;
      const link = /https:\/\/app\.example\/verify\/\S+/.exec(mail.text)![0];
      assert.equal(mail.subject, expected('registerVerificationSubject', link, 'n@example.com'));
      assert.equal(mail.text, expected('registerVerificationText', link, 'n@example.com'));
      const data = Object.fromEntries(new URL(link).searchParams);
      assert.deepEqual((await verify({ ...data, signature: 'x' })).body, { detail: expected('signatureInvalid') });
      const old = signData({ user_id: created.body.id }, registerSalt(true, false), { secretKey: PEER_SECRET }, 1);
      assert.deepEqual((await verify(old)).body, { detail: expected('signatureExpired') });
      assert.deepEqual((await verify({ ...data, timestamp: '1'.repeat(1001) })).body, {
        timestamp: [expected('fieldIntegerStringTooLong')],
      });
      assert.deepEqual((await verify(data)).body, { detail: expected('userVerified') });
      seen('registerVerificationSubject', 'registerVerificationText', 'signatureInvalid', 'signatureExpired');
      seen('fieldIntegerStringTooLong', 'userVerified');
    });
  });
}
