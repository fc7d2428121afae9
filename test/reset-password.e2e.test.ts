import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { registerSalt, signData } from '../lib/verification/index.js';
import { Argon2PasswordHasher, PasswordHasher } from 'nestjs-rest-registration';
import { PASSWORD } from './support/app.js';
import { DATABASES } from './support/databases.js';
import { DjangoUser, expectAnswer, PEER_SECRET } from './support/registration.js';
import { createResetApp, resetLinkOf, type ResetTestApp, settled, signReset } from './support/reset-password.js';

const DAY = 24 * 3600;
const NEW = 'Ny5$reset-pass';
const now = () => Math.floor(Date.now() / 1000);
const invalid = '{"detail":"Invalid signature"}';
const notFound = '{"detail":"User not found"}';
const sent = '{"detail":"Reset link sent"}';
const successful = '{"detail":"Reset password successful"}';

/** Configuration (i) of transcript 11.1: upstream's defaults (fail when not found, links reusable). */
const configurationI = () => ({ resetPasswordFailWhenUserNotFound: true, resetPasswordVerificationOneTimeUse: false });

for (const database of DATABASES)
  describe(
    `send-reset-password-link and reset-password, configuration (i) (${database.name})`,
    { skip: database.skip },
    () => {
      let t: ResetTestApp;
      let link: { user_id: string; timestamp: string; signature: string };
      const send = (body: unknown) => t.http.post('/accounts/send-reset-password-link').send(body as object);
      const reset = (body: unknown) => t.http.post('/accounts/reset-password').send(body as object);
      const expectSend = (body: unknown, status: number, text: string) => expectAnswer(send, body, status, text);
      const expectReset = (body: unknown, status: number, text: string) => expectAnswer(reset, body, status, text);
      const login = (password: string) => t.http.post('/accounts/login').send({ login: 'carol', password });

      before(async () => {
        t = await createResetApp(database, configurationI);
      });
      after(() => t.close());

      it('row 51: GET is 405 with Allow', async () => {
        const response = await t.http.get('/accounts/send-reset-password-link');
        assert.equal(response.status, 405);
        assert.equal(response.text, '{"detail":"Method \\"GET\\" not allowed."}');
        assert.equal(response.headers.allow, 'POST, OPTIONS');
      });

      it('rows 52 to 57: the field, unknown users, an e-mail value as login', async () => {
        await expectSend({}, 400, '{"login":["This field is required."]}');
        await expectSend({ login: '' }, 400, '{"login":["This field may not be blank."]}');
        await expectSend({ login: null }, 400, '{"login":["This field may not be null."]}');
        await expectSend({ email: 'carol@example.com' }, 400, '{"login":["This field is required."]}');
        await expectSend({ login: 'nobody' }, 400, notFound);
        await expectSend({ login: 'carol@example.com' }, 400, notFound);
        assert.equal(await settled(t.smtp), 0);
      });

      it('rows 58 to 60: inactive frank gets a link, alice (no address) none, carol the e-mail of section 4', async () => {
        await expectSend({ login: 'frank' }, 200, sent);
        const frank = await t.smtp.nextMessage();
        assert.deepEqual(frank.envelope.to, ['frank@example.com']);
        assert.equal(resetLinkOf(frank).user_id, String(t.users.frank));
        await expectSend({ login: 'alice' }, 200, sent);
        assert.equal(await settled(t.smtp), 1, 'no message for a user without an address');
        await expectSend({ login: 'carol' }, 200, sent);
        const carol = await t.smtp.nextMessage();
        assert.equal(carol.parsed.subject, 'Reset password link was sent');
        assert.equal(carol.parsed.from?.text, 'no-reply@example.com');
        assert.equal(carol.parsed.replyTo?.text, 'no-reply@example.com');
        assert.deepEqual(carol.envelope.to, ['carol@example.com']);
        link = resetLinkOf(carol);
        assert.equal(
          carol.parsed.text,
          `You can reset your password by clicking on this link:\n\nhttps://frontend.example/reset-password/?user_id=${link.user_id}&timestamp=${link.timestamp}&signature=${link.signature}\n`,
        );
        assert.equal(link.user_id, String(t.users.carol));
        assert.ok(Math.abs(Number(link.timestamp) - now()) <= 5);
        assert.deepEqual(link, signReset(t.users.carol, Number(link.timestamp)));
      });

      it("section 5's vector: carol's recorded link is upstream's signature", () => {
        assert.equal(signReset(3, 1796216887).signature, 'ARBXf3NzjeugdoZmq2pf9FGGtdupfKJXrDKNZMaBD3o');
      });

      it('row 61: GET is 405 with Allow', async () => {
        const response = await t.http.get('/accounts/reset-password');
        assert.equal(response.status, 405);
        assert.equal(response.headers.allow, 'POST, OPTIONS');
        const options = await t.http.options('/accounts/reset-password');
        assert.equal(options.status, 204, 'we differ from 11.2 row 14: no field metadata');
        assert.equal(options.headers.allow, 'POST, OPTIONS');
      });

      it('rows 62 to 65: the fields', async () => {
        await expectReset(
          {},
          400,
          '{"user_id":["This field is required."],"timestamp":["This field is required."],"signature":["This field is required."],"password":["This field is required."]}',
        );
        await expectReset(link, 400, '{"password":["This field is required."]}');
        await expectReset({ ...link, password: '' }, 400, '{"password":["This field may not be blank."]}');
        await expectReset({ ...link, password: null }, 400, '{"password":["This field may not be null."]}');
        await expectReset(
          { ...link, timestamp: 'abc', password: NEW },
          400,
          '{"timestamp":["A valid integer is required."]}',
        );
      });

      it('rows 66 to 70: the validators see the real user (username, e-mail)', async () => {
        const v = (password: string, message: string) =>
          expectReset({ ...link, password }, 400, `{"password":["${message}"],"non_field_errors":[]}`);
        await v('Zq8!x', 'This password is too short. It must contain at least 8 characters.');
        await v('password1', 'This password is too common.');
        await v('73829105', 'This password is entirely numeric.');
        await v('carol1234', 'The password is too similar to the username.');
        await v('example.com!', 'The password is too similar to the email address.');
      });

      it('rows 71 to 76: signatures, tampering, unknown users, expiry, a register link; nothing changes', async () => {
        const before = (await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ id: t.users.carol })).password;
        await expectReset({ ...link, signature: 'A'.repeat(43), password: NEW }, 400, invalid);
        await expectReset({ ...link, user_id: String(t.users.alice), password: NEW }, 400, invalid);
        await expectReset({ ...link, user_id: '999', password: NEW }, 400, notFound);
        await expectReset({ ...link, user_id: 'abc', password: NEW }, 400, notFound);
        await expectReset(
          { ...link, signature: 'x', password: 'Zq8!x' },
          400,
          '{"password":["This password is too short. It must contain at least 8 characters."],"non_field_errors":[]}',
        );
        await expectReset(
          { ...signReset(t.users.carol, now() - DAY - 5), password: NEW },
          400,
          '{"detail":"Signature expired"}',
        );
        if (t.users.carol === 3) {
          const recorded = {
            user_id: '3',
            timestamp: 1796044089,
            signature: 'qil9w9mO3-9ePXzKG-0bez5CXyP96u4SW05GhDh-z_I',
          };
          await expectReset({ ...recorded, password: NEW }, 400, '{"detail":"Signature expired"}');
        }
        const registerLink = signData({ user_id: t.users.carol }, registerSalt(false), { secretKey: PEER_SECRET });
        await expectReset({ ...registerLink, password: NEW }, 400, invalid);
        const after = (await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ id: t.users.carol })).password;
        assert.equal(after, before, 'no refused reset changes the password');
      });

      it('rows 77 to 81: success (password_confirm ignored), old and new password, the link again, inactive frank', async () => {
        await expectReset({ ...link, password: NEW, password_confirm: 'whatever' }, 200, successful);
        assert.equal((await login(PASSWORD)).text, '{"detail":"Login or password invalid."}');
        const fresh = await login(NEW);
        assert.equal(fresh.status, 200, fresh.text);
        assert.match(fresh.body.token as string, /\S/);
        await expectReset({ ...link, password: 'Ny5$reset-pass-2' }, 200, successful);
        await expectReset({ ...signReset(t.users.frank, now()), password: NEW }, 200, successful);
        const frank = await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ id: t.users.frank });
        assert.equal(frank.is_active, false, 'a reset does not activate');
      });
    },
  );

