import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuthTokenEntity } from 'nestjs-rest-registration';
import { createTestApp, MODULE_MODES, PASSWORD, type TestApp } from './support/app.js';
import { DATABASES } from './support/databases.js';

const INVALID = { detail: 'Login or password invalid.' };

for (const database of DATABASES) {
  describe(`login on ${database.name}`, { skip: database.skip }, () => {
    for (const mode of MODULE_MODES) {
      describe(`login (${mode}, ${database.name})`, () => {
        let t: TestApp;

        before(async () => {
          t = await createTestApp({ mode, database });
          await t.addUser({ username: 'alice', email: 'alice@example.com' });
          await t.addUser({ username: 'bob', isActive: false });
          await t.addUser({ username: '123' });
        });
        after(() => t.close());

        it('answers 200 with detail first, then a token', async () => {
          const response = await t.http.post('/accounts/login').send({ login: 'alice', password: PASSWORD });
          assert.equal(response.status, 200);
          assert.deepEqual(Object.keys(response.body), ['detail', 'token']);
          assert.equal(response.body.detail, 'Login successful');
          assert.match(response.body.token, /^nrr_[A-Za-z0-9_-]{43}$/);
        });

        it('accepts a trailing slash', async () => {
          const response = await t.http.post('/accounts/login/').send({ login: 'alice', password: PASSWORD });
          assert.equal(response.status, 200);
          assert.equal(response.body.detail, 'Login successful');
        });

        it('accepts form-urlencoded bodies', async () => {
          const response = await t.http
            .post('/accounts/login')
            .type('form')
            .send({ login: 'alice', password: PASSWORD });
          assert.equal(response.status, 200);
          assert.equal(typeof response.body.token, 'string');
        });

        it('ignores unknown keys and a stale Authorization header', async () => {
          const response = await t.http
            .post('/accounts/login')
            .set('Authorization', 'Token nrr_bogus')
            .send({ login: 'alice', password: PASSWORD, remember: true });
          assert.equal(response.status, 200);
        });

        it('trims the login value but not the password', async () => {
          const trimmedLogin = await t.http.post('/accounts/login').send({ login: '  alice  ', password: PASSWORD });
          assert.equal(trimmedLogin.status, 200);
          const paddedPassword = await t.http
            .post('/accounts/login')
            .send({ login: 'alice', password: ` ${PASSWORD} ` });
          assert.equal(paddedPassword.status, 400);
          assert.deepEqual(paddedPassword.body, INVALID);
        });

        it('coerces a number login to a string', async () => {
          const response = await t.http.post('/accounts/login').send({ login: 123, password: PASSWORD });
          assert.equal(response.status, 200);
        });

        for (const [name, body] of [
          ['wrong password', { login: 'alice', password: 'wrong' }],
          ['unknown user', { login: 'nobody', password: PASSWORD }],
          ['inactive user', { login: 'bob', password: PASSWORD }],
          ['wrong letter case', { login: 'ALICE', password: PASSWORD }],
          ['email while only username is a login field', { login: 'alice@example.com', password: PASSWORD }],
        ] as const) {
          it(`answers one message for: ${name}`, async () => {
            const response = await t.http.post('/accounts/login').send(body);
            assert.equal(response.status, 400);
            assert.deepEqual(response.body, INVALID);
          });
        }

        const fieldCases: Array<[string, unknown, object]> = [
          ['missing password', { login: 'alice' }, { password: ['This field is required.'] }],
          ['missing login', { password: PASSWORD }, { login: ['This field is required.'] }],
          ['empty object', {}, { login: ['This field is required.'], password: ['This field is required.'] }],
          [
            'blank values',
            { login: '', password: '' },
            { login: ['This field may not be blank.'], password: ['This field may not be blank.'] },
          ],
          ['whitespace-only login', { login: '   ', password: PASSWORD }, { login: ['This field may not be blank.'] }],
          [
            'null values',
            { login: null, password: null },
            { login: ['This field may not be null.'], password: ['This field may not be null.'] },
          ],
          [
            'array and boolean',
            { login: ['a'], password: true },
            { login: ['Not a valid string.'], password: ['Not a valid string.'] },
          ],
          ['object', { login: { a: 1 }, password: PASSWORD }, { login: ['Not a valid string.'] }],
          ['a JSON array body', [1, 2], { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] }],
        ];
        for (const [name, body, expected] of fieldCases) {
          it(`answers field errors for: ${name}`, async () => {
            const response = await t.http.post('/accounts/login').send(body as object);
            assert.equal(response.status, 400);
            assert.deepEqual(response.body, expected);
          });
        }

        it('treats a request without a body as an empty object', async () => {
          const response = await t.http.post('/accounts/login');
          assert.equal(response.status, 400);
          assert.deepEqual(response.body, {
            login: ['This field is required.'],
            password: ['This field is required.'],
          });
        });

        it('answers malformed JSON with a parse error and no echo of the body', async () => {
          const response = await t.http
            .post('/accounts/login')
            .set('Content-Type', 'application/json')
            .send('{"login": "alice", "password": "hunter2-secret"');
          assert.equal(response.status, 400);
          assert.deepEqual(Object.keys(response.body), ['detail']);
          assert.match(response.body.detail, /^JSON parse error - /);
          assert.doesNotMatch(response.body.detail, /hunter2/);
        });

        it('answers 415 for another media type', async () => {
          const response = await t.http.post('/accounts/login').set('Content-Type', 'text/plain').send('login=alice');
          assert.equal(response.status, 415);
          assert.deepEqual(response.body, { detail: 'Unsupported media type "text/plain" in request.' });
        });

        for (const method of ['get', 'put', 'patch', 'delete'] as const) {
          it(`answers 405 with Allow for ${method.toUpperCase()}`, async () => {
            const response = await t.http[method]('/accounts/login');
            assert.equal(response.status, 405);
            assert.equal(response.headers.allow, 'POST, OPTIONS');
            assert.deepEqual(response.body, { detail: `Method "${method.toUpperCase()}" not allowed.` });
          });
        }

        it('answers OPTIONS with Allow', async () => {
          const response = await t.http.options('/accounts/login');
          assert.equal(response.status, 204);
          assert.equal(response.headers.allow, 'POST, OPTIONS');
        });

        it('changes no stored data on a failed login', async () => {
          const before = await t.dataSource.getRepository(AuthTokenEntity).count();
          await t.http.post('/accounts/login').send({ login: 'alice', password: 'wrong' });
          await t.http.post('/accounts/login').send({ login: null });
          assert.equal(await t.dataSource.getRepository(AuthTokenEntity).count(), before);
        });
      });
    }
  });
}
