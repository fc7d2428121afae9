import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type CanActivate, type ExecutionContext, Controller, Get, Injectable, UseGuards } from '@nestjs/common';
import { IsEmail } from 'class-validator';
import {
  authenticateByLoginData,
  REGISTRATION_AUTHENTICATOR,
  type AuthenticatorContext,
  AuthTokenManager,
  AuthTokenNotFound,
  AuthTokenNotProvided,
  CharField,
  CurrentUser,
  RegistrationUsers,
  TokenAuthGuard,
  UserNotFound,
} from 'nestjs-rest-registration';
import { createTestApp, PASSWORD, type TestApp } from './support/app.js';
import { Member, User, UserWithSharedEmail } from './support/entities.js';

const INVALID = { detail: 'Login or password invalid.' };

describe('several login fields: username, then email', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ settings: { userLoginFields: ['username', 'email'] } });
    await t.addUser({ username: 'carol', email: 'carol@example.com' });
    await t.addUser({ username: 'dan', email: 'dan@example.com', isActive: false });
  });
  after(() => t.close());

  it('logs in by username', async () => {
    assert.equal((await t.http.post('/accounts/login').send({ login: 'carol', password: PASSWORD })).status, 200);
  });

  it('logs in by email', async () => {
    const response = await t.http.post('/accounts/login').send({ login: 'carol@example.com', password: PASSWORD });
    assert.equal(response.status, 200);
    const profile = await t.http.get('/profile').set('Authorization', `Token ${response.body.token}`);
    assert.equal(profile.body.username, 'carol');
  });

  it('refuses an email in another letter case, an inactive user and a wrong password alike', async () => {
    for (const body of [
      { login: 'Carol@example.com', password: PASSWORD },
      { login: 'dan@example.com', password: PASSWORD },
      { login: 'carol@example.com', password: 'nope' },
    ]) {
      const response = await t.http.post('/accounts/login').send(body);
      assert.equal(response.status, 400);
      assert.deepEqual(response.body, INVALID);
    }
  });
});

describe('a login value two users share (unique check disabled)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({
      settings: {
        userEntity: UserWithSharedEmail,
        userLoginFields: ['email'],
        userLoginFieldsUniqueCheckEnabled: false,
      },
    });
    await t.addUser({ username: 'eve', email: 'shared@example.com' });
    await t.addUser({ username: 'frank', email: 'shared@example.com' });
    await t.addUser({ username: 'gina', email: 'gina@example.com' });
  });
  after(() => t.close());

  it('answers Login or password invalid, not 500', async () => {
    const response = await t.http.post('/accounts/login').send({ login: 'shared@example.com', password: PASSWORD });
    assert.equal(response.status, 400);
    assert.deepEqual(response.body, INVALID);
  });

  it('still logs in a user whose value is unique', async () => {
    assert.equal(
      (await t.http.post('/accounts/login').send({ login: 'gina@example.com', password: PASSWORD })).status,
      200,
    );
  });
});

class EmailLoginSerializer {
  @IsEmail({}, { message: 'Enter a valid email address.' })
  email: string;

  @CharField({ trim: false })
  password: string;
}

describe('custom serializer (email instead of login) on an entity without an active column', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({
      settings: {
        userEntity: Member,
        userLoginFields: ['email'],
        userPasswordField: 'passwordHash',
        userActiveField: null,
        loginSerializerClass: EmailLoginSerializer,
      },
      controllers: [MemberController],
    });
    await t.addUser({ email: 'hana@example.com' });
  });
  after(() => t.close());

  it("logs in with the serializer's own key", async () => {
    const response = await t.http.post('/accounts/login').send({ email: 'hana@example.com', password: PASSWORD });
    assert.equal(response.status, 200);
    const me = await t.http.get('/member').set('Authorization', `Bearer ${response.body.token}`);
    assert.equal(me.status, 200);
    assert.equal(me.body.email, 'hana@example.com');
    assert.match(me.body.uuid, /^[0-9a-f-]{36}$/);
  });

  it("answers the serializer's own field errors", async () => {
    const response = await t.http.post('/accounts/login').send({ email: 'not-an-email', password: '' });
    assert.equal(response.status, 400);
    assert.deepEqual(response.body, {
      email: ['Enter a valid email address.'],
      password: ['This field may not be blank.'],
    });
  });

  it('ignores the default "login" key', async () => {
    const response = await t.http.post('/accounts/login').send({ login: 'hana@example.com', password: PASSWORD });
    assert.equal(response.status, 400);
    assert.deepEqual(response.body, { email: ['Enter a valid email address.'] });
  });
});

