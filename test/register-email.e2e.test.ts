import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  RegistrationEvent,
  RegistrationEvents,
  type MailFailedEvent,
  type UserEmailChangedEvent,
} from 'nestjs-rest-registration';
import { registerSalt, signData } from '../lib/verification/index.js';
import { DATABASES } from './support/databases.js';
import {
  createRegistrationApp,
  DjangoUser,
  expectAnswer,
  PEER_SECRET,
  type RegistrationTestApp,
} from './support/registration.js';
import {
  ANSWERS,
  EMAIL_ROUTES,
  emailLinkOf,
  emailSettings,
  signEmail,
  VERIFY_EMAIL_URL,
} from './support/register-email.js';

const DAY = 24 * 3600;
const now = () => Math.floor(Date.now() / 1000);
const { sent, verified, invalid, notFound } = ANSWERS;

describe('register-email links: section 5 test vector', () => {
  it("signs {user_id: '1', email: 'alice.new@example.com', timestamp: 1796216906} as upstream", () => {
    const data = signEmail('1', 'alice.new@example.com', 1796216906);
    assert.deepEqual(Object.keys(data), ['user_id', 'email', 'timestamp', 'signature']);
    assert.equal(data.signature, 'ERZvU_W3xMy3tyB50frIj39c8EokSXSnfWrpH6onsIA');
    assert.equal(
      signEmail('1', 'carol@example.com', 1796216908).signature,
      'rhAQHPW9UMQROHJSCYp9nbsTrHeJcVCxFFtuUKKlaIg',
    );
  });
});

