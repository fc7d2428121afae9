import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Injectable } from '@nestjs/common';
import supertest from 'supertest';
import {
  AuthenticationFailed,
  AuthTokenError,
  AuthTokenNotFound,
  AuthTokenNotProvided,
  AuthTokenNotRevoked,
  authenticateByLoginData,
  DEFAULT_MESSAGES,
  type LoginAuthenticator,
  RegistrationMessages,
  type RegistrationMessageKey,
  type RegistrationMessagesSettings,
  TypeOrmAuthTokenManager,
  UserNotFound,
} from 'nestjs-rest-registration';
import { MESSAGE_PLACEHOLDERS } from '../lib/messages/default-messages.js';
import { createTestApp, defaultAdapter, PASSWORD, type TestApp, useSessions } from './support/app.js';
import { User } from './support/entities.js';
import { registrationMessageCases } from './support/registration-messages.js';
import { registerEmailMessageCases } from './support/register-email-messages.js';
import { changePasswordMessageCases } from './support/change-password-messages.js';
import { resetPasswordMessageCases } from './support/reset-password-messages.js';

const KEYS = Object.keys(DEFAULT_MESSAGES) as RegistrationMessageKey[];

/** Every message replaced by `T:<key>` followed by its placeholders, so each answer names its key. */
const TRANSLATED: RegistrationMessagesSettings = Object.fromEntries(
  KEYS.map((key) => [key, `T:${key}${(MESSAGE_PLACEHOLDERS[key] ?? []).map((name) => ` {${name}}`).join('')}`]),
);
// A function, as a language with several plural forms needs.
TRANSLATED.throttled = ({ wait }) => `T:throttled ${wait}`;

const expected = (key: RegistrationMessageKey, ...params: Array<string | number>): string =>
  [`T:${key}`, ...params].join(' ');

/** The keys an answer was seen with; the last test checks that every key was reached. */
const reached = new Set<RegistrationMessageKey>();

function assertDetail(
  response: supertest.Response,
  status: number,
  key: RegistrationMessageKey,
  ...params: Array<string | number>
): void {
  assert.equal(response.status, status, JSON.stringify(response.body));
  assert.deepEqual(response.body, { detail: expected(key, ...params) });
  reached.add(key);
}

/** Whether any default English text of the module is in this answer. */
function assertNoDefaultText(response: supertest.Response): void {
  const text = response.text;
  for (const key of KEYS) {
    const template = DEFAULT_MESSAGES[key];
    if (typeof template !== 'string') continue;
    const fixed = template.split('{')[0];
    if (fixed.length < 4) continue; // `"{input}" is ...` starts with a quote, in every JSON body
    assert.ok(!text.includes(fixed), `"${fixed}" (${key}) in ${text}`);
  }
}

/** What the token manager throws next, to show that a host's own errors are translated too. */
const script: { next?: () => Error } = {};

function scripted(): void {
  const next = script.next;
  if (!next) return;
  script.next = undefined;
  throw next();
}

@Injectable()
class ScriptedTokenManager extends TypeOrmAuthTokenManager {
  override async provideToken(user: object): Promise<string> {
    scripted();
    return super.provideToken(user);
  }

  override async revokeToken(user: object, options?: { token?: string }): Promise<void> {
    scripted();
    return super.revokeToken(user, options);
  }

  override async authenticateToken(token: string): Promise<object> {
    scripted();
    return super.authenticateToken(token);
  }
}

/** The default authenticator, except that the login `db-down` meets a database that does not answer. */
const authenticator: LoginAuthenticator = (data, context) => {
  if (data.login === 'db-down') {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  }
  return authenticateByLoginData(data, context);
};

