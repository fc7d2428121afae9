import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ReceivedMail } from './support/smtp.js';
import { DATABASES } from './support/databases.js';
import { createRegistrationApp, DjangoUser, GOOD, linkOf, type RegistrationTestApp } from './support/registration.js';

const RESET_URL = 'https://frontend.example/reset-password/';
const EMAIL_URL = 'https://frontend.example/verify-email/';
const NEW_PASSWORD = 'Zr4!another-long-pass';
const LATEST_PASSWORD = 'Kp9$yet-another-pass';

/** The query of the link to `base` in a received message, its keys in the order they were written. */
function queryOf(mail: ReceivedMail, base: string): Record<string, string> {
  const text = mail.parsed.text ?? '';
  const start = text.indexOf(base);
  assert.ok(start >= 0, `no ${base} link in ${text}`);
  const url = new URL(/^\S+/.exec(text.slice(start))![0]);
  return Object.fromEntries(url.searchParams.entries());
}

/**
 * A front end's whole journey over HTTP, every upstream route in turn: register, verify from the
 * e-mailed link, log in on two devices, profile, change the e-mail and verify it, change the password
 * (the other device's token refused, this one kept), log out, forgot password, reset from the e-mailed
 * link, log in with the new password.
 */
for (const database of DATABASES)
  describe(`the whole API, one user's journey (${database.name})`, { skip: database.skip }, () => {
    let t: RegistrationTestApp;
    let userId: number;
    let laptop: string;
    let phone: string;
    const auth = (token: string) => ({ Authorization: `Token ${token}` });
    const row = async () =>
      (await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ id: userId })) as DjangoUser;
    const login = (password: string) => t.http.post('/accounts/login').send({ login: 'ann', password });

    before(async () => {
      t = await createRegistrationApp(
        database,
        () => ({
          resetPasswordVerificationUrl: RESET_URL,
          registerEmailVerificationUrl: EMAIL_URL,
        }),
        { extras: { routes: 'all' } },
      );
    });
    after(() => t.close());

    it('registers, and cannot log in before verifying', async () => {
      const response = await t.http
        .post('/accounts/register')
        .send({ username: 'ann', email: 'ann@example.com', password: GOOD, password_confirm: GOOD });
      assert.equal(response.status, 201, response.text);
      userId = response.body.id as number;
      assert.deepEqual(response.body, {
        id: userId,
        username: 'ann',
        first_name: '',
        last_name: '',
        email: 'ann@example.com',
      });
      const refused = await login(GOOD);
      assert.equal(refused.status, 400);
      assert.equal(refused.text, '{"detail":"Login or password invalid."}');
    });

    it('verifies from the e-mailed link and logs in on two devices', async () => {
      const mail = await t.smtp.nextMessage();
      assert.deepEqual(mail.envelope.to, ['ann@example.com']);
      const verified = await t.http.post('/accounts/verify-registration').send(linkOf(mail).data);
      assert.equal(verified.status, 200, verified.text);
      assert.equal(verified.text, '{"detail":"User verified successfully"}');
      for (const device of ['laptop', 'phone']) {
        const response = await login(GOOD);
        assert.equal(response.status, 200, `${device}: ${response.text}`);
        if (device === 'laptop') laptop = response.body.token as string;
        else phone = response.body.token as string;
      }
      assert.notEqual(laptop, phone);
    });

    it('reads the profile and edits it; forbidden fields are ignored', async () => {
      const profile = await t.http.get('/accounts/profile').set(auth(laptop));
      assert.equal(profile.status, 200, profile.text);
      assert.equal(
        profile.text,
        `{"id":${userId},"username":"ann","first_name":"","last_name":"","email":"ann@example.com"}`,
      );
      const patched = await t.http
        .patch('/accounts/profile')
        .set(auth(laptop))
        .send({ first_name: 'Ann', id: userId + 100, email: 'mallory@example.com', is_active: false, is_staff: true });
      assert.equal(patched.status, 200, patched.text);
      assert.equal(
        patched.text,
        `{"id":${userId},"username":"ann","first_name":"Ann","last_name":"","email":"ann@example.com"}`,
      );
      const stored = await row();
      assert.equal(stored.first_name, 'Ann');
      assert.equal(stored.email, 'ann@example.com');
      assert.equal(stored.is_active, true);
      assert.equal(stored.is_staff, false);
    });

    it('changes the e-mail address through the link sent to the new address', async () => {
      const requested = await t.http
        .post('/accounts/register-email')
        .set(auth(laptop))
        .send({ email: 'ann.new@example.com' });
      assert.equal(requested.status, 200, requested.text);
      assert.equal(requested.text, '{"detail":"Register email link email sent"}');
      assert.equal((await row()).email, 'ann@example.com', 'the address changes only once verified');
      const mail = await t.smtp.nextMessage();
      assert.deepEqual(mail.envelope.to, ['ann.new@example.com']);
      const data = queryOf(mail, EMAIL_URL);
      assert.deepEqual(Object.keys(data).sort(), ['email', 'signature', 'timestamp', 'user_id']);
      const verified = await t.http.post('/accounts/verify-email').send(data);
      assert.equal(verified.status, 200, verified.text);
      assert.equal(verified.text, '{"detail":"Email verified successfully"}');
      const profile = await t.http.get('/accounts/profile').set(auth(phone));
      assert.equal(profile.status, 200, profile.text);
      assert.equal(profile.body.email, 'ann.new@example.com');
    });

    it('changes the password: the other device is logged out, this one kept', async () => {
      const changed = await t.http
        .post('/accounts/change-password')
        .set(auth(laptop))
        .send({ old_password: GOOD, password: NEW_PASSWORD, password_confirm: NEW_PASSWORD });
      assert.equal(changed.status, 200, changed.text);
      assert.equal(changed.text, '{"detail":"Password changed successfully"}');
      const other = await t.http.get('/accounts/profile').set(auth(phone));
      assert.equal(other.status, 401, other.text);
      assert.equal(other.text, '{"detail":"Invalid token."}');
      const kept = await t.http.get('/accounts/profile').set(auth(laptop));
      assert.equal(kept.status, 200, kept.text);
      assert.equal((await login(GOOD)).status, 400, 'the old password no longer logs in');
    });

    it('logs out, ending the token', async () => {
      const response = await t.http.post('/accounts/logout').set(auth(laptop)).send({ revoke_token: true });
      assert.equal(response.status, 200, response.text);
      assert.equal(response.text, '{"detail":"Logout successful"}');
      assert.equal((await t.http.get('/accounts/profile').set(auth(laptop))).status, 401);
    });

    it('forgets the password and resets it from the e-mailed link, once', async () => {
      const [session] = [await login(NEW_PASSWORD)];
      assert.equal(session.status, 200, session.text);
      const survivor = session.body.token as string;
      const sent = await t.http.post('/accounts/send-reset-password-link').send({ login: 'ann' });
      assert.equal(sent.status, 200, sent.text);
      assert.equal(sent.text, '{"detail":"Reset link sent if the user exists in database"}');
      const mail = await t.smtp.nextMessage();
      assert.deepEqual(mail.envelope.to, ['ann.new@example.com'], 'the reset link goes to the verified new address');
      const link = queryOf(mail, RESET_URL);
      assert.deepEqual(Object.keys(link), ['user_id', 'timestamp', 'signature']);
      const reset = await t.http.post('/accounts/reset-password').send({ ...link, password: LATEST_PASSWORD });
      assert.equal(reset.status, 200, reset.text);
      assert.equal(reset.text, '{"detail":"Reset password successful"}');
      const again = await t.http.post('/accounts/reset-password').send({ ...link, password: 'Qw8%one-more-pass' });
      assert.equal(again.status, 400, again.text);
      assert.equal(again.text, '{"detail":"Invalid signature"}');
      const revoked = await t.http.get('/accounts/profile').set(auth(survivor));
      assert.equal(revoked.status, 401, 'a reset ends every credential of the user');
    });

    it('logs in with the new password only', async () => {
      assert.equal((await login(NEW_PASSWORD)).status, 400);
      const response = await login(LATEST_PASSWORD);
      assert.equal(response.status, 200, response.text);
      const profile = await t.http.get('/accounts/profile').set(auth(response.body.token as string));
      assert.equal(profile.status, 200, profile.text);
      assert.equal(
        profile.text,
        `{"id":${userId},"username":"ann","first_name":"Ann","last_name":"","email":"ann.new@example.com"}`,
      );
    });
  });