/** Transcript 11.1 rows 118 to 138 (configuration (i): verification on, auth.User's e-mail not unique). */
for (const database of DATABASES)
  describe(`register-email and verify-email, configuration (i) (${database.name})`, { skip: database.skip }, () => {
    let t: RegistrationTestApp;
    let token: string;
    let aliceId: number;
    let bobId: number;
    let carolId: number;
    let link: { user_id: string; email: string; timestamp: string; signature: string };
    const changes: UserEmailChangedEvent[] = [];
    const registerEmail = (body: unknown) =>
      t.http
        .post('/accounts/register-email')
        .set('Authorization', `Token ${token}`)
        .send(body as object);
    const verifyEmail = (body: unknown) => t.http.post('/accounts/verify-email').send(body as object);
    const emailOf = async (id: number) => (await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ id })).email;

    before(async () => {
      t = await createRegistrationApp(
        database,
        (smtp) => ({ ...emailSettings(smtp), userHiddenFields: ['is_active', 'is_staff', 'date_joined'] }),
        { extras: { routes: ['login', 'logout', 'register-email', 'verify-email', 'profile'] } },
      );
      aliceId = (await t.addUser({ username: 'alice' }, DjangoUser)).id as number;
      bobId = (await t.addUser({ username: 'bob', is_active: false }, DjangoUser)).id as number;
      carolId = (await t.addUser({ username: 'carol', email: 'carol@example.com' }, DjangoUser)).id as number;
      token = await t.login('alice');
      t.app.get(RegistrationEvents).on(RegistrationEvent.UserEmailChanged, (event) => changes.push(event));
    });
    after(() => t.close());

    it('row 118: unauthenticated: 401 with WWW-Authenticate: Token', async () => {
      const response = await t.http.post('/accounts/register-email').send({ email: 'alice.new@example.com' });
      assert.equal(response.status, 401);
      assert.equal(response.text, '{"detail":"Authentication credentials were not provided."}');
      assert.equal(response.headers['www-authenticate'], 'Token');
      const wrong = await t.http
        .post('/accounts/register-email')
        .set('Authorization', 'Token nrr_not-a-token')
        .send({ email: 'alice.new@example.com' });
      assert.equal(wrong.status, 401);
      assert.equal(t.smtp.received.length, 0);
    });

    it('row 119: GET with a token is 405 with Allow', async () => {
      const response = await t.http.get('/accounts/register-email').set('Authorization', `Token ${token}`);
      assert.equal(response.status, 405);
      assert.equal(response.text, '{"detail":"Method \\"GET\\" not allowed."}');
      assert.equal(response.headers.allow, 'POST, OPTIONS');
    });

    it('rows 120 to 123: the e-mail field', async () => {
      await expectAnswer(registerEmail, {}, 400, '{"email":["This field is required."]}');
      await expectAnswer(registerEmail, { email: '' }, 400, '{"email":["This field may not be blank."]}');
      await expectAnswer(registerEmail, { email: '   ' }, 400, '{"email":["This field may not be blank."]}');
      await expectAnswer(registerEmail, { email: null }, 400, '{"email":["This field may not be null."]}');
      await expectAnswer(registerEmail, { email: 'not-an-email' }, 400, '{"email":["Enter a valid email address."]}');
      for (const wrongType of [true, 12, ['a@example.com'], { a: 1 }])
        await expectAnswer(registerEmail, { email: wrongType }, 400, '{"email":["Enter a valid email address."]}');
      await expectAnswer(
        registerEmail,
        { email: `${'a'.repeat(250)}@example.com` },
        400,
        '{"email":["Ensure this field has no more than 254 characters."]}',
      );
      await expectAnswer(
        registerEmail,
        [],
        400,
        '{"non_field_errors":["Invalid data. Expected a dictionary, but got list."]}',
      );
      const plain = await t.http
        .post('/accounts/register-email')
        .set('Authorization', `Token ${token}`)
        .set('Content-Type', 'text/plain')
        .send('x');
      assert.equal(plain.status, 415);
      assert.equal(t.smtp.received.length, 0);
    });

    it('row 124: success: the link goes to the new address, the stored one stays (the profile too)', async () => {
      const before = now();
      await expectAnswer(registerEmail, { email: ' alice.new@example.com ' }, 200, sent);
      const mail = await t.smtp.nextMessage();
      assert.deepEqual(mail.envelope.to, ['alice.new@example.com']);
      assert.equal(mail.parsed.subject, 'Please verify new e-mail');
      assert.equal(mail.parsed.from?.text, 'no-reply@example.com');
      assert.equal(mail.parsed.replyTo?.text, 'no-reply@example.com');
      link = emailLinkOf(mail);
      assert.equal(link.user_id, String(aliceId));
      assert.equal(link.email, 'alice.new@example.com');
      assert.ok(Number(link.timestamp) >= before && Number(link.timestamp) <= now());
      assert.deepEqual(link, signEmail(aliceId, 'alice.new@example.com', Number(link.timestamp)));
      const url = `${VERIFY_EMAIL_URL}?user_id=${aliceId}&email=alice.new%40example.com&timestamp=${link.timestamp}&signature=${link.signature}`;
      assert.equal(
        mail.parsed.text,
        `\nYou can verify the email alice.new@example.com by clicking on this link:\n\n${url}\n\n`,
      );
      assert.equal(mail.parsed.html, false);
      assert.equal(await emailOf(aliceId), '');
      const profile = await t.http.get('/accounts/profile').set('Authorization', `Token ${token}`);
      assert.equal(profile.body.email, '');
      assert.equal(changes.length, 0);
    });

    it("row 125: carol's address (not unique): a normal link to carol's address", async () => {
      await expectAnswer(registerEmail, { email: 'carol@example.com' }, 200, sent);
      const mail = await t.smtp.nextMessage();
      assert.deepEqual(mail.envelope.to, ['carol@example.com']);
      assert.equal(mail.parsed.subject, 'Please verify new e-mail');
      assert.equal(emailLinkOf(mail).email, 'carol@example.com');
      assert.equal(await emailOf(aliceId), '');
    });

    it('malformed JSON and text/plain bodies: 400 and 415 on both routes, as on the others', async () => {
      for (const request of [
        () => t.http.post('/accounts/verify-email'),
        () => t.http.post('/accounts/register-email').set('Authorization', `Token ${token}`),
      ]) {
        const broken = await request().set('Content-Type', 'application/json').send('{"email":');
        assert.equal(broken.status, 400, broken.text);
        assert.match(broken.text, /^\{"detail":"JSON parse error - /);
        const plain = await request().set('Content-Type', 'text/plain').send('x');
        assert.equal(plain.status, 415, plain.text);
        assert.equal(plain.text, '{"detail":"Unsupported media type \\"text/plain\\" in request."}');
      }
    });

    it('row 126: GET verify-email is 405 with Allow', async () => {
      const response = await t.http.get('/accounts/verify-email');
      assert.equal(response.status, 405);
      assert.equal(response.text, '{"detail":"Method \\"GET\\" not allowed."}');
      assert.equal(response.headers.allow, 'POST, OPTIONS');
    });

    it('rows 127 to 132: the fields, the e-mail before the signature, tampering, expiry; nothing stored', async () => {
      await expectAnswer(
        verifyEmail,
        {},
        400,
        '{"user_id":["This field is required."],"email":["This field is required."],"timestamp":["This field is required."],"signature":["This field is required."]}',
      );
      await expectAnswer(
        verifyEmail,
        { user_id: '', email: null, timestamp: 'x', signature: '' },
        400,
        '{"user_id":["This field may not be blank."],"email":["This field may not be null."],"timestamp":["A valid integer is required."],"signature":["This field may not be blank."]}',
      );
      await expectAnswer(verifyEmail, { ...link, signature: 'AAAA' }, 400, invalid);
      await expectAnswer(verifyEmail, { ...link, email: 'other@example.com' }, 400, invalid);
      await expectAnswer(verifyEmail, { ...link, user_id: String(carolId) }, 400, invalid);
      await expectAnswer(verifyEmail, { ...link, timestamp: Number(link.timestamp) + 1 }, 400, invalid);
      await expectAnswer(
        verifyEmail,
        { ...link, email: 'not-an-email' },
        400,
        '{"email":["Enter a valid email address."]}',
      );
      // The transcript's own vectors: a signature of another key or time is invalid here too.
      await expectAnswer(
        verifyEmail,
        {
          user_id: '1',
          email: 'other@example.com',
          timestamp: '1796216906',
          signature: 'ERZvU_W3xMy3tyB50frIj39c8EokSXSnfWrpH6onsIA',
        },
        400,
        invalid,
      );
      const expired = signEmail(aliceId, 'alice.new@example.com', now() - 8 * DAY);
      await expectAnswer(verifyEmail, expired, 400, '{"detail":"Signature expired"}');
      await expectAnswer(verifyEmail, { ...expired, signature: 'x' }, 400, invalid);
      // A register link's signature is not a register-email one.
      const register = signData({ user_id: aliceId, email: 'alice.new@example.com' }, registerSalt(false), {
        secretKey: PEER_SECRET,
      });
      await expectAnswer(verifyEmail, register, 400, invalid);
      assert.equal(await emailOf(aliceId), '');
      assert.equal(changes.length, 0);
    });

    it('rows 133 to 135: the e-mailed link changes the address without authentication, and works again', async () => {
      await expectAnswer(verifyEmail, link, 200, verified);
      assert.equal(await emailOf(aliceId), 'alice.new@example.com');
      const profile = await t.http.get('/accounts/profile').set('Authorization', `Token ${token}`);
      assert.equal(
        profile.text,
        `{"id":${aliceId},"username":"alice","first_name":"","last_name":"","email":"alice.new@example.com"}`,
      );
      assert.equal(changes.length, 1);
      assert.equal(changes[0].oldEmail, '');
      assert.equal(changes[0].newEmail, 'alice.new@example.com');
      assert.equal((changes[0].user as DjangoUser).email, 'alice.new@example.com');
      assert.equal((changes[0].user as Partial<DjangoUser>).password, undefined);
      assert.ok(!JSON.stringify(changes[0]).includes(link.signature));
      assert.equal(changes[0].request.path, '/accounts/verify-email');
      const form = await t.http.post('/accounts/verify-email').type('form').send(link);
      assert.equal(form.status, 200, form.text);
      assert.equal(form.text, verified);
      await expectAnswer(verifyEmail, { ...link, user_id: aliceId }, 200, verified);
      assert.equal(changes.at(-1)?.oldEmail, 'alice.new@example.com');
    });

    it('rows 136, 137: inactive bob and user 999 are not found', async () => {
      await expectAnswer(verifyEmail, signEmail(bobId, 'bob2@example.com'), 400, notFound);
      await expectAnswer(verifyEmail, signEmail(999, 'x@example.com'), 400, notFound);
      await expectAnswer(verifyEmail, signEmail('abc', 'x@example.com'), 400, notFound);
      assert.equal(await emailOf(bobId), '');
    });

    it("row 138: the link to carol's address (not unique) is accepted", async () => {
      await expectAnswer(verifyEmail, signEmail(aliceId, 'carol@example.com'), 200, verified);
      assert.equal(await emailOf(aliceId), 'carol@example.com');
      assert.equal(await emailOf(carolId), 'carol@example.com');
    });
  });

