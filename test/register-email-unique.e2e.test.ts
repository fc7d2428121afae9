import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Injectable } from '@nestjs/common';
import { AuthTokenEntity, RegistrationMailer, type RegistrationMailMessage } from 'nestjs-rest-registration';
import supertest from 'supertest';
import { Column, type DataSourceOptions, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { useSessions } from './support/app.js';
import { DATABASES, type TestDatabase } from './support/databases.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { createRegistrationApp, expectAnswer, type RegistrationTestApp } from './support/registration.js';
import { ANSWERS, EMAIL_ROUTES, emailLinkOf, emailSettings, signEmail } from './support/register-email.js';
import type { TestSmtpServer } from './support/smtp.js';

/** A user entity whose e-mail column is unique (upstream's `custom_users` test app). */
@Entity('unique_email_user')
export class UniqueEmailUser {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 128 })
  password: string;

  @Column({ type: 'varchar', length: 150, unique: true })
  username: string;

  @Column({ type: 'varchar', length: 254, nullable: true, unique: true })
  email: string | null;

  @Column({ default: true })
  is_active: boolean;
}

const { sent, verified, taken, notFound } = ANSWERS;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function uniqueApp(
  database: (typeof DATABASES)[number] | undefined,
  settings: (smtp: TestSmtpServer) => object = () => ({}),
) {
  return createRegistrationApp(
    database,
    (smtp) => ({
      ...emailSettings(smtp),
      userEntity: UniqueEmailUser,
      userHiddenFields: ['is_active'],
      ...settings(smtp),
    }),
    { extras: EMAIL_ROUTES, entities: [UniqueEmailUser, AuthTokenEntity] },
  );
}

/** Upstream's unique e-mail column (register_email.py l.45, l.112): the notice, the 400, and the race. */
for (const database of DATABASES)
  describe(`register-email on a unique e-mail column (${database.name})`, { skip: database.skip }, () => {
    let t: RegistrationTestApp;
    let aliceToken: string;
    let aliceId: number;
    let bobId: number;
    let carolId: number;
    const users = () => t.dataSource.getRepository(UniqueEmailUser);
    const emailOf = async (id: number) => (await users().findOneByOrFail({ id })).email;
    const verifyEmail = (body: unknown) => t.http.post('/accounts/verify-email').send(body as object);

    before(async () => {
      t = await uniqueApp(database);
      aliceId = (await t.addUser({ username: 'alice' }, UniqueEmailUser)).id as number;
      bobId = (await t.addUser({ username: 'bob', is_active: false }, UniqueEmailUser)).id as number;
      carolId = (await t.addUser({ username: 'carol', email: 'carol@example.com' }, UniqueEmailUser)).id as number;
      aliceToken = await t.login('alice');
    });
    after(() => t.close());

    it('an address of another user: the same 200, and that address gets the already-in-use notice, no link', async () => {
      const send = (email: string) =>
        t.http.post('/accounts/register-email').set('Authorization', `Token ${aliceToken}`).send({ email });
      const free = await send('alice.new@example.com');
      const used = await send('carol@example.com');
      assert.deepEqual([free.status, free.text], [200, sent]);
      assert.deepEqual([used.status, used.text], [200, sent]);
      assert.deepEqual(Object.keys(used.headers).sort(), Object.keys(free.headers).sort());
      const messages = [await t.smtp.nextMessage(), await t.smtp.nextMessage()];
      const notice = messages.find((mail) => mail.envelope.to[0] === 'carol@example.com');
      const link = messages.find((mail) => mail.envelope.to[0] === 'alice.new@example.com');
      assert.ok(notice && link);
      assert.equal(notice.parsed.subject, 'Your e-mail is already in use');
      assert.equal(
        notice.parsed.text,
        '\nYou or someone else requested change to this e-mail for which there is an existing account.\n' +
          'You need to either remove this account assigned to this e-mail or change the e-mail of it.\n\n' +
          "If this wasn't you, please just ignore this email.\n\n",
      );
      assert.ok(!notice.raw.includes('signature'));
      assert.equal(link.parsed.subject, 'Please verify new e-mail');
      assert.equal(emailLinkOf(link).email, 'alice.new@example.com');
      assert.equal(await emailOf(aliceId), null);
      assert.equal(await emailOf(carolId), 'carol@example.com');
    });

    it('verify-email of a taken address: 400 This email is already registered., nothing changes', async () => {
      await expectAnswer(verifyEmail, signEmail(aliceId, 'carol@example.com'), 400, taken);
      assert.equal(await emailOf(aliceId), null);
      // Upstream's order: the address is checked before the user.
      await expectAnswer(verifyEmail, signEmail(bobId, 'carol@example.com'), 400, taken);
      await expectAnswer(verifyEmail, signEmail(bobId, 'bob.new@example.com'), 400, notFound);
    });

    it('verify-email of a free address works once; the same link again finds the address taken (by alice)', async () => {
      const link = signEmail(aliceId, 'alice.new@example.com');
      await expectAnswer(verifyEmail, link, 200, verified);
      assert.equal(await emailOf(aliceId), 'alice.new@example.com');
      await expectAnswer(verifyEmail, link, 400, taken);
    });

    it('two users verifying links for the same address at the same moment: one 200, the other 400, never a 500', async () => {
      const daveId = (await t.addUser({ username: 'dave' }, UniqueEmailUser)).id as number;
      const eveId = (await t.addUser({ username: 'eve' }, UniqueEmailUser)).id as number;
      for (let round = 0; round < 8; round++) {
        const address = `shared-${round}@example.com`;
        const answers = await Promise.all([
          verifyEmail(signEmail(daveId, address)),
          verifyEmail(signEmail(eveId, address)),
        ]);
        const statuses = answers.map((answer) => answer.status).sort();
        assert.deepEqual(statuses, [200, 400], answers.map((answer) => answer.text).join(' '));
        assert.equal(answers.find((answer) => answer.status === 400)?.text, taken);
        const holders = await users().findBy({ email: address });
        assert.equal(holders.length, 1);
        const winner = answers[0].status === 200 ? daveId : eveId;
        assert.equal(holders[0].id, winner);
      }
    });

    it(
      'a transaction that takes the address after the check and commits first: the unique violation is a 400',
      { skip: database.kind === 'sqlite' ? 'one connection: no concurrent transaction' : undefined },
      async () => {
        const frankId = (await t.addUser({ username: 'frank' }, UniqueEmailUser)).id as number;
        const runner = t.dataSource.createQueryRunner();
        await runner.connect();
        await runner.startTransaction();
        try {
          await runner.manager.update(UniqueEmailUser, { id: carolId }, { email: 'contested@example.com' });
          // The request sees no committed holder and waits on the row lock of the unique index entry.
          const pending = verifyEmail(signEmail(frankId, 'contested@example.com')).then((answer) => answer);
          await sleep(500);
          await runner.commitTransaction();
          const answer = await pending;
          assert.deepEqual([answer.status, answer.text], [400, taken]);
        } finally {
          if (runner.isTransactionActive) await runner.rollbackTransaction();
          await runner.release();
        }
        assert.equal(await emailOf(frankId), null);
        assert.equal(await emailOf(carolId), 'contested@example.com');
      },
    );
  });

