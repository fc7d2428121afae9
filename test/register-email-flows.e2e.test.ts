import assert from 'node:assert/strict';
import { Controller, Get, UseGuards } from '@nestjs/common';
import { after, before, describe, it } from 'node:test';
import {
  REGISTRATION_CONFIGURATION,
  type RegistrationConfiguration,
  RegistrationEvent,
  RegistrationEvents,
  type RegistrationModuleOptions,
  type UserEmailChangedEvent,
} from 'nestjs-rest-registration';
import { CharField, CurrentUser, EmailField, TokenAuthGuard } from 'nestjs-rest-registration';
import { DATABASES } from './support/databases.js';
import { createRegistrationApp, DjangoUser, type RegistrationTestApp } from './support/registration.js';
import { ANSWERS, EMAIL_ROUTES, emailSettings, signEmail } from './support/register-email.js';
import type { TestSmtpServer } from './support/smtp.js';

const DAY = 24 * 3600;
const now = () => Math.floor(Date.now() / 1000);
const SUCCESS = 'https://frontend.example/verify-email/success/';
const FAILURE = 'https://frontend.example/verify-email/failure/';
const REDIRECTS = { verifyEmailSuccessUrl: SUCCESS, verifyEmailFailureUrl: FAILURE };

function app(
  database: (typeof DATABASES)[number] | undefined,
  settings: (smtp: TestSmtpServer) => Partial<RegistrationModuleOptions>,
) {
  return createRegistrationApp(database, (smtp) => ({ ...emailSettings(smtp), ...settings(smtp) }), {
    extras: EMAIL_ROUTES,
  });
}

const query = (data: Record<string, string>) => new URLSearchParams(data).toString();

/** Transcript 11.1 rows 143 and 144, and the other outcomes of upstream's contrib view. */
for (const database of DATABASES)
  describe(`verify-email redirect (${database.name})`, { skip: database.skip }, () => {
    let t: RegistrationTestApp;
    let ginaId: number;
    let bobId: number;
    const changes: UserEmailChangedEvent[] = [];
    const redirect = (search: string) => t.http.get(`/accounts/verification-redirects/verify-email?${search}`);
    const expectRedirect = async (search: string, location: string) => {
      const response = await redirect(search);
      assert.equal(response.status, 302, `${search}: ${response.text}`);
      assert.equal(response.headers.location, location, search);
      assert.equal(response.text, '');
      assert.equal(response.headers['content-type'], 'text/html; charset=utf-8');
    };
    const emailOf = async (id: number) => (await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ id })).email;

    before(async () => {
      t = await app(database, () => ({ verificationRedirects: REDIRECTS, registrationThrottle: undefined }));
      ginaId = (await t.addUser({ username: 'gina', email: 'gina@example.com' }, DjangoUser)).id as number;
      bobId = (await t.addUser({ username: 'bob', is_active: false }, DjangoUser)).id as number;
      t.app.get(RegistrationEvents).on(RegistrationEvent.UserEmailChanged, (event) => changes.push(event));
    });
    after(() => t.close());

    it('row 143: a valid link: 302 to the success URL, the address stored, the event emitted', async () => {
      await expectRedirect(query(signEmail(ginaId, 'gina.new@example.com')), SUCCESS);
      assert.equal(await emailOf(ginaId), 'gina.new@example.com');
      assert.equal(changes.length, 1);
      assert.deepEqual([changes[0].oldEmail, changes[0].newEmail], ['gina@example.com', 'gina.new@example.com']);
    });

    it('row 144 and the other failures: 302 to the failure URL, nothing stored', async () => {
      const link = signEmail(ginaId, 'gina.other@example.com');
      await expectRedirect(query({ ...link, email: 'z@example.com' }), FAILURE);
      await expectRedirect('', FAILURE);
      await expectRedirect(query({ ...link, email: 'not-an-email' }), FAILURE);
      await expectRedirect(query(signEmail(ginaId, 'gina.other@example.com', now() - 8 * DAY)), FAILURE);
      await expectRedirect(query(signEmail(bobId, 'bob@example.com')), FAILURE);
      await expectRedirect(query(signEmail(999, 'x@example.com')), FAILURE);
      assert.equal(await emailOf(ginaId), 'gina.new@example.com');
      assert.equal(await emailOf(bobId), '');
      assert.equal(changes.length, 1);
    });

    it('POST is 405, Allow names GET', async () => {
      const response = await t.http.post(
        `/accounts/verification-redirects/verify-email?${query(signEmail(ginaId, 'a@example.com'))}`,
      );
      assert.equal(response.status, 405);
      assert.match(String(response.headers.allow), /^GET\b/);
      assert.equal(await emailOf(ginaId), 'gina.new@example.com');
    });

    it('registrationThrottle has the e-mail budgets by default', () => {
      const throttle = t.app.get<RegistrationConfiguration>(REGISTRATION_CONFIGURATION).registrationThrottle;
      assert.ok(throttle);
      assert.deepEqual(throttle.registerEmail, { limit: 10, ttl: 3_600_000 });
      assert.deepEqual(throttle.verifyEmail, { limit: 20, ttl: 60_000 });
    });
  });