/** Transcript 11.4 rows 12 to 17 (configuration (ii): verification off). */
for (const database of DATABASES)
  describe(`register-email and verify-email, verification off (${database.name})`, { skip: database.skip }, () => {
    let t: RegistrationTestApp;
    let token: string;
    let kateId: number;
    const changes: UserEmailChangedEvent[] = [];
    const registerEmail = (body: unknown) =>
      t.http
        .post('/accounts/register-email')
        .set('Authorization', `Token ${token}`)
        .send(body as object);
    const emailOf = async (id: number) => (await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ id })).email;

    before(async () => {
      t = await createRegistrationApp(
        database,
        (smtp) => ({ ...emailSettings(smtp), registerEmailVerificationEnabled: false }),
        { extras: EMAIL_ROUTES },
      );
      kateId = (await t.addUser({ username: 'kate' }, DjangoUser)).id as number;
      await t.addUser({ username: 'carol', email: 'carol@example.com' }, DjangoUser);
      token = await t.login('kate');
      t.app.get(RegistrationEvents).on(RegistrationEvent.UserEmailChanged, (event) => changes.push(event));
    });
    after(() => t.close());

    it('row 12: verify-email answers 404 (405 still for GET), even with a valid link', async () => {
      await expectAnswer(
        (body) => t.http.post('/accounts/verify-email').send(body),
        {},
        404,
        '{"detail":"Not found."}',
      );
      await expectAnswer(
        (body) => t.http.post('/accounts/verify-email').send(body),
        signEmail(kateId, 'kate2@example.com'),
        404,
        '{"detail":"Not found."}',
      );
      const get = await t.http.get('/accounts/verify-email');
      assert.equal(get.status, 405);
      assert.equal(get.headers.allow, 'POST, OPTIONS');
    });

    it("rows 13 to 16: the address changes at once, also to carol's (not unique)", async () => {
      await expectAnswer(registerEmail, { email: 'kate@example.com' }, 200, sent);
      assert.equal(await emailOf(kateId), 'kate@example.com');
      assert.equal(changes.length, 1);
      assert.deepEqual([changes[0].oldEmail, changes[0].newEmail], ['', 'kate@example.com']);
      assert.equal(changes[0].request.path, '/accounts/register-email');
      await expectAnswer(registerEmail, { email: 'carol@example.com' }, 200, sent);
      assert.equal(await emailOf(kateId), 'carol@example.com');
      assert.deepEqual([changes[1].oldEmail, changes[1].newEmail], ['kate@example.com', 'carol@example.com']);
    });

    it('row 17: invalid; and no e-mail was sent at all', async () => {
      await expectAnswer(registerEmail, { email: 'x' }, 400, '{"email":["Enter a valid email address."]}');
      assert.equal(await emailOf(kateId), 'carol@example.com');
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(t.smtp.received.length, 0);
    });
  });

