import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AuthTokenEntity } from 'nestjs-rest-registration';
import { User } from './support/entities.js';
import { createTestApp, MODULE_MODES, type TestApp } from './support/app.js';
import { DATABASES, type TestDatabase } from './support/databases.js';

const NOT_PROVIDED = { detail: 'Authentication credentials were not provided.' };
const INVALID_TOKEN = { detail: 'Invalid token.' };

function logoutSuites(database: TestDatabase): void {
  for (const mode of MODULE_MODES) {
    describe(`logout (${mode}, ${database.name})`, () => {
      let t: TestApp;
      let token: string;

      before(async () => {
        t = await createTestApp({ mode, database });
        await t.addUser({ username: 'alice' });
        await t.addUser({ username: 'dave' });
      });
      after(() => t.close());
      beforeEach(async () => {
        token = await t.login('alice');
      });

      const logout = (body?: object | string, header = `Token ${token}`) => {
        const request = t.http.post('/accounts/logout').set('Authorization', header);
        return body === undefined ? request : request.send(body);
      };

      it('answers 200 and keeps the token without revoke_token', async () => {
        for (const body of [undefined, {}, { revoke_token: false }]) {
          const response = await logout(body);
          assert.equal(response.status, 200);
          assert.deepEqual(response.body, { detail: 'Logout successful' });
        }
        assert.equal((await t.http.get('/profile').set('Authorization', `Token ${token}`)).status, 200);
      });

      it('revokes only the presenting token with revoke_token', async () => {
        const other = await t.login('alice');
        const response = await logout({ revoke_token: true });
        assert.equal(response.status, 200);
        assert.deepEqual(response.body, { detail: 'Logout successful' });
        const refused = await t.http.get('/profile').set('Authorization', `Token ${token}`);
        assert.equal(refused.status, 401);
        assert.deepEqual(refused.body, INVALID_TOKEN);
        assert.equal((await t.http.get('/profile').set('Authorization', `Token ${other}`)).status, 200);
      });

      it("revokes every token of the user with revoke_all_tokens, and nobody else's", async () => {
        const other = await t.login('alice');
        const daves = await t.login('dave');
        const response = await logout({ revoke_all_tokens: true });
        assert.equal(response.status, 200);
        for (const revoked of [token, other]) {
          assert.equal((await t.http.get('/profile').set('Authorization', `Token ${revoked}`)).status, 401);
        }
        assert.equal((await t.http.get('/profile').set('Authorization', `Token ${daves}`)).status, 200);
        const alice = await t.dataSource.getRepository(User).findOneByOrFail({ username: 'alice' });
        assert.equal(await t.dataSource.getRepository(AuthTokenEntity).countBy({ userId: String(alice.id) }), 0);
      });

      it('accepts form-urlencoded revoke_token', async () => {
        const response = await t.http
          .post('/accounts/logout')
          .set('Authorization', `Token ${token}`)
          .type('form')
          .send('revoke_token=true');
        assert.equal(response.status, 200);
        assert.equal((await t.http.get('/profile').set('Authorization', `Token ${token}`)).status, 401);
      });

      for (const value of [true, 'true', 'True', 'TRUE', 't', 'Y', 'yes', 'on', 'ON', '1', 1]) {
        it(`reads revoke_token ${JSON.stringify(value)} as true`, async () => {
          assert.equal((await logout({ revoke_token: value })).status, 200);
          assert.equal((await t.http.get('/profile').set('Authorization', `Token ${token}`)).status, 401);
        });
      }

      for (const value of [false, 'false', 'F', 'no', 'off', 'n', '0', 0]) {
        it(`reads revoke_token ${JSON.stringify(value)} as false`, async () => {
          assert.equal((await logout({ revoke_token: value })).status, 200);
          assert.equal((await t.http.get('/profile').set('Authorization', `Token ${token}`)).status, 200);
        });
      }

      for (const [value, message] of [
        [null, 'This field may not be null.'],
        ['', 'Must be a valid boolean.'],
        ['maybe', 'Must be a valid boolean.'],
        [2, 'Must be a valid boolean.'],
        [[true], 'Must be a valid boolean.'],
      ] as const) {
        it(`refuses revoke_token ${JSON.stringify(value)} and changes nothing`, async () => {
          const rowsBefore = await t.tokenRows();
          const response = await logout({ revoke_token: value });
          assert.equal(response.status, 400);
          assert.deepEqual(response.body, { revoke_token: [message] });
          assert.deepEqual(
            (await t.tokenRows()).map((row) => row.digest).sort(),
            rowsBefore.map((row) => row.digest).sort(),
          );
          assert.equal((await t.http.get('/profile').set('Authorization', `Token ${token}`)).status, 200);
        });
      }

      it('answers 401 with WWW-Authenticate when unauthenticated', async () => {
        const response = await t.http.post('/accounts/logout').send({});
        assert.equal(response.status, 401);
        assert.equal(response.headers['www-authenticate'], 'Token');
        assert.deepEqual(response.body, NOT_PROVIDED);
      });

      it('answers 401 Invalid token for a revoked token', async () => {
        await logout({ revoke_token: true });
        const again = await logout({});
        assert.equal(again.status, 401);
        assert.deepEqual(again.body, INVALID_TOKEN);
      });

      it('answers 405 with Allow for GET', async () => {
        const response = await t.http.get('/accounts/logout').set('Authorization', `Token ${token}`);
        assert.equal(response.status, 405);
        assert.equal(response.headers.allow, 'POST, OPTIONS');
        assert.deepEqual(response.body, { detail: 'Method "GET" not allowed.' });
      });

      it('answers 415 for another media type, after authentication', async () => {
        const response = await t.http
          .post('/accounts/logout')
          .set('Authorization', `Token ${token}`)
          .set('Content-Type', 'text/plain')
          .send('revoke_token=true');
        assert.equal(response.status, 415);
        assert.deepEqual(response.body, { detail: 'Unsupported media type "text/plain" in request.' });
        assert.equal((await t.http.get('/profile').set('Authorization', `Token ${token}`)).status, 200);
      });

      it('answers malformed JSON with a parse error and revokes nothing', async () => {
        const response = await t.http
          .post('/accounts/logout')
          .set('Authorization', `Token ${token}`)
          .set('Content-Type', 'application/json')
          .send('{"revoke_token": tru');
        assert.equal(response.status, 400);
        assert.match(response.body.detail, /^JSON parse error - /);
        assert.equal((await t.http.get('/profile').set('Authorization', `Token ${token}`)).status, 200);
      });
    });
  }
}

