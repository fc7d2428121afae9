import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Controller, Get, UseGuards } from '@nestjs/common';
import { CharField, CurrentUser, RegistrationEvents, SessionAuthGuard } from 'nestjs-rest-registration';
import supertest from 'supertest';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { AuthTokenEntity } from 'nestjs-rest-registration';
import { PASSWORD, ProfileController, useSessions } from './support/app.js';
import { DATABASES } from './support/databases.js';
import { DjangoUser, expectAnswer } from './support/registration.js';
import { createResetApp, resetLinkOf, type ResetTestApp, settled, signReset } from './support/reset-password.js';
import { asText, assertNoSecrets, CapturingLogger, captureEvents } from './support/secrets.js';
import { recordStatements, type SentStatement } from './support/statements.js';

const NEW = 'Ny5$reset-pass';
const now = () => Math.floor(Date.now() / 1000);
const ifExists = '{"detail":"Reset link sent if the user exists in database"}';
const names = (events: unknown[]) => events.map((event) => (event as { name: string }).name);

@Controller()
class SessionController {
  @Get('session-profile')
  @UseGuards(SessionAuthGuard)
  profile(@CurrentUser('username') username: string) {
    return { username };
  }
}

/** A user entity whose e-mail column is unique, for the `{email}` body. */
@Entity('reset_unique_email_users')
class UniqueEmailUser {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 128 })
  password: string;

  @Column({ type: 'varchar', length: 150, unique: true })
  username: string;

  @Column({ type: 'varchar', length: 254, unique: true, nullable: true })
  email: string | null;

  @Column({ default: true })
  is_active: boolean;
}

describe('send-reset-password-link: the mailer refuses the message', () => {
  let t: ResetTestApp;
  const logger = new CapturingLogger();
  before(async () => {
    t = await createResetApp(undefined, undefined, { logger });
  });
  after(() => t.close());

  for (const mode of ['refuse-rcpt', 'refuse-data'] as const)
    it(`${mode}: the same 200, then an error log and a mail.failed event without the link`, async () => {
      const events = captureEvents(t.app.get(RegistrationEvents));
      t.smtp.mode = mode;
      try {
        await expectAnswer(
          (body) => t.http.post('/accounts/send-reset-password-link').send(body),
          { login: 'carol' },
          200,
          ifExists,
        );
        const deadline = Date.now() + 5000;
        while (!names(events).includes('registration.mail.failed') && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 20));
      } finally {
        t.smtp.mode = 'accept';
      }
      const failed = events.find((event) => (event as { name: string }).name === 'registration.mail.failed') as {
        payload: { flow: string; details: { responseCode?: number }; user: Record<string, unknown> };
      };
      assert.ok(failed, JSON.stringify(events));
      assert.equal(failed.payload.flow, 'reset-password');
      assert.equal(failed.payload.details.responseCode, mode === 'refuse-rcpt' ? 550 : 554);
      assert.equal(failed.payload.user.password, undefined);
      const carol = await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ id: t.users.carol });
      const text = asText(events) + asText(logger.entries);
      assertNoSecrets(text, [carol.password, 'signature=', 'reset-password/?'], 'events and logs');
      assert.ok(asText(logger.entries).includes('Reset password link'), asText(logger.entries));
    });
});

for (const database of DATABASES)
  describe(
    `reset-password ends every token and session of the user (${database.name})`,
    { skip: database.skip },
    () => {
      let t: ResetTestApp;
      before(async () => {
        t = await createResetApp(database, undefined, {
          controllers: [ProfileController, SessionController],
          configure: (app) => useSessions(app),
        });
      });
      after(() => t.close());

      it('a token and a session of carol stop working; the event names her without secrets', async () => {
        const agent = supertest.agent(t.app.getHttpServer());
        const csrf = (await agent.get('/accounts/csrf')).body.csrfToken as string;
        const login = await agent
          .post('/accounts/login')
          .set('X-CSRFToken', csrf)
          .send({ login: 'carol', password: PASSWORD });
        assert.equal(login.status, 200, login.text);
        const token = login.body.token as string;
        const other = await supertest(t.app.getHttpServer())
          .post('/accounts/login')
          .send({ login: 'carol', password: PASSWORD });
        assert.equal(other.status, 200, other.text);
        const auth = (value: string) => ({ Authorization: `Token ${value}` });
        assert.equal((await t.http.get('/profile').set(auth(token))).status, 200);
        assert.equal((await agent.get('/session-profile')).status, 200);

        const events = captureEvents(t.app.get(RegistrationEvents));
        const carol = await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ id: t.users.carol });
        const link = signReset(t.users.carol, now(), carol.password);
        const reset = await t.http.post('/accounts/reset-password').send({ ...link, password: NEW });
        assert.equal(reset.text, '{"detail":"Reset password successful"}');

        assert.equal((await t.http.get('/profile').set(auth(token))).status, 401);
        assert.equal((await t.http.get('/profile').set(auth(other.body.token as string))).status, 401);
        assert.equal((await agent.get('/session-profile')).status, 401);
        const event = events.find((e) => (e as { name: string }).name === 'registration.password.reset') as {
          payload: { user: Record<string, unknown> };
        };
        assert.ok(event, JSON.stringify(names(events)));
        assert.equal(event.payload.user.username, 'carol');
        assertNoSecrets(asText(events), [NEW, link.signature, carol.password, token], 'the reset event');
        const again = await t.http.post('/accounts/login').send({ login: 'carol', password: NEW });
        assert.equal(again.status, 200);
        assert.equal((await t.http.get('/profile').set(auth(again.body.token as string))).status, 200);
      });
    },
  );

