/**
 * Hosts that use `@nestjs/event-emitter` listen with `@OnEvent()`: the module's events reach those
 * listeners through the host's `EventEmitter2`, and `RegistrationEvents.on()` keeps working beside them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Injectable } from '@nestjs/common';
import { EventEmitterModule, OnEvent } from '@nestjs/event-emitter';
import {
  type LoginFailedEvent,
  type LoginSucceededEvent,
  type LogoutEvent,
  RegistrationEvent,
  RegistrationEvents,
} from 'nestjs-rest-registration';
import { createTestApp, PASSWORD, type TestApp } from './support/app.js';

const heard: Array<{ listener: string; payload: unknown }> = [];

/** An audit listener as Nest users write one. */
@Injectable()
class AuditListener {
  @OnEvent('registration.login.succeeded')
  loginSucceeded(event: LoginSucceededEvent): void {
    heard.push({ listener: 'login.succeeded', payload: event });
  }

  @OnEvent(RegistrationEvent.LoginFailed)
  async loginFailed(event: LoginFailedEvent): Promise<void> {
    await Promise.resolve();
    heard.push({ listener: 'login.failed', payload: event });
  }

  @OnEvent(RegistrationEvent.Logout)
  logout(event: LogoutEvent): void {
    heard.push({ listener: 'logout', payload: event });
  }

  @OnEvent('registration.**')
  anyRegistrationEvent(event: unknown): void {
    heard.push({ listener: 'registration.**', payload: event });
  }

  @OnEvent('registration.login.succeeded')
  broken(): void {
    throw new Error('a broken audit listener');
  }
}

describe('@nestjs/event-emitter: @OnEvent listeners of the host', () => {
  let t: TestApp;
  const own: string[] = [];

  before(async () => {
    t = await createTestApp({
      imports: [EventEmitterModule.forRoot({ wildcard: true })],
      providers: [AuditListener],
    });
    await t.addUser({ username: 'alice' });
    t.app.get(RegistrationEvents).on(RegistrationEvent.LoginSucceeded, () => own.push('login.succeeded'));
  });
  after(() => t.close());

  it('hears login, failed login and logout, with the payloads of RegistrationEvents', async () => {
    const token = await t.login('alice');
    const failed = await t.http.post('/accounts/login').send({ login: 'alice', password: 'wrong-secret' });
    assert.equal(failed.status, 400);
    const logout = await t.http.post('/accounts/logout').set('Authorization', `Token ${token}`).send({});
    assert.equal(logout.status, 200, 'a listener that throws does not change the answer');
    await new Promise((resolve) => setImmediate(resolve)); // the async listener

    const named = heard.filter((entry) => entry.listener !== 'registration.**');
    assert.deepEqual(
      named.map((entry) => entry.listener),
      ['login.succeeded', 'login.failed', 'logout'],
    );
    const [success, failure, out] = named.map((entry) => entry.payload as Record<string, Record<string, unknown>>);
    assert.equal(success.user.username, 'alice');
    assert.equal(success.tokenIssued, true);
    assert.equal(success.request.path, '/accounts/login');
    assert.equal(failure.reason, 'invalid-credentials');
    assert.deepEqual(failure.credentials, { login: 'alice' });
    assert.equal(out.revoked, 'none');
    assert.equal(heard.filter((entry) => entry.listener === 'registration.**').length, 3, 'wildcard listeners too');
    assert.deepEqual(own, ['login.succeeded'], "the module's own emitter still reports");

    const dump = JSON.stringify(heard);
    for (const secret of [PASSWORD, 'wrong-secret', token])
      assert.ok(!dump.includes(secret), 'an event carries a secret');
  });
});
