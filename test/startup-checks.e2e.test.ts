import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import {
  RedisTokenInvalidationChannel,
  AuthTokenEntity,
  AuthTokenManager,
  type CheckProblem,
  RegistrationConfigurationError,
  type RegistrationModuleOptions,
} from 'nestjs-rest-registration';
import { type AppOptions, createTestApp } from './support/app.js';
import { Member, User, UserWithSharedEmail } from './support/entities.js';

@Entity('test_composite_users')
class CompositeUser {
  @PrimaryColumn({ type: 'varchar', length: 50 })
  tenant: string;

  @PrimaryColumn({ type: 'varchar', length: 50, unique: true })
  username: string;

  @Column({ type: 'varchar' })
  password: string;

  @Column({ default: true })
  isActive: boolean;
}

class NotAManager {
  provideToken() {
    return 'x';
  }
}

@Injectable()
class EmptyManager extends AuthTokenManager {}

@Injectable()
class NoVerifyManager extends AuthTokenManager {
  override getAuthenticationGuard() {
    return class OtherGuard {
      canActivate() {
        return true;
      }
    };
  }
  override async provideToken(): Promise<string> {
    return 'x';
  }
}

class NotAHasher {
  hash() {
    return 'x';
  }
}

const ALL_ENTITIES = [User, UserWithSharedEmail, Member, CompositeUser, AuthTokenEntity];

/** The problems startup reports for this configuration (none when the app starts). */
async function problemsFor(options: AppOptions): Promise<CheckProblem[]> {
  const t = await createTestApp({ entities: ALL_ENTITIES, ...options, skipInit: true });
  try {
    await t.app.init();
    return [];
  } catch (error) {
    assert.ok(error instanceof RegistrationConfigurationError, `unexpected ${String(error)}`);
    for (const problem of error.problems) {
      assert.ok(error.message.includes(`[${problem.id}] ${problem.problem}`), 'the message lists every problem');
      assert.ok(error.message.includes(`Fix: ${problem.fix}`), 'the message says how to fix each');
    }
    return error.problems;
  } finally {
    await t.close().catch(() => undefined);
  }
}

const ids = (problems: CheckProblem[]) => problems.map((p) => p.id).sort();
const settings = (value: Partial<RegistrationModuleOptions> | Record<string, unknown>) =>
  value as Partial<RegistrationModuleOptions>;

/** A real channel that is never started (the checks refuse the settings first); lazyConnect: no connection. */
const unstartedChannel = new RedisTokenInvalidationChannel(new Redis({ lazyConnect: true }));

const cases: Array<[string, AppOptions, string[], RegExp?]> = [
  [
    'E005: loginRetrieveToken true but the token guard protects nothing',
    { settings: { loginRetrieveToken: true }, controllers: [] },
    ['registration.E005'],
    /TokenAuthGuard/,
  ],
  ['E006: the token entity is not in the DataSource', { entities: [User] }, ['registration.E006'], /AuthTokenEntity/],
  [
    'E010: a login field is not unique',
    { settings: { userEntity: UserWithSharedEmail, userLoginFields: ['username', 'email'] } },
    ['registration.E010'],
    /email/,
  ],
  [
    'E011: the manager is not a subclass of AuthTokenManager',
    { settings: settings({ authTokenManagerClass: NotAManager }) },
    ['registration.E011'],
    /not a proper subclass of AuthTokenManager/,
  ],
  [
    'E011: the manager is not a class',
    { settings: settings({ authTokenManagerClass: 'TokenManager' }) },
    ['registration.E011'],
  ],
  [
    'E011: the manager implements nothing',
    { settings: { authTokenManagerClass: EmptyManager } },
    ['registration.E011', 'registration.E011'],
  ],
  [
    'E014: a default session strategy without sessions',
    { settings: { loginDefaultSessionAuthenticationBackend: 'local' } },
    ['registration.E014'],
  ],
  [
    'E015: a login field that is not a column',
    { settings: { userLoginFields: ['username', 'nickname'] } },
    ['registration.E015'],
    /nickname/,
  ],
  [
    'E016: session login without session middleware',
    { settings: { loginAuthenticateSession: true } },
    ['registration.E016'],
  ],
  [
    'E017: the user entity is not in the DataSource',
    { entities: [Member, AuthTokenEntity] },
    ['registration.E017'],
    /User/,
  ],
  ['E017: no user entity', { settings: settings({ userEntity: undefined }) }, ['registration.E017']],
  [
    'E018: the password column does not exist',
    { settings: { userPasswordField: 'pwd' } },
    ['registration.E018'],
    /pwd/,
  ],
  [
    'E019: the active column does not exist',
    { settings: { userEntity: Member, userLoginFields: ['email'], userPasswordField: 'passwordHash' } },
    ['registration.E019'],
    /isActive/,
  ],
  ['E020: a composite primary key', { settings: { userEntity: CompositeUser } }, ['registration.E020']],
  [
    'E021: a serializer that is not a class',
    { settings: settings({ loginSerializerClass: 'LoginDto' }) },
    ['registration.E021'],
  ],
  [
    'E022: an authenticator that is not callable',
    { settings: settings({ loginAuthenticator: 42 }) },
    ['registration.E022'],
  ],
  ['E023: a negative token lifetime', { settings: { tokenTtl: -5 } }, ['registration.E023']],
  [
    'E090: a token cache without an invalidation channel',
    { settings: { tokenCache: { size: 100 } as never } },
    ['registration.E090'],
  ],
  [
    'E091: a token cache of no size and a ttl above a minute',
    { settings: { tokenCache: { channel: unstartedChannel, size: 0, ttl: 600 } } },
    ['registration.E091', 'registration.E091'],
  ],
  [
    'E024: TokenAuthGuard with a manager that cannot check its tokens',
    { settings: { authTokenManagerClass: NoVerifyManager } },
    ['registration.E024'],
  ],
  [
    'E025: a password hasher that is not a PasswordHasher',
    { settings: settings({ passwordHasher: NotAHasher }) },
    ['registration.E025'],
  ],
  [
    'E026: a message key that does not exist (with the near miss named)',
    { settings: settings({ messages: { logininvalid: 'Falsch.' } }) },
    ['registration.E026'],
    /messages\.logininvalid is not a message of the module\. Did you mean messages\.loginInvalid\?/,
  ],
  [
    'E026: a message that is neither a text nor a function',
    { settings: settings({ messages: { loginInvalid: 42 } }) },
    ['registration.E026'],
    /messages\.loginInvalid is number, not a string or a function/,
  ],
  [
    'E026: a placeholder the message is not given',
    { settings: settings({ messages: { methodNotAllowed: 'Methode {metod} nicht erlaubt.' } }) },
    ['registration.E026'],
    /uses \{metod\}, which it is not given\. messages\.methodNotAllowed can use \{method\}/,
  ],
  [
    'E026: a language that is not a tag, a misspelt key in a language, a messageLanguage that is not a function',
    {
      settings: settings({
        messageTranslations: { de_DE: {}, fr: { logininvalid: 'Non.' } },
        messageLanguage: 'de',
      }),
    },
    ['registration.E026', 'registration.E026', 'registration.E026'],
    /"de_DE", which is not a language tag.*messageTranslations\.fr\.logininvalid is not a message of the module\. Did you mean messageTranslations\.fr\.loginInvalid\?.*messageLanguage is string, not a function/,
  ],
  [
    'E026: messages that is not an object',
    { settings: settings({ messages: 'de' }) },
    ['registration.E026'],
    /messages is de, not an object/,
  ],
];