@Controller()
class MemberController {
  @Get('member')
  @UseGuards(TokenAuthGuard)
  member(@CurrentUser() member: Member): { email: string; uuid: string } {
    return { email: member.email, uuid: member.uuid };
  }
}

describe('authenticator replaced', () => {
  it('by the loginAuthenticator setting (a function receiving the validated data)', async () => {
    const seen: object[] = [];
    const t = await createTestApp({
      settings: {
        loginAuthenticator: async (data: Record<string, unknown>, { users }: AuthenticatorContext) => {
          seen.push({ ...data });
          const [user] = await users.findByField('username', String(data.login).toLowerCase());
          if (!user || data.password !== 'magic') throw new UserNotFound();
          return user;
        },
      },
    });
    try {
      await t.addUser({ username: 'ivan' });
      const ok = await t.http.post('/accounts/login').send({ login: 'IVAN', password: 'magic', extra: 1 });
      assert.equal(ok.status, 200);
      assert.deepEqual(seen[0], { login: 'IVAN', password: 'magic' });
      const refused = await t.http.post('/accounts/login').send({ login: 'ivan', password: PASSWORD });
      assert.deepEqual(refused.body, INVALID);
    } finally {
      await t.close();
    }
  });

  it('by a class with DI', async () => {
    @Injectable()
    class FirstUserAuthenticator {
      constructor(private readonly users: RegistrationUsers) {}
      async authenticate(data: Record<string, unknown>): Promise<object> {
        if (data.password !== 'open sesame') throw new UserNotFound();
        const [user] = await this.users.findByField('username', 'judy');
        return user;
      }
    }
    const t = await createTestApp({ settings: { loginAuthenticator: FirstUserAuthenticator } });
    try {
      await t.addUser({ username: 'judy' });
      const response = await t.http.post('/accounts/login').send({ login: 'anything', password: 'open sesame' });
      assert.equal(response.status, 200);
      const profile = await t.http.get('/profile').set('Authorization', `Token ${response.body.token}`);
      assert.equal(profile.body.username, 'judy');
    } finally {
      await t.close();
    }
  });

  it("the recipe (docs/recipes.md): the default algorithm plus a rule of the host's, refused with the same answer", async () => {
    // docs/recipes.md: `if (!user.isStaff) throw new UserNotFound()`; the test entity has no such column, so email stands in.
    @Injectable()
    class StaffOnlyAuthenticator {
      async authenticate(data: Record<string, unknown>, context: AuthenticatorContext): Promise<object> {
        const user = (await authenticateByLoginData(data, context)) as User;
        if (!user.email?.endsWith('@staff.example')) throw new UserNotFound(); // same answer as a wrong password
        return user;
      }
    }
    const t = await createTestApp({ settings: { loginAuthenticator: StaffOnlyAuthenticator } });
    try {
      await t.addUser({ username: 'sam', email: 'sam@staff.example' });
      await t.addUser({ username: 'cus', email: 'cus@customer.example' });
      assert.equal((await t.http.post('/accounts/login').send({ login: 'sam', password: PASSWORD })).status, 200);
      assert.deepEqual((await t.http.post('/accounts/login').send({ login: 'cus', password: PASSWORD })).body, INVALID);
      assert.deepEqual((await t.http.post('/accounts/login').send({ login: 'sam', password: 'wrong' })).body, INVALID);
    } finally {
      await t.close();
    }
  });

  it('by plain DI: overrideProvider(REGISTRATION_AUTHENTICATOR)', async () => {
    const t = await createTestApp({
      override: (builder) =>
        builder
          .overrideProvider(REGISTRATION_AUTHENTICATOR)
          .useValue(async (data: Record<string, unknown>, { users }: AuthenticatorContext) => {
            const [user] = await users.findByField('username', 'kim');
            if (data.login !== 'kim-by-di') throw new UserNotFound();
            return user;
          }),
    });
    try {
      await t.addUser({ username: 'kim' });
      assert.equal((await t.http.post('/accounts/login').send({ login: 'kim-by-di', password: 'x' })).status, 200);
      assert.deepEqual((await t.http.post('/accounts/login').send({ login: 'kim', password: PASSWORD })).body, INVALID);
    } finally {
      await t.close();
    }
  });
});

