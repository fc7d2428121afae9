import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RegistrationEvents } from 'nestjs-rest-registration';
import { captureEvents } from './support/secrets.js';
import { createRegistrationApp, DjangoUser, GOOD, linkOf, type RegistrationTestApp } from './support/registration.js';

const body = (username: string, extra: object = {}) => ({ username, password: GOOD, password_confirm: GOOD, ...extra });

describe('register with verification off (transcript 11.4)', () => {
  let t: RegistrationTestApp;
  before(async () => {
    t = await createRegistrationApp(undefined, () => ({ registerVerificationEnabled: false, mailTransport: null }));
  });
  after(() => t.close());

  it('rows 1 to 3: no e-mail needed, the user is active at once, no mail is sent', async () => {
    const kate = await t.http.post('/accounts/register').send(body('kate'));
    assert.equal(kate.status, 201, kate.text);
    assert.equal(kate.text, `{"id":${kate.body.id},"username":"kate","first_name":"","last_name":"","email":""}`);
    const liam = await t.http
      .post('/accounts/register')
      .send(body('liam', { email: 'liam@example.com', first_name: 'Liam', last_name: 'O.' }));
    assert.equal(
      liam.text,
      `{"id":${liam.body.id},"username":"liam","first_name":"Liam","last_name":"O.","email":"liam@example.com"}`,
    );
    assert.equal((await t.http.post('/accounts/login').send({ login: 'kate', password: GOOD })).status, 200);
    assert.equal(t.smtp.received.length, 0);
  });

  it('rows 4 to 6: validators, similarity to the first name, mismatch', async () => {
    const short = await t.http
      .post('/accounts/register')
      .send({ username: 'mia', password: 'Zq8!x', password_confirm: 'Zq8!x' });
    assert.equal(
      short.text,
      '{"password":["This password is too short. It must contain at least 8 characters."],"non_field_errors":[]}',
    );
    const similar = await t.http
      .post('/accounts/register')
      .send({ username: 'mia', first_name: 'Maximiliana', password: 'maximiliana1', password_confirm: 'maximiliana1' });
    assert.equal(similar.text, '{"password":["The password is too similar to the first name."],"non_field_errors":[]}');
    const mismatch = await t.http.post('/accounts/register').send({ ...body('mia'), password_confirm: 'x' });
    assert.equal(mismatch.text, '{"password_confirm":["Passwords don\'t match"],"non_field_errors":[]}');
  });

  it('rows 7 to 9: verify-registration answers 404, and 405 for GET', async () => {
    for (const payload of [{ user_id: '4', timestamp: 1, signature: 'x' }, {}]) {
      const response = await t.http.post('/accounts/verify-registration').send(payload);
      assert.equal(response.status, 404);
      assert.equal(response.text, '{"detail":"Not found."}');
    }
    const get = await t.http.get('/accounts/verify-registration');
    assert.equal(get.status, 405);
    assert.equal(get.headers.allow, 'POST, OPTIONS');
  });
});

describe('register without password validators (transcript 11.5)', () => {
  let t: RegistrationTestApp;
  before(async () => {
    t = await createRegistrationApp(undefined, () => ({ registerVerificationEnabled: false, passwordValidators: [] }));
  });
  after(() => t.close());

  it("rows 1 and 3: '1' and a password equal to the username are accepted", async () => {
    const ned = await t.http.post('/accounts/register').send({ username: 'ned', password: '1', password_confirm: '1' });
    assert.equal(ned.status, 201, ned.text);
    const olive = await t.http
      .post('/accounts/register')
      .send({ username: 'olive', password: 'olive', password_confirm: 'olive' });
    assert.equal(olive.status, 201, olive.text);
  });
});

describe('register: flows switched off, routes left out', () => {
  it('registerFlowEnabled: false answers 404; 405 still wins for GET', async () => {
    const t = await createRegistrationApp(undefined, () => ({ registerFlowEnabled: false }));
    try {
      const response = await t.http.post('/accounts/register').send(body('dave', { email: 'dave@example.com' }));
      assert.equal(response.status, 404);
      assert.equal(response.text, '{"detail":"Not found."}');
      assert.equal((await t.http.get('/accounts/register')).status, 405);
    } finally {
      await t.close();
    }
  });

  it('by default (routes: login and logout) register and verify-registration are not mapped', async () => {
    const t = await createRegistrationApp(undefined, undefined, { extras: { routes: undefined } });
    try {
      for (const path of ['/accounts/register', '/accounts/verify-registration']) {
        const response = await t.http.post(path).send({});
        assert.equal(response.status, 404);
        assert.equal(response.body.detail, undefined, 'the host answers, not the module');
      }
      assert.equal((await t.http.post('/accounts/login').send({})).status, 400);
    } finally {
      await t.close();
    }
  });

  it("routes: ['register', 'verify-registration'] leaves login and logout unmapped", async () => {
    const t = await createRegistrationApp(undefined, undefined, {
      extras: { routes: ['register', 'verify-registration'] },
    });
    try {
      assert.equal((await t.http.post('/accounts/login').send({})).status, 404);
      assert.equal((await t.http.post('/accounts/logout').send({})).status, 404);
      assert.equal((await t.http.post('/accounts/register').send({})).status, 400);
    } finally {
      await t.close();
    }
  });
});