/** Transcript 11.2 rows 9 to 13 (password_confirm on; one-time links, here the default). */
for (const database of DATABASES)
  describe(
    `reset-password with password_confirm and one-time links (${database.name})`,
    { skip: database.skip },
    () => {
      let t: ResetTestApp;
      const reset = (body: unknown) => t.http.post('/accounts/reset-password').send(body as object);
      const expectReset = (body: unknown, status: number, text: string) => expectAnswer(reset, body, status, text);
      const linkFor = async (login: string) => {
        const response = await t.http.post('/accounts/send-reset-password-link').send({ login });
        assert.equal(response.status, 200, response.text);
        return resetLinkOf(await t.smtp.nextMessage());
      };

      before(async () => {
        t = await createResetApp(database, () => ({ resetPasswordSerializerPasswordConfirm: true }));
      });
      after(() => t.close());

      it('rows 9 to 13: confirm required and compared; the link works once', async () => {
        const link = await linkFor('carol');
        await expectReset(
          {},
          400,
          '{"user_id":["This field is required."],"timestamp":["This field is required."],"signature":["This field is required."],"password":["This field is required."],"password_confirm":["This field is required."]}',
        );
        await expectReset({ ...link, password: NEW }, 400, '{"password_confirm":["This field is required."]}');
        await expectReset(
          { ...link, password: NEW, password_confirm: 'nope' },
          400,
          '{"password_confirm":["Passwords don\'t match"],"non_field_errors":[]}',
        );
        await expectReset(
          // 'x' of the transcript is in Django's 20,000-password list, not in the module's 10,000.
          { ...link, password: 'love', password_confirm: 'y' },
          400,
          '{"password":["This password is too short. It must contain at least 8 characters.","This password is too common."],"password_confirm":["Passwords don\'t match"],"non_field_errors":[]}',
        );
        await expectReset({ ...link, password: NEW, password_confirm: NEW }, 200, successful);
        await expectReset(
          { ...link, password: 'Ny5$reset-pass-2', password_confirm: 'Ny5$reset-pass-2' },
          400,
          invalid,
        );
      });

      it('a link issued before a password change is refused, by reset or by the host', async () => {
        const older = await linkFor('frank');
        const newer = await linkFor('frank');
        await expectReset({ ...newer, password: NEW, password_confirm: NEW }, 200, successful);
        await expectReset(
          { ...older, password: 'Ny5$reset-pass-3', password_confirm: 'Ny5$reset-pass-3' },
          400,
          invalid,
        );
        const pending = await linkFor('bob');
        const { RegistrationUsers } = await import('nestjs-rest-registration');
        const bob = await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ id: t.users.bob });
        await t.app.get(RegistrationUsers).setPassword(bob, 'Kp3%changed-pass');
        await expectReset({ ...pending, password: NEW, password_confirm: NEW }, 400, invalid);
      });
    },
  );

