import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Injectable } from '@nestjs/common';
import { Expose } from 'class-transformer';
import { IsEmail, IsString, MinLength } from 'class-validator';
import { CharField, type RegistrationMailMessage, RegistrationMailer } from 'nestjs-rest-registration';
import { createRegistrationApp, DjangoUser, GOOD } from './support/registration.js';

/** A host's register DTO: username and e-mail required, no confirmation. */
class SignUpDto {
  @CharField()
  username: string;

  @IsEmail({}, { message: 'An e-mail address, please.' })
  email: string;

  @IsString()
  @MinLength(1)
  password: string;
}

/** A host's output shape. */
class PublicUser {
  @Expose()
  id: number;

  @Expose()
  username: string;
}

@Injectable()
class KeepingMailer extends RegistrationMailer {
  static readonly sent: RegistrationMailMessage[] = [];
  send(message: RegistrationMailMessage): Promise<void> {
    KeepingMailer.sent.push(message);
    return Promise.resolve();
  }
}

describe('register: the host replaces the serializer, the output, the template and the mailer', () => {
  it('registerSerializerClass, registerOutputSerializerClass, registerVerificationEmailTemplates, Reply-To', async () => {
    const t = await createRegistrationApp(undefined, () => ({
      registerSerializerClass: SignUpDto,
      registerOutputSerializerClass: PublicUser,
      verificationReplyToEmail: 'support@example.com',
      registerVerificationEmailTemplates: ({ user, verificationUrl }, format) => ({
        subject: `  Welcome ${(user as DjangoUser).username}  `,
        text: format('registerVerificationText', { verification_url: verificationUrl ?? '', email: '' }),
        html: `<a href="${verificationUrl}">Verify</a>`,
      }),
    }));
    try {
      const invalid = await t.http.post('/accounts/register').send({ username: 'dave', email: 'x', password: GOOD });
      assert.deepEqual(invalid.body, { email: ['An e-mail address, please.'] });
      const taken = await t.http
        .post('/accounts/register')
        .send({ username: 'dave', email: 'd@example.com', password: '123' });
      assert.deepEqual(taken.body, {
        password: [
          'This password is too short. It must contain at least 8 characters.',
          'This password is too common.',
          'This password is entirely numeric.',
        ],
        non_field_errors: [],
      });
      const response = await t.http
        .post('/accounts/register')
        .send({ username: 'dave', email: 'dave@example.com', password: GOOD, is_active: true });
      assert.equal(response.status, 201, response.text);
      assert.deepEqual(Object.keys(response.body), ['id', 'username']);
      const again = await t.http
        .post('/accounts/register')
        .send({ username: 'dave', email: 'e@example.com', password: GOOD });
      assert.deepEqual(again.body, { username: ['A user with that username already exists.'] });
      const stored = await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ username: 'dave' });
      assert.equal(stored.is_active, false);
      const mail = await t.smtp.nextMessage();
      assert.equal(mail.parsed.subject, 'Welcome dave');
      assert.equal(mail.parsed.replyTo?.text, 'support@example.com');
      assert.match(String(mail.parsed.html), /^<a href="https:\/\/frontend\.example\/verify-user\/\?user_id=/);
      assert.match(mail.parsed.text ?? '', /^Please verify your account by clicking on this link:/);
    } finally {
      await t.close();
    }
  });

  it('the mailer setting, and a translated e-mail in the request language', async () => {
    const t = await createRegistrationApp(undefined, () => ({
      mailer: KeepingMailer,
      mailTransport: null,
      messageTranslations: {
        de: {
          registerVerificationSubject: 'Bitte bestätigen Sie Ihr Konto',
          userWithoutEmail: 'Ohne E-Mail keine Bestätigung',
        },
      },
    }));
    try {
      const noEmail = await t.http
        .post('/accounts/register')
        .set('Accept-Language', 'de')
        .send({ username: 'dave', password: GOOD, password_confirm: GOOD });
      assert.deepEqual(noEmail.body, { detail: 'Ohne E-Mail keine Bestätigung' });
      const response = await t.http
        .post('/accounts/register')
        .set('Accept-Language', 'de')
        .send({ username: 'dave', email: 'dave@example.com', password: GOOD, password_confirm: GOOD });
      assert.equal(response.status, 201, response.text);
      const mail = KeepingMailer.sent.at(-1)!;
      assert.equal(mail.subject, 'Bitte bestätigen Sie Ihr Konto');
      assert.equal(mail.to, 'dave@example.com');
      assert.equal(t.smtp.received.length, 0);
    } finally {
      await t.close();
    }
  });

  it('RegistrationMailer replaced through DI (overrideProvider)', async () => {
    const sent: RegistrationMailMessage[] = [];
    const t = await createRegistrationApp(undefined, undefined, {
      override: (builder) =>
        builder
          .overrideProvider(RegistrationMailer)
          .useValue({ send: async (m: RegistrationMailMessage) => void sent.push(m) }),
    });
    try {
      const response = await t.http
        .post('/accounts/register')
        .send({ username: 'dave', email: 'dave@example.com', password: GOOD, password_confirm: GOOD });
      assert.equal(response.status, 201, response.text);
      assert.equal(sent.length, 1);
      assert.equal(sent[0].subject, 'Please verify your account');
    } finally {
      await t.close();
    }
  });

  it('registrationThrottle: 429 with Retry-After once an address is over its budget', async () => {
    const t = await createRegistrationApp(undefined, () => ({
      registrationThrottle: { register: { limit: 2, ttl: 60_000 }, verifyRegistration: { limit: 1, ttl: 60_000 } },
    }));
    try {
      for (let i = 0; i < 2; i++) assert.equal((await t.http.post('/accounts/register').send({})).status, 400);
      const refused = await t.http.post('/accounts/register').send({});
      assert.equal(refused.status, 429);
      assert.match(refused.body.detail as string, /^Request was throttled\. Expected available in \d+ seconds?\.$/);
      assert.ok(Number(refused.headers['retry-after']) > 0);
      assert.equal((await t.http.post('/accounts/verify-registration').send({})).status, 400);
      assert.equal((await t.http.post('/accounts/verify-registration').send({})).status, 429);
    } finally {
      await t.close();
    }
  });
});