describe('register: the mailer refuses the message', () => {
  let t: RegistrationTestApp;
  before(async () => {
    t = await createRegistrationApp(undefined);
  });
  after(() => t.close());

  for (const mode of ['refuse-rcpt', 'refuse-data'] as const)
    it(`${mode}: 503, no user left, a mail.failed event without the link`, async () => {
      const events = captureEvents(t.app.get(RegistrationEvents));
      t.smtp.mode = mode;
      try {
        const response = await t.http.post('/accounts/register').send(body('dave', { email: 'dave@example.com' }));
        assert.equal(response.status, 503, response.text);
        assert.deepEqual(response.body, {
          detail: 'The verification e-mail could not be sent; nothing was registered. Try again later.',
        });
      } finally {
        t.smtp.mode = 'accept';
      }
      assert.equal(await t.dataSource.getRepository(DjangoUser).countBy({ username: 'dave' }), 0);
      const failed = events.find((event) => (event as { name: string }).name === 'registration.mail.failed') as {
        payload: { details: { responseCode?: number; command?: string }; user: Record<string, unknown> };
      };
      assert.ok(failed, JSON.stringify(events));
      assert.equal(failed.payload.details.responseCode, mode === 'refuse-rcpt' ? 550 : 554);
      assert.equal(failed.payload.user.password, undefined);
      assert.ok(!events.some((event) => (event as { name: string }).name === 'registration.user.registered'));
      const again = await t.http.post('/accounts/register').send(body('dave', { email: 'dave@example.com' }));
      assert.equal(again.status, 201, 'the username is free again');
      linkOf(await t.smtp.nextMessage());
      await t.dataSource.getRepository(DjangoUser).delete({ username: 'dave' });
    });
});

describe('GET verification-redirects/verify-registration (transcript rows 139 to 141)', () => {
  let t: RegistrationTestApp;
  const success = 'https://frontend.example/verify-user/success/';
  const failure = 'https://frontend.example/verify-user/failure/';
  before(async () => {
    t = await createRegistrationApp(undefined, () => ({
      verificationRedirects: { verifyRegistrationSuccessUrl: success, verifyRegistrationFailureUrl: failure },
      registerVerificationAutoLogin: true,
    }));
  });
  after(() => t.close());

  it('302 to the success URL for a valid link, never logging in, no activated event; 302 to failure otherwise', async () => {
    const events = captureEvents(t.app.get(RegistrationEvents));
    await t.http.post('/accounts/register').send(body('gina', { email: 'gina@example.com' }));
    const { url } = linkOf(await t.smtp.nextMessage());
    const valid = await t.http.get(`/accounts/verification-redirects/verify-registration${url.search}`);
    assert.equal(valid.status, 302);
    assert.equal(valid.headers.location, success);
    assert.equal(valid.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(valid.text, '');
    assert.equal(valid.headers['set-cookie'], undefined);
    const gina = await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ username: 'gina' });
    assert.equal(gina.is_active, true);
    const names = events.map((event) => (event as { name: string }).name);
    assert.ok(!names.includes('registration.user.activated') && !names.includes('registration.login.succeeded'));
    const bad = new URLSearchParams(url.search);
    bad.set('signature', 'x');
    for (const query of [`?${bad}`, '']) {
      const response = await t.http.get(`/accounts/verification-redirects/verify-registration${query}`);
      assert.equal(response.status, 302);
      assert.equal(response.headers.location, failure);
    }
    const post = await t.http.post('/accounts/verification-redirects/verify-registration');
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, OPTIONS');
  });

  it('without verificationRedirects the route answers as an unmapped one', async () => {
    const s = await createRegistrationApp(undefined);
    try {
      const response = await s.http.get('/accounts/verification-redirects/verify-registration?user_id=1');
      assert.equal(response.status, 404);
      assert.equal(response.body.detail, undefined);
    } finally {
      await s.close();
    }
  });
});
