import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Controller, Get, UseGuards } from '@nestjs/common';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { CharField } from 'nestjs-rest-registration';
import supertest from 'supertest';
import { PASSWORD, useSessions } from './support/app.js';
import { DATABASES } from './support/databases.js';
import { DjangoUser, type RegistrationTestApp } from './support/registration.js';
import { profileApp } from './support/profile.js';

/** A host's profile DTO: last_name required (PUT), a short first name, and fields it may not write. */
class ProfileDto {
  @IsOptional()
  @IsString()
  @MaxLength(20, { message: 'Twenty characters at most.' })
  first_name?: string;

  @CharField()
  last_name: string;

  @IsOptional()
  @CharField()
  username?: string;

  @IsOptional()
  @IsBoolean()
  is_active?: boolean;

  @IsOptional()
  @IsString()
  email?: string;

  @IsOptional()
  id?: number;
}

async function row(t: RegistrationTestApp, id: number): Promise<Record<string, unknown>> {
  return { ...(await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ id })) };
}

const cookieValue = (response: supertest.Response, name: string) => {
  const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  const cookie = cookies.filter((c) => c.startsWith(`${name}=`)).at(-1);
  return cookie?.split(';')[0].slice(name.length + 1);
};

for (const database of DATABASES)
  describe(`profile: profileSerializerClass (${database.name})`, { skip: database.skip }, () => {
    let t: RegistrationTestApp;
    let token: string;
    const send = (method: 'patch' | 'put' | 'post', body: object) =>
      t.http[method]('/accounts/profile').set('Authorization', `Token ${token}`).send(body);

    before(async () => {
      t = await profileApp(database, { profileSerializerClass: ProfileDto });
      token = await t.login('alice');
    });
    after(() => t.close());

    it('PATCH checks only what is sent; PUT and POST need the required properties', async () => {
      const patch = await send('patch', { first_name: 'Al' });
      assert.equal(patch.status, 200, patch.text);
      assert.equal(patch.text, '{"id":1,"username":"alice","first_name":"Al","last_name":"","email":""}');
      const put = await send('put', { first_name: 'Alice' });
      assert.equal(put.status, 400);
      assert.equal(put.text, '{"last_name":["This field is required."]}');
      const post = await send('post', { last_name: 'L' });
      assert.equal(post.status, 200, post.text);
      assert.equal(post.text, '{"id":1,"username":"alice","first_name":"Al","last_name":"L","email":""}');
      const long = await send('patch', { first_name: 'x'.repeat(21) });
      assert.equal(long.status, 400);
      assert.equal(long.text, '{"first_name":["Twenty characters at most."]}');
      const array = await t.http.patch('/accounts/profile').set('Authorization', `Token ${token}`).send([]);
      assert.equal(array.text, '{"non_field_errors":["Invalid data. Expected a dictionary, but got list."]}');
    });

    it('the key, the e-mail, the active column and the password are never written, even when the DTO has them', async () => {
      const before = await row(t, 1);
      const response = await send('patch', { id: 7, email: 'hacker@example.com', is_active: false, password: 'x' });
      assert.equal(response.status, 200, response.text);
      assert.deepEqual(await row(t, 1), before);
      const put = await send('put', { last_name: 'L', id: 7, email: 'hacker@example.com', is_active: false });
      assert.equal(put.status, 200, put.text);
      assert.deepEqual(await row(t, 1), before);
    });

    it('a unique column keeps its uniqueness message; the own value is not a clash', async () => {
      const taken = await send('patch', { username: 'carol' });
      assert.equal(taken.status, 400);
      assert.equal(taken.text, '{"username":["A user with that username already exists."]}');
      const own = await send('patch', { username: 'alice' });
      assert.equal(own.status, 200, own.text);
    });
  });

describe('profile: the public fields decide what is shown and written', () => {
  it('userPublicFields: only those columns, never the active column even when listed', async () => {
    const t = await profileApp(undefined, { userPublicFields: ['id', 'username', 'is_active', 'email'] });
    try {
      const token = await t.login('alice');
      const show = await t.http.get('/accounts/profile').set('Authorization', `Token ${token}`);
      assert.equal(show.text, '{"id":1,"username":"alice","email":""}');
      const before = await row(t, 1);
      const patch = await t.http
        .patch('/accounts/profile')
        .set('Authorization', `Token ${token}`)
        .send({ first_name: 'Al', is_active: false });
      assert.equal(patch.status, 200);
      assert.equal(patch.text, '{"id":1,"username":"alice","email":""}');
      assert.deepEqual(await row(t, 1), before);
    } finally {
      await t.close();
    }
  });

  it('userHiddenFields without the active column: it stays out; a shown boolean is writable', async () => {
    const t = await profileApp(undefined, { userHiddenFields: [] });
    try {
      const token = await t.login('alice');
      const show = await t.http.get('/accounts/profile').set('Authorization', `Token ${token}`);
      assert.equal(show.text, '{"id":1,"username":"alice","first_name":"","last_name":"","email":"","is_staff":false}');
      const patch = await t.http
        .patch('/accounts/profile')
        .set('Authorization', `Token ${token}`)
        .send({ is_active: false, is_staff: 'maybe' });
      assert.equal(patch.status, 400);
      assert.equal(patch.text, '{"is_staff":["Must be a valid boolean."]}');
      const staff = await t.http
        .patch('/accounts/profile')
        .set('Authorization', `Token ${token}`)
        .send({ is_active: false, is_staff: true });
      assert.equal(staff.text, '{"id":1,"username":"alice","first_name":"","last_name":"","email":"","is_staff":true}');
      assert.equal((await row(t, 1)).is_active, true);
    } finally {
      await t.close();
    }
  });
});

