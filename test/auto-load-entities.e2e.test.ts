/**
 * `TypeOrmModule.forRoot({ autoLoadEntities: true })`, the way most Nest apps register entities: the module
 * brings its own (the token entity, the JWT revocation entity when that denylist is used) through
 * `TypeOrmModule.forFeature()`; the host lists none of them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthTokenEntity } from 'nestjs-rest-registration';
import { JwtAuthTokenManager, JwtRevocationEntity, TypeOrmJwtDenylist } from 'nestjs-rest-registration/jwt';
import { ADAPTERS, createTestApp, type TestApp } from './support/app.js';
import { DATABASES } from './support/databases.js';
import { User } from './support/entities.js';
import { assertTokenRoundTrip } from './support/token-round-trip.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';

for (const database of DATABASES) {
  for (const adapter of ADAPTERS) {
    describe(`autoLoadEntities: true (${database.name}, ${adapter})`, { skip: database.skip }, () => {
      let t: TestApp;
      before(async () => {
        t = await createTestApp({ database, adapter, autoLoadEntities: true });
        await t.addUser({ username: 'alice' });
      });
      after(() => t?.close());

      it('boots, logs in with a token, calls a guarded route and revokes the token on logout', async () => {
        await assertTokenRoundTrip(t, 'alice');
      });
    });
  }
}

describe('autoLoadEntities: true with JWT and the TypeORM denylist', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({
      autoLoadEntities: true,
      settings: { authTokenManagerClass: JwtAuthTokenManager, jwt: { secret: SECRET, denylist: TypeOrmJwtDenylist } },
      extras: { globalGuard: true },
    });
    await t.addUser({ username: 'alice' });
  });
  after(() => t?.close());

  it('boots and revokes a JWT on logout', async () => {
    const token = await t.login('alice');
    const logout = await t.http
      .post('/accounts/logout')
      .set('Authorization', `Bearer ${token}`)
      .send({ revoke_token: true });
    assert.equal(logout.status, 200, JSON.stringify(logout.body));
    const again = await t.http.post('/accounts/logout').set('Authorization', `Bearer ${token}`);
    assert.equal(again.status, 401);
  });
});

describe('autoLoadEntities: true with forRootAsync and the TypeORM JWT denylist', () => {
  const settings = {
    userEntity: User,
    loginThrottle: false as const,
    authTokenManagerClass: JwtAuthTokenManager,
    jwt: { secret: SECRET, denylist: TypeOrmJwtDenylist },
  };

  it("names TypeOrmModule.forFeature([JwtRevocationEntity]) in E006's fix when the entity is missing", async () => {
    // (An autoLoadEntities app would not do here: @nestjs/typeorm collects forFeature() entities per process.)
    await assert.rejects(
      createTestApp({
        entities: [User, AuthTokenEntity],
        extras: { globalGuard: true },
        asyncOptions: { useFactory: () => settings },
      }),
      (error: Error) =>
        error.message.includes('[registration.E006]') &&
        error.message.includes('TypeOrmModule.forFeature([JwtRevocationEntity])'),
    );
  });

  it('boots once the host follows that fix', async () => {
    const t = await createTestApp({
      autoLoadEntities: true,
      extras: { globalGuard: true },
      asyncOptions: { useFactory: () => settings },
      imports: [TypeOrmModule.forFeature([JwtRevocationEntity])],
    });
    try {
      await t.addUser({ username: 'alice' });
      const token = await t.login('alice');
      const logout = await t.http
        .post('/accounts/logout')
        .set('Authorization', `Bearer ${token}`)
        .send({ revoke_token: true });
      assert.equal(logout.status, 200);
    } finally {
      await t.close();
    }
  });
});