/** The mail transport refusing a register-email message: the answer stays 200, the failure is an event. */
describe('register-email: a refused message', () => {
  let t: RegistrationTestApp;
  let token: string;
  const failures: MailFailedEvent[] = [];

  before(async () => {
    t = await createRegistrationApp(undefined, emailSettings, { extras: EMAIL_ROUTES });
    await t.addUser({ username: 'alice' }, DjangoUser);
    token = await t.login('alice');
    t.app.get(RegistrationEvents).on(RegistrationEvent.MailFailed, (event) => failures.push(event));
  });
  after(() => t.close());

  it('answers 200, logs nothing secret and emits registration.mail.failed without the link', async () => {
    t.smtp.mode = 'refuse-rcpt';
    const response = await t.http
      .post('/accounts/register-email')
      .set('Authorization', `Token ${token}`)
      .send({ email: 'alice.new@example.com' });
    assert.equal(response.status, 200);
    assert.equal(response.text, sent);
    for (let i = 0; i < 50 && failures.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(failures.length, 1);
    assert.equal(failures[0].flow, 'register-email');
    assert.equal(failures[0].details.responseCode, 550);
    assert.ok(!JSON.stringify(failures[0]).includes('signature'));
    assert.ok(!JSON.stringify(failures[0]).includes('alice.new@example.com'));
  });
});