function tokenHeaderSuite(database: TestDatabase): void {
  describe(`token header on a guarded route (contract 4a, ${database.name})`, () => {
    let t: TestApp;
    let token: string;

    before(async () => {
      t = await createTestApp({ database });
      await t.addUser({ username: 'alice' });
      await t.addUser({ username: 'erin' });
      token = await t.login('alice');
    });
    after(() => t.close());

    const profile = (header?: string) => {
      const request = t.http.get('/profile');
      return header === undefined ? request : request.set('Authorization', header);
    };

    for (const keyword of ['Token', 'token', 'TOKEN', 'Bearer', 'bearer']) {
      it(`accepts "${keyword} <key>"`, async () => {
        const response = await profile(`${keyword} ${token}`);
        assert.equal(response.status, 200);
        assert.equal(response.body.username, 'alice');
        assert.equal(typeof response.body.id, 'number');
      });
    }

    const cases: Array<[string, string | undefined, object]> = [
      ['no header', undefined, NOT_PROVIDED],
      ['another scheme', 'Basic YWxpY2U6cHc=', NOT_PROVIDED],
      ['Token with no key', 'Token', { detail: 'Invalid token header. No credentials provided.' }],
      ['Bearer with no key', 'Bearer ', { detail: 'Invalid token header. No credentials provided.' }],
      ['Token a b', 'Token a b', { detail: 'Invalid token header. Token string should not contain spaces.' }],
      ['an unknown key', `Token nrr_${'A'.repeat(43)}`, INVALID_TOKEN],
      ['a key of another shape', 'Token 0123456789abcdef0123456789abcdef01234567', INVALID_TOKEN],
    ];

    for (const [name, header, body] of cases) {
      it(`answers 401 for ${name}`, async () => {
        const response = await profile(header);
        assert.equal(response.status, 401);
        assert.equal(response.headers['www-authenticate'], 'Token');
        assert.deepEqual(response.body, body);
      });
    }

    it('answers 401 Invalid token for a tampered key', async () => {
      const tampered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
      const response = await profile(`Token ${tampered}`);
      assert.equal(response.status, 401);
      assert.deepEqual(response.body, INVALID_TOKEN);
    });

    it('answers 401 User inactive or deleted for a key of an inactive, then deleted user', async () => {
      const erinToken = await t.login('erin');
      await t.dataSource.getRepository(User).update({ username: 'erin' }, { isActive: false });
      const inactive = await profile(`Token ${erinToken}`);
      assert.equal(inactive.status, 401);
      assert.deepEqual(inactive.body, { detail: 'User inactive or deleted.' });
      await t.dataSource.getRepository(User).delete({ username: 'erin' });
      const deleted = await profile(`Token ${erinToken}`);
      assert.equal(deleted.status, 401);
      assert.deepEqual(deleted.body, { detail: 'User inactive or deleted.' });
    });
  });
}

for (const database of DATABASES) {
  describe(`logout on ${database.name}`, { skip: database.skip }, () => {
    logoutSuites(database);
    tokenHeaderSuite(database);
  });
}