for (const database of DATABASES)
  describe(`register-email on a unique column, verification off (${database.name})`, { skip: database.skip }, () => {
    let t: RegistrationTestApp;
    let token: string;
    let kateId: number;
    const emailOf = async (id: number) =>
      (await t.dataSource.getRepository(UniqueEmailUser).findOneByOrFail({ id })).email;
    const registerEmail = (body: unknown) =>
      t.http
        .post('/accounts/register-email')
        .set('Authorization', `Token ${token}`)
        .send(body as object);

    before(async () => {
      t = await uniqueApp(database, () => ({ registerEmailVerificationEnabled: false }));
      kateId = (await t.addUser({ username: 'kate' }, UniqueEmailUser)).id as number;
      await t.addUser({ username: 'carol', email: 'carol@example.com' }, UniqueEmailUser);
      token = await t.login('kate');
    });
    after(() => t.close());

    it("another user's address: 400 This email is already registered., the row unchanged", async () => {
      await expectAnswer(registerEmail, { email: 'carol@example.com' }, 400, taken);
      assert.equal(await emailOf(kateId), null);
      await expectAnswer(registerEmail, { email: 'kate@example.com' }, 200, sent);
      assert.equal(await emailOf(kateId), 'kate@example.com');
      // Upstream counts the caller's own address as taken too.
      await expectAnswer(registerEmail, { email: 'kate@example.com' }, 400, taken);
    });
  });

describe('verify-email while register verification is off: an inactive user may change the address', () => {
  let t: RegistrationTestApp;
  before(async () => {
    t = await uniqueApp(undefined, () => ({ registerVerificationEnabled: false }));
  });
  after(() => t.close());

  it('accepts the link of an inactive user (require_verified only applies while register verification is on)', async () => {
    const bobId = (await t.addUser({ username: 'bob', is_active: false }, UniqueEmailUser)).id as number;
    await expectAnswer(
      (body) => t.http.post('/accounts/verify-email').send(body),
      signEmail(bobId, 'bob@example.com'),
      200,
      verified,
    );
  });
});