describe('startup checks', () => {
  for (const [name, options, expected, mention] of cases) {
    it(name, async () => {
      const problems = await problemsFor(options);
      assert.deepEqual(ids(problems), expected);
      if (mention) assert.match(problems.map((p) => `${p.problem} ${p.fix}`).join(' '), mention);
    });
  }

  it('E011 names each missing method', async () => {
    const problems = await problemsFor({ settings: { authTokenManagerClass: EmptyManager } });
    assert.deepEqual(problems.map((p) => p.problem).sort(), [
      'authTokenManagerClass EmptyManager is not implementing method getAuthenticationGuard.',
      'authTokenManagerClass EmptyManager is not implementing method provideToken.',
    ]);
  });

  it('collects every problem into one error', async () => {
    const problems = await problemsFor({
      settings: settings({
        userLoginFields: ['nickname'],
        userPasswordField: 'pwd',
        tokenTtl: 0,
        loginAuthenticateSession: true,
      }),
    });
    assert.deepEqual(ids(problems), [
      'registration.E015',
      'registration.E016',
      'registration.E018',
      'registration.E023',
    ]);
  });

  it('refuses to listen', async () => {
    const t = await createTestApp({ entities: ALL_ENTITIES, settings: { userPasswordField: 'pwd' }, skipInit: true });
    await assert.rejects(t.app.listen(0, '127.0.0.1'), RegistrationConfigurationError);
    assert.equal(t.app.getHttpServer().listening, false);
    await t.close().catch(() => undefined);
  });

  const good: Array<[string, AppOptions]> = [
    ['the defaults', {}],
    ['several unique login fields', { settings: { userLoginFields: ['username', 'email'] } }],
    [
      'a non-unique login field with the check disabled',
      {
        settings: {
          userEntity: UserWithSharedEmail,
          userLoginFields: ['email'],
          userLoginFieldsUniqueCheckEnabled: false,
        },
      },
    ],
    [
      'an entity without an active column and userActiveField null',
      {
        settings: {
          userEntity: Member,
          userLoginFields: ['email'],
          userPasswordField: 'passwordHash',
          userActiveField: null,
        },
      },
    ],
    [
      'loginRetrieveToken true with the guard registered globally',
      { settings: { loginRetrieveToken: true }, controllers: [], extras: { globalGuard: true } },
    ],
    ['token retrieval off and no token entity', { settings: { loginRetrieveToken: false }, entities: [User] }],
    ['a token lifetime', { settings: { tokenTtl: 60 } }],
    [
      'messages per language, chosen by a function',
      {
        settings: {
          messageTranslations: { de: { loginInvalid: 'Falsch.' }, 'pt-BR': { loginInvalid: 'Inválido.' } },
          messageLanguage: () => 'de',
        },
      },
    ],
    [
      'translated messages, with placeholders and a function',
      {
        settings: {
          messages: {
            loginInvalid: 'Anmeldung oder Passwort ungültig.',
            methodNotAllowed: 'Methode "{method}" nicht erlaubt.',
            throttled: ({ wait }) => `Zu viele Versuche. Erneut möglich in ${wait} s.`,
          },
        },
      },
    ],
    [
      "the module's own session backend name",
      { settings: { loginDefaultSessionAuthenticationBackend: 'registration' } },
    ],
  ];
  for (const [name, options] of good) {
    it(`stays silent for ${name}`, async () => {
      assert.deepEqual(await problemsFor(options), []);
    });
  }
});