/** Transcript 11.3 rows 1 to 3 and our default: the same answer for everybody. */
for (const database of DATABASES)
  describe(
    `send-reset-password-link, resetPasswordFailWhenUserNotFound false (${database.name})`,
    { skip: database.skip },
    () => {
      let t: ResetTestApp;
      const send = (body: unknown) => t.http.post('/accounts/send-reset-password-link').send(body as object);
      const ifExists = '{"detail":"Reset link sent if the user exists in database"}';

      before(async () => {
        t = await createResetApp(database);
      });
      after(() => t.close());

      it('rows 1 to 3: unknown, known, inactive and address-less users get one answer; validation still fails', async () => {
        for (const login of ['nobody', 'carol', 'frank', 'alice', 'carol@example.com'])
          await expectAnswer(send, { login }, 200, ifExists);
        await expectAnswer(send, {}, 400, '{"login":["This field is required."]}');
        assert.equal(await settled(t.smtp), 2, 'carol and frank');
        assert.deepEqual(t.smtp.received.map((mail) => mail.envelope.to[0]).sort(), [
          'carol@example.com',
          'frank@example.com',
        ]);
      });

      it('the answer is the same, headers included, for a known and an unknown user', async () => {
        const known = await send({ login: 'carol' });
        const unknown = await send({ login: 'nobody' });
        const shape = (response: typeof known) => {
          const headers = { ...response.headers };
          delete headers.date;
          return { status: response.status, text: response.text, headers };
        };
        assert.deepEqual(shape(known), shape(unknown));
        await settled(t.smtp);
      });

      it('an expired link says so (resetPasswordVerificationPeriod, 1 day)', async () => {
        const carol = await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ id: t.users.carol });
        const expired = signReset(t.users.carol, now() - DAY - 1, carol.password);
        await expectAnswer(
          (body) => t.http.post('/accounts/reset-password').send(body),
          { ...expired, password: NEW },
          400,
          '{"detail":"Signature expired"}',
        );
        const exactlyInside = signReset(t.users.carol, now() - DAY + 30, carol.password);
        await expectAnswer(
          (body) => t.http.post('/accounts/reset-password').send(body),
          { ...exactlyInside, password: NEW },
          200,
          successful,
        );
      });
    },
  );

