import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DATABASES } from './support/databases.js';
import {
  createRegistrationApp,
  expectAnswer,
  DjangoUser,
  GOOD,
  linkOf,
  type RegistrationTestApp,
} from './support/registration.js';

const dave = { username: 'dave', email: 'dave@example.com', password: GOOD, password_confirm: GOOD };

/** Transcript 11.1 rows 1 to 32 (register with verification on), exact statuses and bodies. */
for (const database of DATABASES)
  describe(`register, configuration (i) (${database.name})`, { skip: database.skip }, () => {
    let t: RegistrationTestApp;
    const register = (body: unknown) => t.http.post('/accounts/register').send(body as object);
    const expect = (body: unknown, status: number, expected: string) => expectAnswer(register, body, status, expected);

    before(async () => {
      t = await createRegistrationApp(database);
      await t.addUser({ username: 'alice' }, DjangoUser);
      await t.addUser({ username: 'bob', is_active: false }, DjangoUser);
      await t.addUser({ username: 'carol', email: 'carol@example.com' }, DjangoUser);
    });
    after(() => t.close());

    it('row 1: GET is 405 with Allow', async () => {
      const response = await t.http.get('/accounts/register');
      assert.equal(response.status, 405);
      assert.equal(response.text, '{"detail":"Method \\"GET\\" not allowed."}');
      assert.equal(response.headers.allow, 'POST, OPTIONS');
    });

    it('rows 3 to 6: missing fields', async () => {
      await expect(
        {},
        400,
        '{"password":["This field is required."],"username":["This field is required."],"password_confirm":["This field is required."]}',
      );
      await expect({ ...dave, username: undefined }, 400, '{"username":["This field is required."]}');
      await expect({ ...dave, password: undefined }, 400, '{"password":["This field is required."]}');
      await expect({ ...dave, password_confirm: undefined }, 400, '{"password_confirm":["This field is required."]}');
    });

    it('rows 7 and 8: no e-mail address while verification is on', async () => {
      const noEmail = '{"detail":"User without email cannot be verified"}';
      await expect({ ...dave, email: undefined }, 400, noEmail);
      await expect({ ...dave, email: '' }, 400, noEmail);
    });

    it('rows 9 to 17: blank, null, wrong types, array, malformed JSON, text/plain, invalid values', async () => {
      await expect(
        { username: '', email: '', password: '', password_confirm: '', first_name: '', last_name: '' },
        400,
        '{"password":["This field may not be blank."],"username":["This field may not be blank."],"password_confirm":["This field may not be blank."]}',
      );
      await expect(
        { username: null, email: null, password: null, password_confirm: null, first_name: null, last_name: null },
        400,
        '{"password":["This field may not be null."],"username":["This field may not be null."],"first_name":["This field may not be null."],"last_name":["This field may not be null."],"email":["This field may not be null."],"password_confirm":["This field may not be null."]}',
      );
      await expect(
        { username: 12345, email: true, password: ['x'], password_confirm: { a: 1 } },
        400,
        '{"password":["Not a valid string."],"email":["Enter a valid email address."],"password_confirm":["Not a valid string."]}',
      );
      await expect([], 400, '{"non_field_errors":["Invalid data. Expected a dictionary, but got list."]}');
      const malformed = await t.http
        .post('/accounts/register')
        .set('Content-Type', 'application/json')
        .send('{"username":');
      assert.equal(malformed.status, 400);
      assert.match(malformed.body.detail as string, /^JSON parse error - /);
      const plain = await t.http.post('/accounts/register').set('Content-Type', 'text/plain').send('x');
      assert.equal(plain.status, 415);
      assert.equal(plain.text, '{"detail":"Unsupported media type \\"text/plain\\" in request."}');
      await expect({ ...dave, email: 'not-an-email' }, 400, '{"email":["Enter a valid email address."]}');
      await expect(
        { ...dave, username: 'bad user!' },
        400,
        '{"username":["Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."]}',
      );
      await expect(
        { ...dave, username: 'u'.repeat(151) },
        400,
        '{"username":["Ensure this field has no more than 150 characters."]}',
      );
    });

    it('rows 18 to 24: the confirmation and the password validators, with the empty non_field_errors', async () => {
      await expect(
        { ...dave, password_confirm: `${GOOD}x` },
        400,
        '{"password_confirm":["Passwords don\'t match"],"non_field_errors":[]}',
      );
      const weak = (password: string, extra: object = {}) => ({
        ...dave,
        ...extra,
        password,
        password_confirm: password,
      });
      await expect(
        weak('Zq8!x'),
        400,
        '{"password":["This password is too short. It must contain at least 8 characters."],"non_field_errors":[]}',
      );
      await expect(weak('password1'), 400, '{"password":["This password is too common."],"non_field_errors":[]}');
      await expect(weak('73829105'), 400, '{"password":["This password is entirely numeric."],"non_field_errors":[]}');
      await expect(
        weak('frederick7', { username: 'frederick', email: 'fred@example.com' }),
        400,
        '{"password":["The password is too similar to the username."],"non_field_errors":[]}',
      );
      await expect(
        weak('marguerite!', { username: 'zed', email: 'marguerite@example.com' }),
        400,
        '{"password":["The password is too similar to the email address."],"non_field_errors":[]}',
      );
      await expect(
        { ...dave, password: '123', password_confirm: '124' },
        400,
        '{"password":["This password is too short. It must contain at least 8 characters.","This password is too common.","This password is entirely numeric."],"password_confirm":["Passwords don\'t match"],"non_field_errors":[]}',
      );
    });

    it('row 25 (we differ): passwords are not trimmed, so three spaces are too short, not blank', async () => {
      await expect(
        { ...dave, password: '   ', password_confirm: '   ' },
        400,
        '{"password":["This password is too short. It must contain at least 8 characters."],"non_field_errors":[]}',
      );
    });

    it('nothing was stored by the refused requests', async () => {
      assert.deepEqual((await t.dataSource.getRepository(DjangoUser).find()).map((user) => user.username).sort(), [
        'alice',
        'bob',
        'carol',
      ]);
      assert.equal(t.smtp.received.length, 0);
    });

    it('row 26: 201 with the profile, the user stored inactive, the e-mail received with the link', async () => {
      const response = await register({ ...dave, first_name: 'Dave' });
      assert.equal(response.status, 201, response.text);
      const stored = await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ username: 'dave' });
      assert.equal(
        response.text,
        `{"id":${stored.id},"username":"dave","first_name":"Dave","last_name":"","email":"dave@example.com"}`,
      );
      assert.equal(stored.is_active, false);
      assert.match(stored.password, /^\$argon2id\$/);
      const mail = await t.smtp.nextMessage();
      assert.equal(mail.parsed.subject, 'Please verify your account');
      assert.deepEqual(mail.envelope, { from: 'no-reply@example.com', to: ['dave@example.com'] });
      assert.equal(mail.parsed.from?.text, 'no-reply@example.com');
      assert.equal(mail.parsed.replyTo?.text, 'no-reply@example.com');
      assert.equal(mail.parsed.html, false);
      const { url, data } = linkOf(mail);
      assert.equal(mail.parsed.text, `Please verify your account by clicking on this link:\n\n${url.href}\n`);
      assert.equal(data.user_id, String(stored.id));
      assert.match(data.signature, /^[A-Za-z0-9_-]{43}$/);
      assert.ok(Math.abs(Number(data.timestamp) - Date.now() / 1000) < 60);
    });

    it('row 27: duplicate username; row 28: a duplicate e-mail is accepted (not unique)', async () => {
      await expect(
        { ...dave, email: 'dave2@example.com' },
        400,
        '{"username":["A user with that username already exists."]}',
      );
      const second = await register({ ...dave, username: 'dave2' });
      assert.equal(second.status, 201, second.text);
      assert.equal(second.body.email, 'dave@example.com');
      await t.smtp.nextMessage();
    });

    it('row 29: unknown and hidden fields are ignored', async () => {
      const response = await register({
        ...dave,
        username: 'eve',
        email: 'eve@example.com',
        is_staff: true,
        is_superuser: true,
        is_active: true,
        id: 999,
        groups: [1],
        foo: 'bar',
      });
      assert.equal(response.status, 201, response.text);
      assert.notEqual(response.body.id, 999);
      assert.deepEqual(Object.keys(response.body), ['id', 'username', 'first_name', 'last_name', 'email']);
      const stored = await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ username: 'eve' });
      assert.deepEqual([stored.is_staff, stored.is_active], [false, false]);
      await t.smtp.nextMessage();
    });

    it('row 30: form-encoded; row 31: while authenticated', async () => {
      const form = await t.http
        .post('/accounts/register')
        .type('form')
        .send({ ...dave, username: 'frank', email: 'frank@example.com' });
      assert.equal(form.status, 201, form.text);
      assert.equal(form.body.username, 'frank');
      await t.smtp.nextMessage();
      const token = await t.login('carol');
      const authenticated = await t.http
        .post('/accounts/register')
        .set('Authorization', `Token ${token}`)
        .send({ ...dave, username: 'gina', email: 'gina@example.com' });
      assert.equal(authenticated.status, 201, authenticated.text);
      await t.smtp.nextMessage();
    });

    it('row 32: an unverified user cannot log in', async () => {
      const response = await t.http.post('/accounts/login').send({ login: 'dave', password: GOOD });
      assert.equal(response.status, 400);
      assert.equal(response.text, '{"detail":"Login or password invalid."}');
    });
  });