describe('messages: every answer in the configured words', () => {
  let t: TestApp;
  let token: string;
  const express = defaultAdapter() === 'express';

  before(async () => {
    t = await createTestApp({
      settings: {
        messages: TRANSLATED,
        loginRetrieveToken: true,
        authTokenManagerClass: ScriptedTokenManager,
        loginAuthenticator: authenticator,
      },
    });
    await t.addUser({ username: 'alice' });
    await t.addUser({ username: 'gone' });
  });
  after(() => t.close());

  it('login and logout success', async () => {
    const login = await t.http.post('/accounts/login').send({ login: 'alice', password: PASSWORD });
    assert.equal(login.status, 200);
    assert.equal(login.body.detail, expected('loginSuccessful'));
    assert.deepEqual(Object.keys(login.body), ['detail', 'token']);
    token = login.body.token as string;
    reached.add('loginSuccessful');
    const other = await t.login('alice');
    assertDetail(await t.http.post('/accounts/logout').set('Authorization', `Token ${other}`), 200, 'logoutSuccessful');
  });

  it('a failed login', async () => {
    const response = await t.http.post('/accounts/login').send({ login: 'alice', password: 'wrong' });
    assertDetail(response, 400, 'loginInvalid');
    assertNoDefaultText(response);
    assertDetail(await t.http.post('/accounts/login').send({ login: 'nobody', password: 'x' }), 400, 'loginInvalid');
  });

  it('field errors of the login and logout serializers', async () => {
    const missing = await t.http.post('/accounts/login').send({});
    assert.deepEqual(missing.body, { login: [expected('fieldRequired')], password: [expected('fieldRequired')] });
    const blankAndNull = await t.http.post('/accounts/login').send({ login: '  ', password: null });
    assert.deepEqual(blankAndNull.body, { login: [expected('fieldBlank')], password: [expected('fieldNull')] });
    const notString = await t.http.post('/accounts/login').send({ login: ['alice'], password: true });
    assert.deepEqual(notString.body, { login: [expected('fieldNotAString')], password: [expected('fieldNotAString')] });
    const list = await t.http.post('/accounts/login').send([1, 2]);
    assert.deepEqual(list.body, { non_field_errors: [expected('invalidData', 'list')] });
    const logout = await t.http
      .post('/accounts/logout')
      .set('Authorization', `Token ${token}`)
      .send({ revoke_token: 'maybe' });
    assert.deepEqual(logout.body, { revoke_token: [expected('fieldNotABoolean')] });
    for (const response of [missing, blankAndNull, notString, list, logout]) {
      assert.equal(response.status, 400);
      assertNoDefaultText(response);
    }
    for (const key of ['fieldRequired', 'fieldBlank', 'fieldNull', 'fieldNotAString', 'invalidData'] as const) {
      reached.add(key);
    }
    reached.add('fieldNotABoolean');
  });

  it('methods, media types and bodies the routes cannot read', async () => {
    const get = await t.http.get('/accounts/login');
    assertDetail(get, 405, 'methodNotAllowed', 'GET');
    assert.equal(get.headers.allow, 'POST, OPTIONS');
    assertDetail(
      await t.http.post('/accounts/login').set('Content-Type', 'text/plain').send('login=alice'),
      415,
      'unsupportedMediaType',
      'text/plain',
    );
    const malformed = await t.http.post('/accounts/login').set('Content-Type', 'application/json').send('{"login":');
    assert.equal(malformed.status, 400);
    assert.match(malformed.body.detail as string, /^T:parseError \S/);
    reached.add('parseError');
    const deep = `{"login":${'['.repeat(40)}${']'.repeat(40)},"password":"x"}`;
    assertDetail(
      await t.http.post('/accounts/login').set('Content-Type', 'application/json').send(deep),
      400,
      'parseErrorTooDeep',
      32,
    );
    if (express) {
      // JSON.parse would quote the body here (`Unexpected token 'P', "Pa55}" is not valid JSON`).
      assertDetail(
        await t.http.post('/accounts/login').set('Content-Type', 'application/json').send('Pa55}'),
        400,
        'parseErrorUnexpectedToken',
      );
    }
    assertDetail(
      await t.http
        .post('/accounts/login')
        .set('Content-Type', 'application/json')
        .send(`{"login":"${'a'.repeat(2 * 1024 * 1024)}","password":"x"}`),
      413,
      'payloadTooLarge',
    );
  });

  it(
    'Express: charsets, content encodings and bodies that fail to decompress',
    { skip: express ? false : 'body-parser (Express) only: Fastify reads no charset or content encoding' },
    async () => {
      const post = () => t.http.post('/accounts/login');
      assertDetail(
        await post().set('Content-Type', 'application/json; charset=klingon').send('{}'),
        415,
        'unsupportedCharset',
        'klingon',
      );
      assertDetail(
        await post().set('Content-Type', 'application/json').set('Content-Encoding', 'foo').send('{}'),
        415,
        'unsupportedEncoding',
        'foo',
      );
      assertDetail(
        await post().set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send('not gzip at all'),
        400,
        'unreadableBody',
      );
      // Methods without a handler of their own are answered by the module's Express fallback.
      const propfind = await (t.http as unknown as Record<string, (path: string) => supertest.Test>).propfind(
        '/accounts/logout',
      );
      assertDetail(propfind, 405, 'methodNotAllowed', 'PROPFIND');
    },
  );

  it('token headers on logout and on a host route', async () => {
    for (const path of ['/accounts/logout', '/profile']) {
      const request = (header?: string) => {
        const test = path === '/profile' ? t.http.get(path) : t.http.post(path);
        return header === undefined ? test : test.set('Authorization', header);
      };
      const none = await request();
      assertDetail(none, 401, 'notAuthenticated');
      assert.equal(none.headers['www-authenticate'], 'Token');
      assertDetail(await request('Token'), 401, 'invalidTokenHeaderNoCredentials');
      assertDetail(await request('Token a b'), 401, 'invalidTokenHeaderSpaces');
      assertDetail(await request('Token nrr_unknown'), 401, 'invalidToken');
      assertDetail(await request(`Token nrr_${'x'.repeat(43)}`), 401, 'invalidToken');
    }
  });

  it('the token of a user who was deactivated', async () => {
    const gone = await t.login('gone');
    await t.dataSource.getRepository(User).update({ username: 'gone' }, { isActive: false });
    assertDetail(await t.http.get('/profile').set('Authorization', `Token ${gone}`), 401, 'userInactiveOrDeleted');
  });

  it("the token manager's errors, thrown with their default texts by the host's code", async () => {
    script.next = () => new AuthTokenNotProvided();
    assertDetail(
      await t.http.post('/accounts/login').send({ login: 'alice', password: PASSWORD }),
      400,
      'authTokenNotProvided',
    );
    const cases: Array<[() => Error, RegistrationMessageKey]> = [
      [() => new AuthTokenNotRevoked(), 'authTokenNotRevoked'],
      [() => new AuthTokenNotFound(), 'authTokenNotFound'],
      [() => new AuthTokenError(), 'authTokenError'],
    ];
    for (const [error, key] of cases) {
      const fresh = await t.login('alice');
      script.next = error;
      assertDetail(
        await t.http.post('/accounts/logout').set('Authorization', `Token ${fresh}`).send({ revoke_token: true }),
        400,
        key,
      );
    }
    // A guard on a host route, with the host's manager refusing the token.
    script.next = () => new AuthenticationFailed();
    assertDetail(await t.http.get('/profile').set('Authorization', `Token ${token}`), 401, 'authenticationFailed');
  });

  it('a database that does not answer', async () => {
    assertDetail(
      await t.http.post('/accounts/login').send({ login: 'db-down', password: 'x' }),
      503,
      'serviceUnavailable',
    );
  });

  it('GET /accounts/csrf without session login', async () => {
    assertDetail(await t.http.get('/accounts/csrf'), 404, 'notFound');
  });

  it('texts given by the host, not by key, are left alone', () => {
    const messages = t.app.get(RegistrationMessages);
    assert.equal(messages.localize(new AuthTokenError('the host chose this')).detail, 'the host chose this');
    assert.equal(messages.localize(new UserNotFound()).detail, expected('userNotFound'));
    reached.add('userNotFound'); // never in an answer: login turns it into loginInvalid
  });

  describe('sessions and CSRF', () => {
    let s: TestApp;
    before(async () => {
      s = await createTestApp({
        settings: { messages: TRANSLATED, loginAuthenticateSession: true, loginRetrieveToken: false },
        configure: (app) => useSessions(app),
      });
      await s.addUser({ username: 'alice' });
    });
    after(() => s.close());

    it('CSRF failures', async () => {
      const browser = await s.http
        .post('/accounts/login')
        .set('Origin', 'https://evil.example')
        .send({ login: 'alice', password: PASSWORD });
      assertDetail(browser, 403, 'csrfCookieNotSet');
      const agent = supertest.agent(s.app.getHttpServer());
      assert.equal((await agent.get('/accounts/csrf')).status, 200);
      assertDetail(
        await agent.post('/accounts/login').send({ login: 'alice', password: PASSWORD }),
        403,
        'csrfTokenMissing',
      );
      assertDetail(
        await agent.post('/accounts/login').set('X-CSRFToken', 'wrong').send({ login: 'alice', password: PASSWORD }),
        403,
        'csrfTokenIncorrect',
      );
    });
  });

  describe('throttling', () => {
    let s: TestApp;
    before(async () => {
      s = await createTestApp({
        settings: {
          messages: TRANSLATED,
          loginThrottle: { perAddress: { limit: 1, ttl: 60_000 }, perLogin: { limit: 2, ttl: 60_000 } },
        },
      });
    });
    after(() => s.close());

    it('a client over its budget', async () => {
      assert.equal((await s.http.post('/accounts/login').send({ login: 'x', password: 'y' })).status, 400);
      const refused = await s.http.post('/accounts/login').send({ login: 'x', password: 'y' });
      assertDetail(refused, 429, 'throttled', Number(refused.headers['retry-after']));
    });
  });

  registrationMessageCases(TRANSLATED, expected, reached);
  registerEmailMessageCases(TRANSLATED, expected, reached);
  changePasswordMessageCases(TRANSLATED, expected, reached);
  resetPasswordMessageCases(TRANSLATED, expected, reached);

  it('every message key was reached by a test above', () => {
    const expressOnly = new Set<RegistrationMessageKey>([
      'unsupportedCharset',
      'unsupportedEncoding',
      'unreadableBody',
      'parseErrorUnexpectedToken',
    ]);
    const missing = KEYS.filter((key) => !reached.has(key) && (express || !expressOnly.has(key)));
    assert.deepEqual(missing, []);
  });
});

