import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Controller, Get, UseGuards } from '@nestjs/common';
import {
  AuthTokenEntity,
  AuthTokenManager,
  CurrentUser,
  PasswordHasher,
  RegistrationUsers,
  type RegistrationModuleOptions,
  TokenAuthGuard,
} from 'nestjs-rest-registration';
import {
  JwtAuthGuard,
  JwtAuthTokenManager,
  JwtRevocationEntity,
  TypeOrmJwtDenylist,
} from 'nestjs-rest-registration/jwt';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { createTestApp, PASSWORD, type TestApp } from './support/app.js';
import { DATABASES } from './support/databases.js';
import { GatedHasher } from './support/gated-hasher.js';
import { User } from './support/entities.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const NEW_PASSWORD = 'another passphrase entirely 7';

/** A user table keyed by username: a deleted name can be registered again. */
@Entity('test_keyed_users')
class KeyedUser {
  @PrimaryColumn({ type: 'varchar', length: 150 })
  username: string;

  @Column({ type: 'varchar', length: 255 })
  password: string;

  @Column({ default: true })
  isActive: boolean;
}

@Controller()
class WhoAmIController {
  @Get('token-me')
  @UseGuards(TokenAuthGuard)
  token(@CurrentUser('username') username: string) {
    return { username };
  }

  @Get('jwt-me')
  @UseGuards(JwtAuthGuard)
  jwt(@CurrentUser('username') username: string) {
    return { username };
  }
}

const KINDS = [
  { name: 'opaque tokens', route: '/token-me', settings: {} },
  {
    name: 'JWTs',
    route: '/jwt-me',
    settings: { authTokenManagerClass: JwtAuthTokenManager, jwt: { secret: SECRET, denylist: TypeOrmJwtDenylist } },
  },
] as const;

for (const database of DATABASES) {
  for (const kind of KINDS) {
    describe(`${kind.name} are bound to their password and user on ${database.name}`, { skip: database.skip }, () => {
      const hasher = new GatedHasher();
      let t: TestApp;
      before(async () => {
        t = await createTestApp({
          database,
          entities: [User, KeyedUser, AuthTokenEntity, JwtRevocationEntity],
          controllers: [WhoAmIController],
          settings: { ...(kind.settings as Partial<RegistrationModuleOptions>), userEntity: KeyedUser },
          override: (builder) => builder.overrideProvider(PasswordHasher).useValue(hasher),
        });
      });
      after(() => t.close());
      const me = (token: string) => t.http.get(kind.route).set('Authorization', `Bearer ${token}`);
      const users = () => t.app.get(RegistrationUsers);
      const repository = () => t.dataSource.getRepository(KeyedUser);

      it('a login that checked the old password gets no working token after setPassword()', async () => {
        const alice = await t.addUser({ username: 'alice' });
        hasher.holdNext();
        const pending = t.http
          .post('/accounts/login')
          .send({ login: 'alice', password: PASSWORD })
          .then((r) => r);
        await hasher.reached;
        await users().setPassword(alice, NEW_PASSWORD);
        hasher.release();
        const response = await pending;
        assert.equal(response.status, 200, 'the login itself had checked a valid password');
        assert.equal((await me(response.body.token as string)).status, 401, 'its token must not outlive the change');
        const fresh = await t.login('alice', NEW_PASSWORD);
        assert.equal((await me(fresh)).status, 200);
      });

      it("a deleted user's tokens do not log in as the next user with the same key", async () => {
        await t.addUser({ username: 'bob' });
        const old = await t.login('bob');
        await repository().delete({ username: 'bob' });
        await repository().save({ username: 'bob', password: await hasher.hash(PASSWORD), isActive: true });
        assert.equal((await me(old)).status, 401);
      });

      it('RegistrationUsers.deleteUser() deletes the user and ends its tokens', async () => {
        const carol = await t.addUser({ username: 'carol' });
        const old = await t.login('carol');
        await users().deleteUser(carol);
        assert.equal(await repository().countBy({ username: 'carol' }), 0);
        // The same stored hash again: only the deletion hook can tell the new account from the old one.
        await repository().save({ username: 'carol', password: (carol as KeyedUser).password, isActive: true });
        assert.equal((await me(old)).status, 401);
      });

      it('setPassword(..., { revokeTokens: false }) keeps opaque tokens and always ends JWTs', async () => {
        const dave = await t.addUser({ username: 'dave' });
        const token = await t.login('dave');
        await users().setPassword(dave, NEW_PASSWORD, { revokeTokens: false });
        assert.equal((await me(token)).status, kind.name === 'JWTs' ? 401 : 200);
      });

      if (kind.name === 'JWTs') {
        it('revoke-all ends tokens of the same instant and from an instance whose clock runs ahead', async () => {
          const erin = await t.addUser({ username: 'erin' });
          const manager = t.app.get(AuthTokenManager);
          const realNow = Date.now;
          Date.now = () => realNow() + 120_000;
          const ahead = await manager.provideToken(erin);
          Date.now = realNow;
          const now = await t.login('erin');
          await t.http.post('/accounts/logout').set('Authorization', `Bearer ${now}`).send({ revoke_all_tokens: true });
          assert.equal((await me(now)).status, 401);
          assert.equal((await me(ahead)).status, 401);
          const later = await t.login('erin');
          assert.equal((await me(later)).status, 200);
        });
      }
    });
  }
}