describe('verify-email redirect: not served', () => {
  it('without both URLs it answers as an unmapped route; with the flow off, 404 Not found.', async () => {
    const none = await app(undefined, () => ({}));
    try {
      const response = await none.http.get('/accounts/verification-redirects/verify-email');
      assert.equal(response.status, 404);
      assert.notEqual(response.headers.location, FAILURE);
    } finally {
      await none.close();
    }
    const off = await app(undefined, () => ({
      verificationRedirects: REDIRECTS,
      registerEmailVerificationEnabled: false,
    }));
    try {
      const response = await off.http.get(
        `/accounts/verification-redirects/verify-email?${query(signEmail(1, 'a@example.com'))}`,
      );
      assert.equal(response.status, 404);
      assert.equal(response.text, '{"detail":"Not found."}');
    } finally {
      await off.close();
    }
  });
});

/** `registrationThrottle`: per user on register-email (mail bombing), per address on verify-email and its redirect. */
describe('register-email and verify-email throttling', () => {
  let t: RegistrationTestApp;
  let alice: string;
  let carol: string;
  const registerEmail = (token: string, email: unknown) =>
    t.http.post('/accounts/register-email').set('Authorization', `Token ${token}`).send({ email });
  const throttled = /^\{"detail":"Request was throttled\. Expected available in (\d+) seconds?\."\}$/;

  before(async () => {
    t = await app(undefined, () => ({
      verificationRedirects: REDIRECTS,
      registrationThrottle: { registerEmail: { limit: 2, ttl: 60_000 }, verifyEmail: { limit: 3, ttl: 60_000 } },
    }));
    await t.addUser({ username: 'alice' }, DjangoUser);
    await t.addUser({ username: 'carol', email: 'carol@example.com' }, DjangoUser);
    alice = await t.login('alice');
    carol = await t.login('carol');
  });
  after(() => t.close());

  it('register-email: every request of a user counts, valid or not; other users keep their budget', async () => {
    assert.equal((await registerEmail(alice, 'x')).status, 400);
    assert.equal((await registerEmail(alice, 'alice.new@example.com')).status, 200);
    const refused = await registerEmail(alice, 'alice.other@example.com');
    assert.equal(refused.status, 429);
    assert.match(refused.text, throttled);
    assert.ok(Number(refused.headers['retry-after']) > 0 && Number(refused.headers['retry-after']) <= 60);
    const unauthenticated = await t.http.post('/accounts/register-email').send({ email: 'a@example.com' });
    assert.equal(unauthenticated.status, 401);
    assert.equal((await registerEmail(carol, 'carol.new@example.com')).status, 200);
    const addresses = [(await t.smtp.nextMessage()).envelope.to[0], (await t.smtp.nextMessage()).envelope.to[0]];
    assert.deepEqual(addresses.sort(), ['alice.new@example.com', 'carol.new@example.com']);
  });

  it('verify-email: per client address, the redirect counted in the same budget', async () => {
    for (let i = 0; i < 2; i++) assert.equal((await t.http.post('/accounts/verify-email').send({})).status, 400);
    const redirect = await t.http.get('/accounts/verification-redirects/verify-email');
    assert.equal(redirect.status, 302);
    const refused = await t.http.post('/accounts/verify-email').send(signEmail(1, 'a@example.com'));
    assert.equal(refused.status, 429);
    assert.match(refused.text, throttled);
    assert.ok(refused.headers['retry-after']);
    assert.equal((await t.http.get('/accounts/verification-redirects/verify-email')).status, 429);
    assert.notEqual(refused.text, ANSWERS.verified);
  });
});

class ReasonedEmailChange {
  @EmailField()
  email: string;