describe('messages: what is not overridden stays upstream English', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ settings: { messages: { loginInvalid: 'Anmeldung oder Passwort ungültig.' } } });
  });
  after(() => t.close());

  it('one message translated, the others as upstream', async () => {
    const invalid = await t.http.post('/accounts/login').send({ login: 'nobody', password: 'x' });
    assert.deepEqual(invalid.body, { detail: 'Anmeldung oder Passwort ungültig.' });
    const missing = await t.http.post('/accounts/login').send({ login: 'nobody' });
    assert.deepEqual(missing.body, { password: ['This field is required.'] });
    assert.deepEqual((await t.http.get('/profile')).body, {
      detail: 'Authentication credentials were not provided.',
    });
  });
});

describe('messages: a message function that throws', () => {
  it('falls back to the default text instead of answering 500', async () => {
    const messages = new RegistrationMessages({
      loginInvalid: () => {
        throw new Error('broken translation');
      },
    });
    assert.equal(messages.format('loginInvalid'), 'Login or password invalid.');
    const t = await createTestApp({
      settings: {
        messages: {
          loginInvalid: () => {
            throw new Error('broken translation');
          },
        },
      },
    });
    try {
      const response = await t.http.post('/accounts/login').send({ login: 'nobody', password: 'x' });
      assert.equal(response.status, 400);
      assert.deepEqual(response.body, { detail: 'Login or password invalid.' });
    } finally {
      await t.close();
    }
  });
});

