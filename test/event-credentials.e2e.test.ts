import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CharField, RegistrationEvent, RegistrationEvents } from 'nestjs-rest-registration';
import { createTestApp, type TestApp } from './support/app.js';

/** A serializer with second factors whose names no filter by name would catch. */
class PinLoginSerializer {
  @CharField()
  login: string;

  @CharField({ trim: false })
  password: string;

  @CharField({ required: false })
  pwd?: string;

  @CharField({ required: false })
  pin?: string;

  @CharField({ required: false })
  otp?: string;

  @CharField({ required: false })
  email?: string;
}

describe('failed-login events carry only the declared login values', () => {
  let t: TestApp;
  const failures: Array<{ credentials: Record<string, unknown> }> = [];
  before(async () => {
    t = await createTestApp({
      settings: { loginSerializerClass: PinLoginSerializer, userLoginFields: ['username', 'email'] },
    });
    await t.addUser({ username: 'alice', email: 'alice@example.com' });
    t.app.get(RegistrationEvents).on(RegistrationEvent.LoginFailed, (event) => failures.push(event));
  });
  after(() => t.close());

  it('pwd, pin and otp never reach the event; login and the login fields do', async () => {
    const response = await t.http.post('/accounts/login').send({
      login: 'alice',
      password: 'wrong-password-1',
      pwd: 'second-secret-2',
      pin: '918273',
      otp: '554433',
      email: 'alice@example.com',
    });
    assert.equal(response.status, 400);
    assert.equal(failures.length, 1);
    assert.deepEqual(failures[0].credentials, { login: 'alice', email: 'alice@example.com' });
  });
});
