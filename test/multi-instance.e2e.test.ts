import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Argon2PasswordHasher, AuthTokenEntity } from 'nestjs-rest-registration';
import { DataSource } from 'typeorm';
import { PASSWORD } from './support/app.js';
import { POSTGRES, type FreshDatabase } from './support/databases.js';
import { User } from './support/entities.js';
import { type Instance, startInstance, stopInstance } from './support/instances.js';

describe('two app instances on one PostgreSQL database', { skip: POSTGRES.skip }, () => {
  let fresh: FreshDatabase;
  let a: Instance;
  let b: Instance;

  const login = async (instance: Instance, username: string) => {
    const response = await instance.http.post('/accounts/login').send({ login: username, password: PASSWORD });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body.token as string;
  };
  const profile = (instance: Instance, token: string) =>
    instance.http.get('/profile').set('Authorization', `Token ${token}`);

  before(async () => {
    fresh = await POSTGRES.create();
    // The tables exist before the instances start, as with migrations; the instances do not synchronize.
    const setup = new DataSource(fresh.options([User, AuthTokenEntity]));
    await setup.initialize();
    const password = await new Argon2PasswordHasher().hash(PASSWORD);
    await setup.getRepository(User).insert([
      { username: 'alice', password },
      { username: 'bob', password },
    ]);
    await setup.destroy();
    [a, b] = await Promise.all([
      startInstance({ INSTANCE_DATABASE_URL: POSTGRES.url!, INSTANCE_SCHEMA: fresh.name }),
      startInstance({ INSTANCE_DATABASE_URL: POSTGRES.url!, INSTANCE_SCHEMA: fresh.name }),
    ]);
  });
  after(async () => {
    await Promise.all([stopInstance(a), stopInstance(b)]);
    await fresh?.drop();
  });

  it('runs the instances as separate processes', () => {
    assert.notEqual(a.child.pid, b.child.pid);
    assert.notEqual(a.child.pid, process.pid);
  });

  it('accepts on B a token issued by A, and the other way round', async () => {
    const fromA = await login(a, 'alice');
    const onB = await profile(b, fromA);
    assert.equal(onB.status, 200);
    assert.equal(onB.body.username, 'alice');
    const fromB = await login(b, 'alice');
    assert.equal((await profile(a, fromB)).status, 200);
  });

  it('refuses on A, at the very next request, a token revoked by logout on B', async () => {
    const token = await login(a, 'alice');
    assert.equal((await profile(a, token)).status, 200);
    const logout = await b.http
      .post('/accounts/logout')
      .set('Authorization', `Token ${token}`)
      .send({ revoke_token: true });
    assert.equal(logout.status, 200);
    const refused = await profile(a, token);
    assert.equal(refused.status, 401);
    assert.deepEqual(refused.body, { detail: 'Invalid token.' });
  });

  it("ends on B every session of the user with revoke_all_tokens on A, and nobody else's", async () => {
    const sessionsOnB = [await login(b, 'alice'), await login(b, 'alice'), await login(a, 'alice')];
    const bobs = await login(b, 'bob');
    for (const token of sessionsOnB) assert.equal((await profile(b, token)).status, 200);
    const logout = await a.http
      .post('/accounts/logout')
      .set('Authorization', `Token ${sessionsOnB[2]}`)
      .send({ revoke_all_tokens: true });
    assert.equal(logout.status, 200);
    for (const token of sessionsOnB) {
      assert.equal((await profile(b, token)).status, 401);
      assert.equal((await profile(a, token)).status, 401);
    }
    assert.equal((await profile(b, bobs)).status, 200);
  });
});
