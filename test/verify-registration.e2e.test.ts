import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { registerSalt, resetPasswordSalt, signData } from '../lib/verification/index.js';
import { useSessions } from './support/app.js';
import { DATABASES } from './support/databases.js';
import {
  createRegistrationApp,
  expectAnswer,
  DjangoUser,
  GOOD,
  linkOf,
  PEER_SECRET,
  type RegistrationTestApp,
} from './support/registration.js';

const DAY = 24 * 3600;
const now = () => Math.floor(Date.now() / 1000);
const sign = (userId: string | number, timestamp = now(), salt = registerSalt(false)) =>
  signData({ user_id: userId }, salt, { secretKey: PEER_SECRET }, timestamp);

/** Transcript 11.1 rows 33 to 50 (verify-registration, one-time use off as configuration (i)). */
for (const database of DATABASES)
  describe(`verify-registration, configuration (i) (${database.name})`, { skip: database.skip }, () => {
    let t: RegistrationTestApp;
    let link: { user_id: string; timestamp: string; signature: string };
    let daveId: number;
    let bobId: number;
    const verify = (body: unknown) => t.http.post('/accounts/verify-registration').send(body as object);
    const expect = (body: unknown, status: number, expected: string) => expectAnswer(verify, body, status, expected);
    const invalid = '{"detail":"Invalid signature"}';
    const verified = '{"detail":"User verified successfully"}';

    before(async () => {
      t = await createRegistrationApp(database);
      bobId = (await t.addUser({ username: 'bob', is_active: false }, DjangoUser)).id as number;
      const response = await t.http
        .post('/accounts/register')
        .send({ username: 'dave', email: 'dave@example.com', password: GOOD, password_confirm: GOOD });
      assert.equal(response.status, 201, response.text);
      daveId = response.body.id as number;
      link = linkOf(await t.smtp.nextMessage()).data;
    });
    after(() => t.close());

    it('row 33: GET is 405 with Allow', async () => {
      const response = await t.http.get('/accounts/verify-registration');
      assert.equal(response.status, 405);
      assert.equal(response.headers.allow, 'POST, OPTIONS');
    });

    it('rows 34 to 36: the fields', async () => {
      await expect(
        {},
        400,
        '{"user_id":["This field is required."],"timestamp":["This field is required."],"signature":["This field is required."]}',
      );
      await expect(
        { user_id: '', timestamp: null, signature: '' },
        400,
        '{"user_id":["This field may not be blank."],"timestamp":["This field may not be null."],"signature":["This field may not be blank."]}',
      );
      await expect({ ...link, timestamp: 'abc' }, 400, '{"timestamp":["A valid integer is required."]}');
    });

    it('rows 37 to 40: bad, tampered and expired signatures; the user stays unverified', async () => {
      await expect({ ...link, signature: 'A'.repeat(43) }, 400, invalid);
      await expect({ ...link, user_id: String(bobId) }, 400, invalid);
      await expect({ ...link, timestamp: Number(link.timestamp) + 1 }, 400, invalid);
      await expect(sign(daveId, now() - 8 * DAY), 400, '{"detail":"Signature expired"}');
      await expect({ ...sign(daveId, now() - 8 * DAY), signature: 'x' }, 400, invalid);
      const dave = await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ id: daveId });
      assert.equal(dave.is_active, false);
    });

    it('rows 41 to 43: the e-mailed link verifies (twice while one-time use is off), then login works', async () => {
      await expect(link, 200, verified);
      await expect(link, 200, verified);
      const dave = await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ id: daveId });
      assert.equal(dave.is_active, true);
      const login = await t.http.post('/accounts/login').send({ login: 'dave', password: GOOD });
      assert.equal(login.status, 200, login.text);
    });

    it('rows 44, 45, 49: just inside the period (form-encoded), a future timestamp, user_id as a number', async () => {
      const inside = sign(daveId, now() - 7 * DAY + 60);
      const form = await t.http.post('/accounts/verify-registration').type('form').send(inside);
      assert.equal(form.status, 200, form.text);
      await expect(sign(daveId, now() + 365 * DAY), 200, verified);
      await expect({ ...link, user_id: daveId }, 200, verified);
    });

    it('rows 46 to 48: signed for user 999 or "abc": not found; inactive bob is activated', async () => {
      await expect(sign(999), 400, '{"detail":"User not found"}');
      await expect(sign('abc'), 400, '{"detail":"User not found"}');
      await expect(sign('99999999999999999999'), 400, '{"detail":"User not found"}');
      await expect(sign(bobId), 200, verified);
      const bob = await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ id: bobId });
      assert.equal(bob.is_active, true);
    });

    it('row 50: a reset-password signature is not a register one', async () => {
      await expect(sign(daveId, now(), resetPasswordSalt(false)), 400, invalid);
    });
  });