for (const database of DATABASES)
  describe(`profile over the session (${database.name})`, { skip: database.skip }, () => {
    let t: RegistrationTestApp;

    before(async () => {
      t = await profileApp(
        database,
        { loginAuthenticateSession: true, loginRetrieveToken: false },
        { configure: (app) => useSessions(app) },
      );
    });
    after(() => t.close());

    it('GET with the session; PATCH without X-CSRFToken is 403 and changes nothing; with it, 200', async () => {
      const agent = supertest.agent(t.app.getHttpServer());
      const csrf = await agent.get('/accounts/csrf');
      const login = await agent
        .post('/accounts/login')
        .set('X-CSRFToken', csrf.body.csrfToken as string)
        .send({ login: 'alice', password: PASSWORD });
      assert.equal(login.status, 200, login.text);
      const token = cookieValue(login, 'csrftoken')!;
      const show = await agent.get('/accounts/profile');
      assert.equal(show.status, 200);
      assert.equal(show.text, '{"id":1,"username":"alice","first_name":"","last_name":"","email":""}');
      const before = await row(t, 1);
      const refused = await agent.patch('/accounts/profile').send({ first_name: 'Mallory' });
      assert.equal(refused.status, 403);
      assert.equal(refused.text, '{"detail":"CSRF Failed: CSRF token missing."}');
      assert.equal(refused.headers['www-authenticate'], undefined);
      const wrong = await agent.put('/accounts/profile').set('X-CSRFToken', `${token}x`).send({ username: 'm' });
      assert.equal(wrong.status, 403);
      assert.deepEqual(await row(t, 1), before);
      const patch = await agent.patch('/accounts/profile').set('X-CSRFToken', token).send({ first_name: 'Alice' });
      assert.equal(patch.status, 200, patch.text);
      assert.equal(patch.text, '{"id":1,"username":"alice","first_name":"Alice","last_name":"","email":""}');
      const anonymous = await t.http.get('/accounts/profile');
      assert.equal(anonymous.status, 401);
      assert.equal(anonymous.text, '{"detail":"Authentication credentials were not provided."}');
    });
  });

describe(
  'profile with the token cache',
  { skip: process.env.TEST_REDIS_URL ? false : 'TEST_REDIS_URL is not set' },
  () => {
    it('a host route answered from the cache sees the changed profile at once', async () => {
      const { Redis } = await import('ioredis');
      const { RedisTokenInvalidationChannel } = await import('nestjs-rest-registration');
      const redis = new Redis(process.env.TEST_REDIS_URL!, { maxRetriesPerRequest: 1 });
      redis.on('error', () => undefined);
      const channel = new RedisTokenInvalidationChannel(redis, { channel: `profile-${process.pid}-${Date.now()}` });
      const t = await profileApp(undefined, { tokenCache: { channel, ttl: 30 } });
      try {
        const token = await t.login('alice');
        const auth = { Authorization: `Token ${token}` };
        assert.deepEqual((await t.http.get('/profile').set(auth)).body, { username: 'alice', id: 1 });
        assert.deepEqual((await t.http.get('/profile').set(auth)).body, { username: 'alice', id: 1 }, 'cached');
        const patch = await t.http.patch('/accounts/profile').set(auth).send({ username: 'alice9' });
        assert.equal(patch.status, 200, patch.text);
        assert.deepEqual((await t.http.get('/profile').set(auth)).body, { username: 'alice9', id: 1 });
      } finally {
        await t.close();
        redis.disconnect();
      }
    });
  },
);

describe('profile with JWT (the manager guard)', () => {
  it('GET and PATCH with a Bearer JWT; without it 401 with the Bearer scheme', async () => {
    const { JwtAuthGuard, JwtAuthTokenManager } = await import('nestjs-rest-registration/jwt');
    @Controller()
    class JwtHostController {
      @Get('jwt-profile')
      @UseGuards(JwtAuthGuard)
      profile() {
        return {};
      }
    }
    const t = await profileApp(
      undefined,
      {
        authTokenManagerClass: JwtAuthTokenManager,
        jwt: { secret: 'a-test-secret-that-is-long-enough-0123456789', expiresIn: 600 },
      },
      { controllers: [JwtHostController] },
    );
    try {
      const token = await t.login('alice');
      const auth = { Authorization: `Bearer ${token}` };
      const show = await t.http.get('/accounts/profile').set(auth);
      assert.equal(show.text, '{"id":1,"username":"alice","first_name":"","last_name":"","email":""}');
      const patch = await t.http.patch('/accounts/profile').set(auth).send({ last_name: 'Liddell', is_active: false });
      assert.equal(patch.text, '{"id":1,"username":"alice","first_name":"","last_name":"Liddell","email":""}');
      assert.equal((await row(t, 1)).is_active, true);
      const forged = await t.http.get('/accounts/profile').set('Authorization', `Bearer ${token}x`);
      assert.equal(forged.status, 401);
    } finally {
      await t.close();
    }
  });
});