describe('reset throttling (registrationThrottle)', () => {
  it('per address on send-reset-password-link: 429 with Retry-After', async () => {
    const t = await createResetApp(undefined, () => ({
      registrationThrottle: { sendResetPasswordLink: { limit: 2, ttl: 60_000 }, sendResetPasswordLinkPerLogin: false },
    }));
    try {
      const send = (login: string) => t.http.post('/accounts/send-reset-password-link').send({ login });
      assert.equal((await send('nobody')).status, 200);
      assert.equal((await send('carol')).status, 200);
      const third = await send('frank');
      assert.equal(third.status, 429);
      assert.match(third.text, /^\{"detail":"Request was throttled\. Expected available in \d+ seconds?\."\}$/);
      assert.ok(Number(third.headers['retry-after']) > 0);
    } finally {
      await t.close();
    }
  });

  it('per login value and per user on send-reset-password-link: nobody floods one mailbox', async () => {
    const t = await createResetApp(undefined, () => ({
      registrationThrottle: { sendResetPasswordLink: false, sendResetPasswordLinkPerLogin: { limit: 2, ttl: 60_000 } },
    }));
    try {
      const send = (login: string) => t.http.post('/accounts/send-reset-password-link').send({ login });
      assert.equal((await send('carol')).status, 200);
      assert.equal((await send(' Carol ')).status, 200);
      const third = await send('CAROL');
      assert.equal(third.status, 429, third.text);
      assert.ok(Number(third.headers['retry-after']) > 0);
      assert.equal((await send('frank')).status, 200, 'another user is not affected');
      // ' Carol ' names nobody (lookups are exact) but counts against the same value.
      assert.equal(await settled(t.smtp), 2, 'one for carol, one for frank');
      for (let i = 0; i < 2; i++) assert.equal((await send('nobody')).status, 200);
      assert.equal((await send('nobody')).status, 429, 'an unknown value is counted as a known one');
    } finally {
      await t.close();
    }
  });

  it('the defaults are on: per login 3 in 15 minutes', async () => {
    const t = await createResetApp(undefined, () => ({ registrationThrottle: undefined }));
    try {
      const send = () => t.http.post('/accounts/send-reset-password-link').send({ login: 'carol' });
      for (let i = 0; i < 3; i++) assert.equal((await send()).status, 200);
      assert.equal((await send()).status, 429);
      await settled(t.smtp);
    } finally {
      await t.close();
    }
  });

  it('per address on reset-password', async () => {
    const t = await createResetApp(undefined, () => ({
      registrationThrottle: { resetPassword: { limit: 2, ttl: 60_000 } },
    }));
    try {
      const reset = () =>
        t.http.post('/accounts/reset-password').send({ ...signReset(t.users.carol, now()), password: NEW });
      assert.equal((await reset()).status, 400);
      assert.equal((await reset()).status, 400);
      const third = await reset();
      assert.equal(third.status, 429);
      assert.ok(Number(third.headers['retry-after']) > 0);
    } finally {
      await t.close();
    }
  });
});

describe('send-reset-password-link with {email} on a unique e-mail column', () => {
  it('takes {email}, validates it, finds the user by address; {login} is a missing field', async () => {
    const t = await createResetApp(
      undefined,
      () => ({ userEntity: UniqueEmailUser, sendResetPasswordLinkSerializerUseEmail: true }),
      {
        entities: [UniqueEmailUser, AuthTokenEntity],
      },
    );
    try {
      const send = (body: object) => t.http.post('/accounts/send-reset-password-link').send(body);
      await expectAnswer(send, { login: 'carol' }, 400, '{"email":["This field is required."]}');
      await expectAnswer(send, { email: 'nope' }, 400, '{"email":["Enter a valid email address."]}');
      await expectAnswer(send, { email: 'nobody@example.com' }, 200, ifExists);
      await expectAnswer(send, { email: 'carol@example.com' }, 200, ifExists);
      const mail = await t.smtp.nextMessage();
      assert.deepEqual(mail.envelope.to, ['carol@example.com']);
      resetLinkOf(mail);
    } finally {
      await t.close();
    }
  });
});