  @CharField()
  reason: string;
}

class OwnEmailDto {
  @EmailField()
  email: string;
}

/** `registerEmailSerializerClass` and `registerEmailVerificationEmailTemplates` replace upstream's pieces. */
describe('register-email with your own serializer and template', () => {
  let t: RegistrationTestApp;
  let token: string;
  const registerEmail = (body: object) =>
    t.http.post('/accounts/register-email').set('Authorization', `Token ${token}`).send(body);

  before(async () => {
    t = await app(undefined, () => ({
      registerEmailSerializerClass: ReasonedEmailChange,
      registerEmailVerificationEmailTemplates: ({ email, verificationUrl, emailAlreadyUsed }) => ({
        subject: emailAlreadyUsed ? 'In use' : `Confirm ${email}`,
        text: `Open ${verificationUrl}`,
        html: `<a href="${verificationUrl}">Confirm</a>`,
      }),
    }));
    await t.addUser({ username: 'alice' }, DjangoUser);
    token = await t.login('alice');
  });
  after(() => t.close());

  it("validates with the DTO (its field errors in its order) and sends the template's message", async () => {
    const missing = await registerEmail({ email: 'x' });
    assert.deepEqual(
      [missing.status, missing.text],
      [400, '{"email":["Enter a valid email address."],"reason":["This field is required."]}'],
    );
    const done = await registerEmail({ email: 'alice.new@example.com', reason: 'new job' });
    assert.deepEqual([done.status, done.text], [200, ANSWERS.sent]);
    const mail = await t.smtp.nextMessage();
    assert.equal(mail.parsed.subject, 'Confirm alice.new@example.com');
    assert.match(
      mail.parsed.text ?? '',
      /^Open https:\/\/frontend\.example\/verify-email\/\?user_id=\d+&email=alice\.new%40example\.com&timestamp=\d+&signature=[\w-]{43}\n?$/,
    );
    assert.match(String(mail.parsed.html), /<a href="https:\/\/frontend\.example\/verify-email\/\?user_id=/);
  });

  it('a DTO of your own with EmailField validates as upstream', async () => {
    const own = await app(undefined, () => ({ registerEmailSerializerClass: OwnEmailDto }));
    try {
      await own.addUser({ username: 'bob' }, DjangoUser);
      const bob = await own.login('bob');
      const answer = await own.http
        .post('/accounts/register-email')
        .set('Authorization', `Token ${bob}`)
        .send({ email: null });
      assert.equal(answer.text, '{"email":["This field may not be null."]}');
    } finally {
      await own.close();
    }
  });
});

@Controller()
class MyEmailController {
  @Get('my-email')
  @UseGuards(TokenAuthGuard)
  email(@CurrentUser() user: DjangoUser): { email: string } {
    return { email: user.email };
  }
}

describe(
  'verify-email with the token cache',
  { skip: process.env.TEST_REDIS_URL ? false : 'TEST_REDIS_URL is not set' },
  () => {
    it('a host route answered from the cache sees the new address at once', async () => {
      const { Redis } = await import('ioredis');
      const { RedisTokenInvalidationChannel } = await import('nestjs-rest-registration');
      const redis = new Redis(process.env.TEST_REDIS_URL!, { maxRetriesPerRequest: 1 });
      redis.on('error', () => undefined);
      const channel = new RedisTokenInvalidationChannel(redis, { channel: `email-${process.pid}-${Date.now()}` });
      const t = await createRegistrationApp(
        undefined,
        (smtp) => ({ ...emailSettings(smtp), tokenCache: { channel, ttl: 30 } }),
        { extras: EMAIL_ROUTES, controllers: [MyEmailController] },
      );
      try {
        const aliceId = (await t.addUser({ username: 'alice' }, DjangoUser)).id as number;
        const auth = { Authorization: `Token ${await t.login('alice')}` };
        assert.deepEqual((await t.http.get('/my-email').set(auth)).body, { email: '' });
        assert.deepEqual((await t.http.get('/my-email').set(auth)).body, { email: '' }, 'cached');
        const verify = await t.http.post('/accounts/verify-email').send(signEmail(aliceId, 'alice.new@example.com'));
        assert.equal(verify.status, 200, verify.text);
        assert.deepEqual((await t.http.get('/my-email').set(auth)).body, { email: 'alice.new@example.com' });
      } finally {
        await t.close();
        redis.disconnect();
      }
    });
  },
);