describe('messages: docs/messages.md', () => {
  it('lists every key with its default text and placeholders', async () => {
    const { readFile } = await import('node:fs/promises');
    const doc = await readFile(new URL('../../docs/messages.md', import.meta.url), 'utf8');
    for (const key of KEYS) {
      const row = doc.split('\n').find((line) => line.startsWith(`| \`${key}\``));
      assert.ok(row, `docs/messages.md has no row for ${key}`);
      const template = DEFAULT_MESSAGES[key];
      if (typeof template === 'string')
        assert.ok(row.includes(`\`${template.replace(/\|/g, '\\|').replace(/\n/g, '\\n')}\``), row);
      for (const name of MESSAGE_PLACEHOLDERS[key] ?? []) assert.ok(row.includes(`\`{${name}}\``), row);
    }
  });
});

const GERMAN: RegistrationMessagesSettings = {
  loginInvalid: 'Anmeldename oder Passwort ungültig.',
  notAuthenticated: 'Anmeldedaten fehlen.',
  fieldRequired: 'Dieses Feld ist zwingend erforderlich.',
  invalidData: 'Ungültige Daten. Ein Dictionary wurde erwartet, aber {datatype} erhalten.',
  methodNotAllowed: 'Methode "{method}" nicht erlaubt.',
  parseError: 'JSON-Fehler: {error}',
  throttled: ({ wait }) => `Zu viele Versuche. Wieder möglich in ${wait} ${wait === 1 ? 'Sekunde' : 'Sekunden'}.`,
};