describe('POST verification-redirects/reset-password (transcript rows 145 to 149)', () => {
  const success = 'https://frontend.example/reset-password/success/';
  const failure = 'https://frontend.example/reset-password/failure/';
  const redirects = () => ({
    verificationRedirects: { resetPasswordSuccessUrl: success, resetPasswordFailureUrl: failure },
  });
  const path = '/accounts/verification-redirects/reset-password';

  it('without sessions: 302 to success for a valid form, to failure for a bad one; GET is 405', async () => {
    const t = await createResetApp(undefined, redirects);
    try {
      const carol = await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ id: t.users.carol });
      const link = signReset(t.users.carol, now(), carol.password);
      const short = await t.http
        .post(path)
        .type('form')
        .send({ ...link, password: 'x' });
      assert.equal(short.status, 302);
      assert.equal(short.headers.location, failure);
      const valid = await t.http
        .post(path)
        .type('form')
        .send({ ...link, password: 'Hy6&redirect-pass' });
      assert.equal(valid.status, 302, valid.text);
      assert.equal(valid.headers.location, success);
      assert.equal(valid.headers['content-type'], 'text/html; charset=utf-8');
      assert.equal(valid.text, '');
      const login = await t.http.post('/accounts/login').send({ login: 'carol', password: 'Hy6&redirect-pass' });
      assert.equal(login.status, 200, 'row 149');
      const reused = await t.http
        .post(path)
        .type('form')
        .send({ ...link, password: 'Hy6&redirect-pass-2' });
      assert.equal(reused.headers.location, failure, 'one-time');
      const get = await t.http.get(`${path}?user_id=1`);
      assert.equal(get.status, 405);
      assert.equal(get.headers.allow, 'POST, OPTIONS');
    } finally {
      await t.close();
    }
  });

  it('with sessions: 403 without the CSRF token, 302 with csrfmiddlewaretoken', async () => {
    const t = await createResetApp(undefined, redirects, {
      controllers: [ProfileController, SessionController],
      configure: (app) => useSessions(app),
    });
    try {
      const carol = await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ id: t.users.carol });
      const link = signReset(t.users.carol, now(), carol.password);
      const form = { ...link, password: 'Hy6&redirect-pass' };
      const bare = await t.http.post(path).type('form').send(form);
      assert.equal(bare.status, 403);
      assert.equal(bare.text, '{"detail":"CSRF Failed: CSRF cookie not set."}');
      const agent = supertest.agent(t.app.getHttpServer());
      const csrf = (await agent.get('/accounts/csrf')).body.csrfToken as string;
      const missing = await agent.post(path).type('form').send(form);
      assert.equal(missing.text, '{"detail":"CSRF Failed: CSRF token missing."}');
      const wrong = await agent
        .post(path)
        .type('form')
        .send({ ...form, csrfmiddlewaretoken: `${csrf}x` });
      assert.equal(wrong.text, '{"detail":"CSRF Failed: CSRF token incorrect."}');
      const stored = await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ id: t.users.carol });
      assert.equal(stored.password, carol.password, 'refused forms change nothing');
      const ok = await agent
        .post(path)
        .type('form')
        .send({ ...form, csrfmiddlewaretoken: csrf });
      assert.equal(ok.status, 302, ok.text);
      assert.equal(ok.headers.location, success);
    } finally {
      await t.close();
    }
  });

  it('without verificationRedirects the route answers as an unmapped one', async () => {
    const t = await createResetApp(undefined);
    try {
      const response = await t.http.post(path).type('form').send({ user_id: '1' });
      assert.equal(response.status, 404);
      assert.equal(response.body.detail, undefined);
    } finally {
      await t.close();
    }
  });
});