/** A custom token manager: tokens in memory, with a guard of its own. */
const memoryTokens = new Map<string, number>();

@Injectable()
class MemoryTokenGuard implements CanActivate {
  constructor(private readonly users: RegistrationUsers) {}
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string>; user?: object }>();
    const id = memoryTokens.get(request.headers['x-memory-token'] ?? '');
    if (id === undefined) return false;
    request.user = (await this.users.findById(id)) ?? undefined;
    return request.user !== undefined;
  }
}

@Injectable()
class MemoryTokenManager extends AuthTokenManager {
  override getAuthenticationGuard() {
    return MemoryTokenGuard;
  }
  override async provideToken(user: object): Promise<string> {
    if ((user as User).username === 'nobody-gets-tokens') throw new AuthTokenNotProvided();
    const token = `memory-${memoryTokens.size + 1}`;
    memoryTokens.set(token, (user as User).id);
    return token;
  }
  override async revokeToken(user: object): Promise<void> {
    const mine = [...memoryTokens].filter(([, id]) => id === (user as User).id);
    if (mine.length === 0) throw new AuthTokenNotFound();
    for (const [token] of mine) memoryTokens.delete(token);
  }
}

@Controller()
class MemoryController {
  @Get('memory-profile')
  @UseGuards(MemoryTokenGuard)
  profile(@CurrentUser('username') username: string): { username: string } {
    return { username };
  }
}

describe('custom AuthTokenManager', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({
      settings: { authTokenManagerClass: MemoryTokenManager },
      controllers: [MemoryController],
    });
    await t.addUser({ username: 'liam' });
    await t.addUser({ username: 'nobody-gets-tokens' });
  });
  after(() => t.close());

  it('issues its tokens on login (auto mode sees its guard in use) and its guard accepts them', async () => {
    const response = await t.http.post('/accounts/login').send({ login: 'liam', password: PASSWORD });
    assert.equal(response.status, 200);
    assert.match(response.body.token, /^memory-\d+$/);
    const profile = await t.http.get('/memory-profile').set('X-Memory-Token', response.body.token);
    assert.deepEqual(profile.body, { username: 'liam' });
  });

  it('answers 400 "Authentication token could not be provided" when it cannot give one', async () => {
    const response = await t.http.post('/accounts/login').send({ login: 'nobody-gets-tokens', password: PASSWORD });
    assert.equal(response.status, 400);
    assert.deepEqual(response.body, { detail: 'Authentication token could not be provided' });
  });

  it('logs out through its guard and revokes with it', async () => {
    const token = (await t.http.post('/accounts/login').send({ login: 'liam', password: PASSWORD })).body.token;
    const response = await t.http
      .post('/accounts/logout')
      .set('X-Memory-Token', token)
      .send({ revoke_all_tokens: true });
    assert.equal(response.status, 200);
    assert.equal(memoryTokens.has(token), false);
    assert.equal((await t.http.get('/memory-profile').set('X-Memory-Token', token)).status, 403);
  });

  it('answers 400 "Authentication token not found" for revoke_token when the guard saw no token, and changes nothing', async () => {
    // MemoryTokenGuard authenticates without telling the module which token it saw (as a session
    // guard would), so there is no presenting token to revoke.
    const token = (await t.http.post('/accounts/login').send({ login: 'liam', password: PASSWORD })).body.token;
    const response = await t.http.post('/accounts/logout').set('X-Memory-Token', token).send({ revoke_token: true });
    assert.equal(response.status, 400);
    assert.deepEqual(response.body, { detail: 'Authentication token not found' });
    assert.equal(memoryTokens.has(token), true);
    assert.equal((await t.http.get('/memory-profile').set('X-Memory-Token', token)).status, 200);
  });
});