describe('reset-password: resetPasswordVerificationPeriod', () => {
  it('a 3-second period: a link older than that expires (transcript 11.3 row 6)', async () => {
    const t = await createResetApp(undefined, () => ({ resetPasswordVerificationPeriod: 3 }));
    try {
      const carol = await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ id: t.users.carol });
      const reset = (body: object) => t.http.post('/accounts/reset-password').send(body);
      await expectAnswer(
        reset,
        { ...signReset(t.users.carol, now() - 4, carol.password), password: NEW },
        400,
        '{"detail":"Signature expired"}',
      );
      await expectAnswer(reset, { ...signReset(t.users.carol, now(), carol.password), password: NEW }, 200, successful);
    } finally {
      await t.close();
    }
  });
});

describe('reset routes with resetPasswordVerificationEnabled: false (transcript 11.4 rows 10 and 11)', () => {
  it('404 for every POST, 405 still wins for GET; no mail', async () => {
    const t = await createResetApp(undefined, () => ({
      resetPasswordVerificationEnabled: false,
      resetPasswordVerificationUrl: null,
    }));
    try {
      for (const [path, body] of [
        ['/accounts/send-reset-password-link', { login: 'carol' }],
        ['/accounts/reset-password', {}],
        ['/accounts/reset-password', { ...signReset(t.users.carol, now()), password: NEW }],
      ] as const) {
        const response = await t.http.post(path).send(body);
        assert.equal(response.status, 404, path);
        assert.equal(response.text, '{"detail":"Not found."}');
      }
      for (const path of ['/accounts/send-reset-password-link', '/accounts/reset-password']) {
        const response = await t.http.get(path);
        assert.equal(response.status, 405);
        assert.equal(response.headers.allow, 'POST, OPTIONS');
      }
      assert.equal(await settled(t.smtp), 0);
    } finally {
      await t.close();
    }
  });

  it('by default (routes: login and logout) neither route is mapped', async () => {
    const t = await createResetApp(undefined, undefined, { extras: { routes: undefined } });
    try {
      for (const path of ['/accounts/send-reset-password-link', '/accounts/reset-password']) {
        const response = await t.http.post(path).send({});
        assert.equal(response.status, 404);
        assert.equal(response.body.detail, undefined, 'the host answers, not the module');
      }
    } finally {
      await t.close();
    }
  });
});

describe('reset-password: concurrent uses of one link', () => {
  it('exactly one succeeds, the others say Invalid signature', async () => {
    const t = await createResetApp(undefined);
    try {
      const carol = await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ id: t.users.carol });
      const link = signReset(t.users.carol, now(), carol.password);
      const answers = await Promise.all(
        [1, 2, 3, 4, 5].map((n) => t.http.post('/accounts/reset-password').send({ ...link, password: `${NEW}-${n}` })),
      );
      assert.deepEqual(answers.map((answer) => answer.status).sort(), [200, 400, 400, 400, 400]);
      for (const answer of answers.filter((a) => a.status === 400)) assert.equal(answer.text, invalid);
    } finally {
      await t.close();
    }
  });
});

/** Runs `between` once, after the next hash is computed and before it is handed back (to be stored). */
class InterleavingHasher extends Argon2PasswordHasher {
  between?: () => Promise<void>;
  override async hash(password: string): Promise<string> {
    const encoded = await super.hash(password);
    const between = this.between;
    this.between = undefined;
    if (between) await between();
    return encoded;
  }
}

for (const database of DATABASES)
  describe(`reset-password: one link used on two instances at once (${database.name})`, { skip: database.skip }, () => {
    it('the reset that finds the password changed by the other stores nothing and says Invalid signature', async () => {
      const hasher = new InterleavingHasher();
      const t = await createResetApp(database, undefined, {
        override: (builder) => builder.overrideProvider(PasswordHasher).useValue(hasher),
      });
      try {
        const users = t.dataSource.getRepository(DjangoUser);
        const carol = await users.findOneByOrFail({ id: t.users.carol });
        const link = signReset(t.users.carol, now(), carol.password);
        const other = await hasher.hash(`${NEW}-other-instance`);
        // The other instance verified the same link and stores its new hash while this one is hashing.
        hasher.between = () => users.update({ id: t.users.carol }, { password: other }).then(() => undefined);
        const answer = await t.http
          .post('/accounts/reset-password')
          .send({ ...link, password: `${NEW}-this-instance` });
        assert.equal(answer.status, 400, answer.text);
        assert.equal(answer.text, invalid);
        assert.equal((await users.findOneByOrFail({ id: t.users.carol })).password, other, 'the other reset stays');
      } finally {
        await t.close();
      }
    });
  });