describe('reset routes: bodies that are not JSON objects (as upstream answers register)', () => {
  let t: ResetTestApp;
  before(async () => {
    t = await createResetApp(undefined);
  });
  after(() => t.close());

  for (const path of ['/accounts/send-reset-password-link', '/accounts/reset-password'])
    it(`${path}: array, malformed JSON, text/plain, form-encoded`, async () => {
      const array = await t.http.post(path).send([]);
      assert.equal(array.status, 400);
      assert.equal(array.text, '{"non_field_errors":["Invalid data. Expected a dictionary, but got list."]}');
      const malformed = await t.http.post(path).set('Content-Type', 'application/json').send('{"login":');
      assert.equal(malformed.status, 400);
      assert.match(malformed.body.detail as string, /^JSON parse error - /);
      const text = await t.http.post(path).set('Content-Type', 'text/plain').send('x');
      assert.equal(text.status, 415);
      assert.equal(text.text, '{"detail":"Unsupported media type \\"text/plain\\" in request."}');
      const form = await t.http.post(path).type('form').send({});
      assert.equal(form.status, 400);
      assert.equal(Object.keys(form.body as object)[0], path.endsWith('link') ? 'login' : 'user_id');
    });
});

for (const database of DATABASES)
  describe(
    `send-reset-password-link: the same statements for every user (${database.name})`,
    { skip: database.skip },
    () => {
      let t: ResetTestApp;
      let statements: SentStatement[];
      before(async () => {
        t = await createResetApp(database);
        // The query runner's statements and the prepared ones, which TypeORM's logger does not see.
        statements = recordStatements(t.dataSource);
      });
      after(() => t.close());

      it('known, unknown, inactive and address-less users run the same lookups (the mail reads the user later)', async () => {
        const shapes: Record<string, string[]> = {};
        for (const login of ['carol', 'nobody', 'frank', 'alice']) {
          await settled(t.smtp);
          statements.length = 0;
          await expectAnswer(
            (body) => t.http.post('/accounts/send-reset-password-link').send(body),
            { login },
            200,
            ifExists,
          );
          // The lookups by the body's value (the mail's read of the user, after the answer, is by key).
          shapes[login] = statements.filter(({ parameters }) => parameters.includes(login)).map(({ sql }) => sql);
        }
        for (const login of ['nobody', 'frank', 'alice']) assert.deepEqual(shapes[login], shapes.carol, login);
        assert.ok(shapes.carol.length >= 1);
        await settled(t.smtp);
      });

      it('every answer schedules the same hand-off, whether or not a message is sent', async () => {
        // What the request path does besides the lookups: the request's details, the random delay and a
        // timer. Done only for a known user, it made that answer measurably slower (scenario 11 of the
        // benchmark); the timers the service sets while answering are counted here.
        const scheduled: Record<string, number> = {};
        const setTimer = globalThis.setTimeout;
        let current: string | undefined;
        globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
          if (current !== undefined && new Error().stack?.includes('send-reset-password-link.service'))
            scheduled[current] = (scheduled[current] ?? 0) + 1;
          return setTimer(...args);
        }) as typeof setTimeout;
        try {
          for (const login of ['carol', 'nobody', 'frank', 'alice']) {
            await settled(t.smtp);
            current = login;
            await expectAnswer(
              (body) => t.http.post('/accounts/send-reset-password-link').send(body),
              { login },
              200,
              ifExists,
            );
            current = undefined;
          }
        } finally {
          globalThis.setTimeout = setTimer;
        }
        assert.deepEqual(scheduled, { carol: 1, nobody: 1, frank: 1, alice: 1 });
        await settled(t.smtp);
      });
    },
  );

class PhoneSerializer {
  @CharField()
  phone: string;
}

describe('send-reset-password-link with a host serializer and user finder', () => {
  it('sendResetPasswordLinkSerializerClass validates the body; sendResetPasswordLinkUserFinder finds the user', async () => {
    const seen: unknown[] = [];
    const t = await createResetApp(undefined, () => ({
      sendResetPasswordLinkSerializerClass: PhoneSerializer,
      sendResetPasswordLinkUserFinder: async (data, { users }) => {
        seen.push(data);
        const found = await users.findByField('username', data.phone === '555' ? 'carol' : 'nobody');
        return found[0] ?? null;
      },
    }));
    try {
      const send = (body: object) => t.http.post('/accounts/send-reset-password-link').send(body);
      await expectAnswer(send, { login: 'carol' }, 400, '{"phone":["This field is required."]}');
      await expectAnswer(send, { phone: '000' }, 200, ifExists);
      await expectAnswer(send, { phone: ' 555 ' }, 200, ifExists);
      const mail = await t.smtp.nextMessage();
      assert.deepEqual(mail.envelope.to, ['carol@example.com']);
      assert.equal(resetLinkOf(mail).user_id, String(t.users.carol));
      assert.deepEqual(seen, [{ phone: '000' }, { phone: '555' }]);
    } finally {
      await t.close();
    }
  });
});