describe('register-email through the session', () => {
  let t: RegistrationTestApp;
  before(async () => {
    t = await createRegistrationApp(undefined, (smtp) => ({ ...emailSettings(smtp), loginAuthenticateSession: true }), {
      extras: EMAIL_ROUTES,
      configure: (app) => useSessions(app),
    });
    await t.addUser({ username: 'alice' });
  });
  after(() => t.close());

  it('needs the CSRF token, as logout does', async () => {
    const agent = supertest.agent(t.app.getHttpServer());
    const csrf = await agent.get('/accounts/csrf');
    const login = await agent
      .post('/accounts/login')
      .set('X-CSRFToken', csrf.body.csrfToken as string)
      .send({ login: 'alice', password: 'correct horse battery' });
    assert.equal(login.status, 200, login.text);
    const cookies = ([] as string[]).concat(login.headers['set-cookie'] ?? []);
    const token = cookies
      .filter((cookie) => cookie.startsWith('csrftoken='))
      .at(-1)
      ?.split(';')[0]
      .slice('csrftoken='.length);
    assert.ok(token);
    const missing = await agent.post('/accounts/register-email').send({ email: 'alice.new@example.com' });
    assert.equal(missing.status, 403);
    assert.equal(missing.text, '{"detail":"CSRF Failed: CSRF token missing."}');
    const done = await agent
      .post('/accounts/register-email')
      .set('X-CSRFToken', token)
      .send({ email: 'alice.new@example.com' });
    assert.deepEqual([done.status, done.text], [200, sent]);
    assert.deepEqual((await t.smtp.nextMessage()).envelope.to, ['alice.new@example.com']);
  });
});

/** A mailer that takes its time, as a slow SMTP server would. */
@Injectable()
class SlowMailer extends RegistrationMailer {
  static readonly sent: string[] = [];

  async send(message: RegistrationMailMessage): Promise<void> {
    await sleep(1500);
    SlowMailer.sent.push(message.subject);
  }
}

describe('register-email answers before the message is sent, for a free and a taken address alike', () => {
  let t: RegistrationTestApp;
  let token: string;
  before(async () => {
    t = await uniqueApp(undefined, () => ({ mailer: SlowMailer, mailTransport: null }));
    await t.addUser({ username: 'alice' }, UniqueEmailUser);
    await t.addUser({ username: 'carol', email: 'carol@example.com' }, UniqueEmailUser);
    token = await t.login('alice');
  });
  after(async () => {
    for (let i = 0; i < 100 && SlowMailer.sent.length < 2; i++) await sleep(50);
    await t.close();
  });

  it('does not wait for the mailer (the link and the notice both leave after the answer)', async () => {
    for (const email of ['alice.new@example.com', 'carol@example.com']) {
      const started = performance.now();
      const response = await t.http
        .post('/accounts/register-email')
        .set('Authorization', `Token ${token}`)
        .send({ email });
      const elapsed = performance.now() - started;
      assert.deepEqual([response.status, response.text], [200, sent]);
      assert.ok(elapsed < 1000, `${email}: ${Math.round(elapsed)} ms`);
    }
    for (let i = 0; i < 100 && SlowMailer.sent.length < 2; i++) await sleep(50);
    assert.deepEqual(SlowMailer.sent.sort(), ['Please verify new e-mail', 'Your e-mail is already in use']);
  });
});

// The app reaches the database through a proxy the test stops, as test/database-outage.e2e.test.ts does.
for (const database of DATABASES.filter((candidate) => candidate.kind !== 'sqlite'))
  describe(
    `register-email and verify-email while the database is away (${database.name})`,
    { skip: database.skip },
    () => {
      it('answer 503, never 500, and recover', async () => {
        const target = new URL(database.url ?? 'postgres://127.0.0.1:1');
        const proxy = new TcpProxy(target.hostname, Number(target.port));
        await proxy.start();
        const throughProxy: TestDatabase = {
          ...database,
          async create() {
            const real = await database.create();
            return {
              ...real,
              options: (entities, extra) => {
                const options = real.options(entities, extra) as DataSourceOptions & { url: string };
                return { ...options, url: proxy.url(options.url) } as DataSourceOptions;
              },
            };
          },
        };
        const t = await uniqueApp(throughProxy);
        try {
          const userId = (await t.addUser({ username: 'alice' }, UniqueEmailUser)).id as number;
          const token = await t.login('alice');
          await proxy.stop();
          const unavailable = '{"detail":"Service temporarily unavailable, try again later."}';
          const verify = await t.http.post('/accounts/verify-email').send(signEmail(userId, 'a@example.com'));
          assert.deepEqual([verify.status, verify.text], [503, unavailable]);
          const change = await t.http
            .post('/accounts/register-email')
            .set('Authorization', `Token ${token}`)
            .send({ email: 'a@example.com' });
          assert.deepEqual([change.status, change.text], [503, unavailable]);
          await proxy.start();
          const again = await t.http.post('/accounts/verify-email').send(signEmail(userId, 'a@example.com'));
          assert.deepEqual([again.status, again.text], [200, verified]);
        } finally {
          await proxy.start();
          await t.close();
          await proxy.stop();
        }
      });
    },
  );