describe('messages: a language per request (messageTranslations)', () => {
  let t: TestApp;
  const express = defaultAdapter() === 'express';
  before(async () => {
    t = await createTestApp({
      settings: {
        messages: { loginSuccessful: 'Welcome' },
        messageTranslations: {
          de: GERMAN,
          'pt-BR': { loginInvalid: 'Login ou senha inválidos.' },
          fr: { loginInvalid: 'Identifiant ou mot de passe invalide.' },
        },
      },
    });
    await t.addUser({ username: 'alice' });
  });
  after(() => t.close());

  const invalid = (language?: string) => {
    const request = t.http.post('/accounts/login');
    if (language !== undefined) request.set('Accept-Language', language);
    return request.send({ login: 'alice', password: 'wrong' });
  };

  it('follows Accept-Language: exact, base language, regional variant, q-values; else the app texts', async () => {
    const cases: Array<[string | undefined, string]> = [
      ['de', GERMAN.loginInvalid as string],
      ['de-AT,de;q=0.9', GERMAN.loginInvalid as string],
      ['DE-ch', GERMAN.loginInvalid as string],
      ['pt', 'Login ou senha inválidos.'],
      ['pt-br', 'Login ou senha inválidos.'],
      ['fr;q=0.5, de;q=0.9', GERMAN.loginInvalid as string],
      ['it, fr;q=0.1', 'Identifiant ou mot de passe invalide.'],
      ['en', 'Login or password invalid.'],
      ['it, *', 'Login or password invalid.'],
      ['de;q=0', 'Login or password invalid.'],
      ['garbage;;;,', 'Login or password invalid.'],
      [undefined, 'Login or password invalid.'],
    ];
    for (const [language, detail] of cases) {
      const response = await invalid(language);
      assert.equal(response.status, 400);
      assert.deepEqual(response.body, { detail }, `Accept-Language: ${language}`);
      assert.match(String(response.headers.vary), /Accept-Language/);
    }
  });

  it('keys a language leaves out come from messages, then the defaults', async () => {
    const ok = await t.http
      .post('/accounts/login')
      .set('Accept-Language', 'de')
      .send({ login: 'alice', password: PASSWORD });
    assert.equal(ok.body.detail, 'Welcome');
    const logout = await t.http
      .post('/accounts/logout')
      .set('Accept-Language', 'de')
      .set('Authorization', `Token ${ok.body.token}`);
    assert.deepEqual(logout.body, { detail: 'Logout successful' });
  });

  it('field errors, guards on host routes, 405 and unreadable bodies in the request language', async () => {
    const de = (request: supertest.Test) => request.set('Accept-Language', 'de');
    assert.deepEqual((await de(t.http.post('/accounts/login')).send({ login: 'alice' })).body, {
      password: [GERMAN.fieldRequired],
    });
    assert.deepEqual((await de(t.http.post('/accounts/login')).send([1])).body, {
      non_field_errors: ['Ungültige Daten. Ein Dictionary wurde erwartet, aber list erhalten.'],
    });
    assert.deepEqual((await t.http.post('/accounts/login').send({ login: 'alice' })).body, {
      password: ['This field is required.'],
    });
    const profile = await de(t.http.get('/profile'));
    assert.equal(profile.status, 401);
    assert.deepEqual(profile.body, { detail: GERMAN.notAuthenticated });
    assert.equal(profile.headers['www-authenticate'], 'Token');
    assert.match(String(profile.headers.vary), /Accept-Language/);
    assert.deepEqual((await t.http.get('/profile')).body, { detail: 'Authentication credentials were not provided.' });
    assert.deepEqual((await de(t.http.get('/accounts/logout'))).body, { detail: 'Methode "GET" nicht erlaubt.' });
    const malformed = await de(t.http.post('/accounts/login')).set('Content-Type', 'application/json').send('{"x":');
    assert.equal(malformed.status, 400);
    assert.match(malformed.body.detail as string, /^JSON-Fehler: \S/);
    if (express) {
      const propfind = await de(
        (t.http as unknown as Record<string, (path: string) => supertest.Test>).propfind('/accounts/login'),
      );
      assert.deepEqual(propfind.body, { detail: 'Methode "PROPFIND" nicht erlaubt.' });
    }
  });

  describe('throttled logins', () => {
    let s: TestApp;
    before(async () => {
      s = await createTestApp({
        settings: {
          messageTranslations: { de: GERMAN },
          loginThrottle: { perAddress: { limit: 1, ttl: 60_000 }, perLogin: false },
        },
      });
    });
    after(() => s.close());

    it('answer in the request language, plural forms by function', async () => {
      await s.http.post('/accounts/login').send({ login: 'x', password: 'y' });
      const refused = await s.http
        .post('/accounts/login')
        .set('Accept-Language', 'de')
        .send({ login: 'x', password: 'y' });
      assert.equal(refused.status, 429);
      assert.deepEqual(refused.body, {
        detail: `Zu viele Versuche. Wieder möglich in ${refused.headers['retry-after']} Sekunden.`,
      });
    });
  });

  describe('messageLanguage instead of Accept-Language', () => {
    let s: TestApp;
    before(async () => {
      s = await createTestApp({
        settings: {
          messageTranslations: { de: GERMAN },
          messageLanguage: (request) => {
            const value = (request as { headers: Record<string, unknown> }).headers['x-language'];
            return typeof value === 'string' ? value : null;
          },
        },
      });
    });
    after(() => s.close());

    it('a messageLanguage that throws gets the default texts, not a 500', async () => {
      const messages = new RegistrationMessages(
        {},
        {
          translations: { de: GERMAN },
          language: () => {
            throw new Error('no profile');
          },
        },
      );
      assert.equal(messages.format('loginInvalid', undefined, { headers: {} }), 'Login or password invalid.');
    });

    it('picks the language it returns, ignores Accept-Language and adds no Vary', async () => {
      const chosen = await s.http
        .post('/accounts/login')
        .set('X-Language', 'de-DE')
        .send({ login: 'a', password: 'b' });
      assert.deepEqual(chosen.body, { detail: GERMAN.loginInvalid });
      const header = await s.http
        .post('/accounts/login')
        .set('Accept-Language', 'de')
        .send({ login: 'a', password: 'b' });
      assert.deepEqual(header.body, { detail: 'Login or password invalid.' });
      assert.doesNotMatch(String(header.headers.vary ?? ''), /Accept-Language/);
    });
  });
});
