import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RegistrationEvents } from 'nestjs-rest-registration';
import { assertNoSecrets, captureEvents, CapturingLogger } from './support/secrets.js';
import { createRegistrationApp, DjangoUser, GOOD, linkOf, type RegistrationTestApp } from './support/registration.js';

// register, a refused mail, verify with auto-login: no password, hash, token or signature in any
// event payload or log entry.
describe('register and verify-registration: events and logs hold no secret', () => {
  const logger = new CapturingLogger();
  let t: RegistrationTestApp;
  let events: unknown[];
  const secrets: string[] = [GOOD];

  before(async () => {
    t = await createRegistrationApp(
      undefined,
      () => ({ registerVerificationOneTimeUse: true, registerVerificationAutoLogin: true }),
      { logger },
    );
    events = captureEvents(t.app.get(RegistrationEvents));
    t.smtp.mode = 'refuse-data';
    await t.http
      .post('/accounts/register')
      .send({ username: 'zoe', email: 'zoe@example.com', password: GOOD, password_confirm: GOOD });
    t.smtp.mode = 'accept';
    const registered = await t.http
      .post('/accounts/register')
      .send({ username: 'dave', email: 'dave@example.com', password: GOOD, password_confirm: GOOD });
    assert.equal(registered.status, 201);
    const { data, url } = linkOf(await t.smtp.nextMessage());
    secrets.push(data.signature, url.href);
    const verified = await t.http.post('/accounts/verify-registration').send(data);
    assert.equal(verified.status, 200, verified.text);
    secrets.push(verified.body.token as string);
    await t.http.post('/accounts/verify-registration').send(data);
    const stored = await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ username: 'dave' });
    secrets.push(stored.password);
  });
  after(() => t.close());

  it('emitted registered, mail.failed, activated and login.succeeded', () => {
    const names = events.map((event) => (event as { name: string }).name);
    for (const name of [
      'registration.mail.failed',
      'registration.user.registered',
      'registration.user.activated',
      'registration.login.succeeded',
    ])
      assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
  });

  it('finds no password, hash, signature, link or token in the events and the log', () => {
    assertNoSecrets(JSON.stringify(events), secrets, 'the events');
    assertNoSecrets(logger.text, secrets, 'the log');
    assert.match(logger.text, /did not accept the message/);
  });
});