/** Transcript 11.2 rows 1 to 8: one-time links and auto-login (token). */
for (const database of DATABASES)
  describe(`verify-registration, one-time use and auto-login (${database.name})`, { skip: database.skip }, () => {
    let t: RegistrationTestApp;
    const verify = (body: unknown) => t.http.post('/accounts/verify-registration').send(body as object);
    const oneTime = (userId: number | string, flag: boolean) =>
      signData({ user_id: userId }, registerSalt(true, flag), { secretKey: PEER_SECRET });

    before(async () => {
      t = await createRegistrationApp(
        database,
        () => ({
          registerVerificationOneTimeUse: true,
          registerVerificationAutoLogin: true,
          loginAuthenticateSession: true,
        }),
        { configure: (app) => useSessions(app) },
      );
    });
    after(() => t.close());

    it('rows 1 to 5: register, login refused, verify with a token, the link is spent, login works', async () => {
      const body = { username: 'henry', email: 'henry@example.com', password: GOOD, password_confirm: GOOD };
      const registered = await t.http.post('/accounts/register').send(body);
      assert.equal(registered.status, 201, registered.text);
      const refused = await t.http.post('/accounts/login').send({ login: 'henry', password: GOOD });
      assert.equal(refused.text, '{"detail":"Login or password invalid."}');
      const { data } = linkOf(await t.smtp.nextMessage());
      const first = await verify(data);
      assert.equal(first.status, 200, first.text);
      assert.deepEqual(Object.keys(first.body), ['detail', 'token']);
      assert.equal(first.body.detail, 'User verified successfully');
      const cookies = String(first.headers['set-cookie']);
      assert.match(cookies, /sid=/);
      assert.match(cookies, /csrftoken=/);
      const me = await t.http.get('/profile').set('Authorization', `Token ${first.body.token}`);
      assert.deepEqual(me.body, { username: 'henry', id: registered.body.id });
      const again = await verify(data);
      assert.equal(again.status, 400);
      assert.equal(again.text, '{"detail":"Invalid signature"}');
      assert.equal((await t.http.post('/accounts/login').send({ login: 'henry', password: GOOD })).status, 200);
    });

    it('row 6 (we differ): garbage for a missing user is "Invalid signature"; only a signed link says not found', async () => {
      const garbage = await verify({ user_id: '999', timestamp: 1, signature: 'x' });
      assert.equal(garbage.text, '{"detail":"Invalid signature"}');
      const existing = await verify({ user_id: '1', timestamp: 1, signature: 'x' });
      assert.equal(existing.text, garbage.text);
      const signed = await verify(oneTime(999, false));
      assert.equal(signed.text, '{"detail":"User not found"}');
      const abc = await verify(oneTime('abc', false));
      assert.equal(abc.text, '{"detail":"User not found"}');
    });

    it('auto-login with sessions: a browser without the CSRF token is refused (403) and nothing changes', async () => {
      const carl = await t.addUser({ username: 'carl', is_active: false }, DjangoUser);
      const link = oneTime(carl.id as number, false);
      const refused = await t.http
        .post('/accounts/verify-registration')
        .set('Origin', 'https://evil.example')
        .send(link);
      assert.equal(refused.status, 403);
      assert.equal(refused.text, '{"detail":"CSRF Failed: CSRF cookie not set."}');
      const stored = await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ id: carl.id as number });
      assert.equal(stored.is_active, false);
      assert.equal((await verify(link)).status, 200);
    });

    it('rows 7 and 8: inactive bob, signed while inactive, is verified and logged in, whatever token is sent', async () => {
      const bob = await t.addUser({ username: 'bob', is_active: false }, DjangoUser);
      const henry = await t.login('henry', GOOD);
      const response = await t.http
        .post('/accounts/verify-registration')
        .set('Authorization', `Token ${henry}`)
        .send(oneTime(bob.id as number, false));
      assert.equal(response.status, 200, response.text);
      const me = await t.http.get('/profile').set('Authorization', `Token ${response.body.token}`);
      assert.deepEqual(me.body, { username: 'bob', id: bob.id });
    });
  });
