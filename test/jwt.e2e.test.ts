import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Controller, Get, Module, UseGuards } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import {
  AuthTokenEntity,
  CurrentUser,
  RegistrationConfigurationError,
  type RegistrationModuleOptions,
} from 'nestjs-rest-registration';
import {
  JwtAuthGuard,
  JwtAuthTokenManager,
  JwtRevocationEntity,
  RedisJwtDenylist,
  TypeOrmJwtDenylist,
} from 'nestjs-rest-registration/jwt';
import { Redis } from 'ioredis';
import { createHmac } from 'node:crypto';
import { createTestApp, PASSWORD, type TestApp } from './support/app.js';
import { DATABASES, sqlite, type TestDatabase } from './support/databases.js';
import { Member, User, UserWithSharedEmail } from './support/entities.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const ENTITIES = [User, UserWithSharedEmail, Member, AuthTokenEntity, JwtRevocationEntity];

@Controller()
class JwtProfileController {
  @Get('jwt-profile')
  @UseGuards(JwtAuthGuard)
  profile(@CurrentUser('username') username: string) {
    return { username };
  }
}

function jwtApp(
  jwt: RegistrationModuleOptions['jwt'],
  extra: Partial<RegistrationModuleOptions> = {},
  database: TestDatabase = sqlite,
) {
  return createTestApp({
    database,
    entities: ENTITIES,
    controllers: [JwtProfileController],
    settings: { authTokenManagerClass: JwtAuthTokenManager, jwt, ...extra },
  });
}

const decode = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
const b64 = (text: string) => Buffer.from(text).toString('base64url');
/** A token over these header and payload texts, validly signed with `secret`. */
function handSigned(header: object | string, payload: object | string, digest = 'sha256', secret = SECRET): string {
  const text = (value: object | string) => (typeof value === 'string' ? value : JSON.stringify(value));
  const input = `${b64(text(header))}.${b64(text(payload))}`;
  return `${input}.${createHmac(digest, secret).update(input).digest('base64url')}`;
}

for (const database of DATABASES) {
  describe(`JwtAuthTokenManager without a denylist on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let aliceId: number;
    before(async () => {
      t = await jwtApp({ secret: SECRET, expiresIn: 600 }, {}, database);
      aliceId = ((await t.addUser({ username: 'alice' })) as { id: number }).id;
      await t.addUser({ username: 'bob' });
    });
    after(() => t.close());

    it('logs in with a signed token carrying subject, issued-at, expiry and id; stores nothing', async () => {
      const token = await t.login('alice');
      const claims = decode(token);
      assert.equal(claims.sub, String(aliceId));
      assert.equal(typeof claims.jti, 'string');
      assert.equal(typeof claims.iat, 'number');
      assert.equal((claims.exp as number) - (claims.iat as number), 600);
      assert.equal((await t.tokenRows()).length, 0);
      const profile = await t.http.get('/jwt-profile').set('Authorization', `Bearer ${token}`);
      assert.deepEqual(profile.body, { username: 'alice' });
    });

    it('refuses expired, tampered, foreign and unsigned tokens with 401 Invalid token.', async () => {
      const token = await t.login('alice');
      const [header, payload, signature] = token.split('.');
      const tamperedPayload = Buffer.from(JSON.stringify({ ...decode(token), sub: '999' })).toString('base64url');
      const other = new JwtService({ secret: 'another-secret-that-is-long-enough-0123456789' });
      const claims = { iat_ms: Date.now() };
      const candidates = [
        await new JwtService({ secret: SECRET }).signAsync(claims, {
          expiresIn: -10,
          subject: String(aliceId),
          jwtid: 'x',
        }),
        `${header}.${tamperedPayload}.${signature}`,
        `${header}.${payload}.${signature.slice(0, -2)}xx`,
        await other.signAsync(claims, { expiresIn: 600, subject: String(aliceId), jwtid: 'y' }),
        `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`,
        // valid signatures under the wrong algorithm, or over payloads that are not claims
        handSigned({ alg: 'HS384', typ: 'JWT' }, decode(token), 'sha384'),
        handSigned({ alg: 'HS256', typ: 'JWT' }, [decode(token)]),
        handSigned({ alg: 'HS256', typ: 'JWT' }, JSON.stringify(decode(token)).slice(0, -1)),
        handSigned({ alg: 'HS256' }, `"${JSON.stringify(decode(token))}"`),
        handSigned({ alg: 'HS256', typ: 'JWT' }, { ...decode(token), exp: Math.floor(Date.now() / 1000) - 1 }),
        handSigned({ alg: 'HS256', typ: 'JWT' }, { ...decode(token), nbf: Math.floor(Date.now() / 1000) + 60 }),
        handSigned({ alg: 'HS256', typ: 'JWT' }, { ...decode(token), exp: String(decode(token).exp) }),
        // shapes jsonwebtoken refuses: padding, extra dots, other alphabets
        `${header}.${payload}.${signature}=`,
        `${header}=.${payload}.${signature}`,
        `${token}.`,
        `${header}..${payload}.${signature}`,
        `${header}.${payload}.${signature.replace(/[-_]/g, (c) => (c === '-' ? '+' : '/'))}+`,
        `${header}.${b64('x'.repeat(12_000))}.${signature}`,
        'not.a.jwt',
        'garbage',
      ];
      for (const candidate of candidates) {
        const response = await t.http.get('/jwt-profile').set('Authorization', `Bearer ${candidate}`);
        assert.equal(response.status, 401, candidate);
        assert.deepEqual(response.body, { detail: 'Invalid token.' });
        assert.equal(response.headers['www-authenticate'], 'Bearer');
      }
    });

    it('refuses a token of a user made inactive', async () => {
      const token = await t.login('bob');
      await t.dataSource.getRepository(User).update({ username: 'bob' }, { isActive: false });
      const response = await t.http.get('/jwt-profile').set('Authorization', `Bearer ${token}`);
      assert.equal(response.status, 401);
      assert.deepEqual(response.body, { detail: 'User inactive or deleted.' });
    });

    it('logs out, but cannot revoke: 400 "Authentication token cannot be revoked"', async () => {
      const token = await t.login('alice');
      assert.deepEqual((await t.http.post('/accounts/logout').set('Authorization', `Bearer ${token}`)).body, {
        detail: 'Logout successful',
      });
      const revoke = await t.http
        .post('/accounts/logout')
        .set('Authorization', `Bearer ${token}`)
        .send({ revoke_token: true });
      assert.equal(revoke.status, 400);
      assert.deepEqual(revoke.body, { detail: 'Authentication token cannot be revoked' });
      assert.equal((await t.http.get('/jwt-profile').set('Authorization', `Bearer ${token}`)).status, 200);
    });
  });
}

describe('JwtAuthTokenManager with an issuer and an audience', () => {
  let t: TestApp;
  before(async () => {
    t = await jwtApp({ secret: SECRET, issuer: 'https://api.example.com', audience: 'web' });
    await t.addUser({ username: 'alice' });
  });
  after(() => t.close());
  const profile = (token: string) => t.http.get('/jwt-profile').set('Authorization', `Bearer ${token}`);

  it('sets both claims and requires them: an array audience naming ours passes, any other value is refused', async () => {
    const token = await t.login('alice');
    const claims = decode(token);
    assert.equal(claims.iss, 'https://api.example.com');
    assert.equal(claims.aud, 'web');
    assert.equal((await profile(token)).status, 200);
    const header = { alg: 'HS256', typ: 'JWT' };
    assert.equal((await profile(handSigned(header, { ...claims, aud: ['mobile', 'web'] }))).status, 200);
    for (const changed of [
      { aud: 'mobile' },
      { aud: ['mobile'] },
      { aud: undefined },
      { iss: 'https://other.example.com' },
      { iss: undefined },
    ]) {
      const response = await profile(handSigned(header, { ...claims, ...changed }));
      assert.equal(response.status, 401, JSON.stringify(changed));
      assert.deepEqual(response.body, { detail: 'Invalid token.' });
    }
  });
});

async function denylistSuite(name: string, makeApp: () => Promise<TestApp>, skip?: string) {
  describe(`JwtAuthTokenManager with ${name}`, { skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await makeApp();
      await t.addUser({ username: 'alice' });
      await t.addUser({ username: 'carol' });
    });
    after(() => t.close());
    const profile = (token: string) => t.http.get('/jwt-profile').set('Authorization', `Bearer ${token}`);

    it('revoke_token refuses that token until it expires, and only that one', async () => {
      const first = await t.login('alice');
      const second = await t.login('alice');
      const response = await t.http
        .post('/accounts/logout')
        .set('Authorization', `Bearer ${first}`)
        .send({ revoke_token: true });
      assert.deepEqual(response.body, { detail: 'Logout successful' });
      assert.deepEqual((await profile(first)).body, { detail: 'Invalid token.' });
      assert.equal((await profile(second)).status, 200);
    });

    it("revoke_all_tokens refuses every earlier token of the user, not later ones nor other users'", async () => {
      const first = await t.login('alice');
      const second = await t.login('alice');
      const carols = await t.login('carol');
      assert.equal(
        (
          await t.http
            .post('/accounts/logout')
            .set('Authorization', `Bearer ${first}`)
            .send({ revoke_all_tokens: true })
        ).status,
        200,
      );
      assert.equal((await profile(first)).status, 401);
      assert.equal((await profile(second)).status, 401);
      assert.equal((await profile(carols)).status, 200);
      const fresh = await t.login('alice');
      assert.equal((await profile(fresh)).status, 200);
    });
  });
}

for (const database of DATABASES) {
  await denylistSuite(
    `the TypeORM denylist on ${database.name}`,
    () => jwtApp({ secret: SECRET, denylist: TypeOrmJwtDenylist }, {}, database),
    database.skip,
  );
}

const redisUrl = process.env.TEST_REDIS_URL;
if (redisUrl) {
  const redis = new Redis(redisUrl, { lazyConnect: true });
  const prefix = `registration-test:${process.pid}:${Date.now()}:`;
  await denylistSuite('the Redis denylist', () =>
    jwtApp({ secret: SECRET, denylist: new RedisJwtDenylist(redis, prefix) }),
  );
  after(() => redis.quit());
} else {
  describe('JwtAuthTokenManager with the Redis denylist', { skip: 'TEST_REDIS_URL is not set' }, () => undefined);
}

describe('JwtAuthTokenManager configuration', () => {
  const problemIds = async (jwt: RegistrationModuleOptions['jwt'], entities = ENTITIES) => {
    const t = await createTestApp({
      entities,
      controllers: [JwtProfileController],
      settings: { authTokenManagerClass: JwtAuthTokenManager, jwt },
      skipInit: true,
    });
    try {
      await t.app.init();
      return [];
    } catch (error) {
      assert.ok(error instanceof RegistrationConfigurationError);
      return error.problems.map((p) => p.id);
    } finally {
      await t.close().catch(() => undefined);
    }
  };

  it('E030: no secret', async () => assert.deepEqual(await problemIds(undefined), ['registration.E030']));
  it('E031: a weak secret', async () => assert.deepEqual(await problemIds({ secret: 'short' }), ['registration.E031']));
  it('E032: a lifetime that is not positive', async () =>
    assert.deepEqual(await problemIds({ secret: SECRET, expiresIn: 0 }), ['registration.E032']));
  it('E006: the denylist entity is not in the DataSource', async () =>
    assert.deepEqual(await problemIds({ secret: SECRET, denylist: TypeOrmJwtDenylist }, [User, AuthTokenEntity]), [
      'registration.E006',
    ]));
  it('silent with a good secret', async () => assert.deepEqual(await problemIds({ secret: SECRET }), []));

  it('takes the secret from @nestjs/config through forRootAsync', async () => {
    @Module({
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ JWT_SECRET: SECRET })] })],
      exports: [ConfigModule],
    })
    class SecretsModule {}
    const t = await createTestApp({
      entities: ENTITIES,
      controllers: [JwtProfileController],
      asyncOptions: {
        imports: [SecretsModule],
        inject: [ConfigService],
        useFactory: (config: ConfigService) => ({
          userEntity: User,
          authTokenManagerClass: JwtAuthTokenManager,
          jwt: { secret: config.getOrThrow<string>('JWT_SECRET') },
        }),
      },
    });
    try {
      await t.addUser({ username: 'alice' });
      const token = await t.login('alice', PASSWORD);
      assert.equal((await t.http.get('/jwt-profile').set('Authorization', `Bearer ${token}`)).status, 200);
    } finally {
      await t.close();
    }
  });
});
