import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DATABASES } from './support/databases.js';
import { profileApp } from './support/profile.js';
import { DjangoUser, type RegistrationTestApp } from './support/registration.js';

const ALLOW = 'GET, POST, PUT, PATCH, HEAD, OPTIONS';
/** The stored row of a user, every column (the password hash too). */
async function row(t: RegistrationTestApp, username: string): Promise<Record<string, unknown>> {
  const user = await t.dataSource.getRepository(DjangoUser).findOneByOrFail({ username });
  return { ...user };
}

/** Transcript 11.1 rows 103 to 117 (profile, library defaults), exact statuses and bodies. */
for (const database of DATABASES)
  describe(`profile, configuration (i) (${database.name})`, { skip: database.skip }, () => {
    let t: RegistrationTestApp;
    let token: string;
    const auth = () => ({ Authorization: `Token ${token}` });
    const send = (method: 'patch' | 'put' | 'post', body: unknown) =>
      t.http[method]('/accounts/profile')
        .set(auth())
        .send(body as object);
    const expect = async (method: 'patch' | 'put' | 'post', body: unknown, status: number, expected: string) => {
      const response = await send(method, body);
      assert.equal(response.status, status, `${method} ${JSON.stringify(body)}: ${response.text}`);
      assert.equal(response.text, expected, `${method} ${JSON.stringify(body)}`);
      assert.equal(response.headers.allow, ALLOW);
    };

    before(async () => {
      t = await profileApp(database);
      token = await t.login('alice');
    });
    after(() => t.close());

    it('row 103: GET unauthenticated is 401 with WWW-Authenticate and Allow', async () => {
      const response = await t.http.get('/accounts/profile');
      assert.equal(response.status, 401);
      assert.equal(response.text, '{"detail":"Authentication credentials were not provided."}');
      assert.equal(response.headers['www-authenticate'], 'Token');
      assert.equal(response.headers.allow, ALLOW);
      const patch = await t.http.patch('/accounts/profile').send({ first_name: 'X' });
      assert.equal(patch.status, 401);
      assert.equal(patch.text, '{"detail":"Authentication credentials were not provided."}');
      const wrong = await t.http.get('/accounts/profile').set('Authorization', 'Token nrr_not-a-token');
      assert.equal(wrong.status, 401);
      assert.equal(wrong.text, '{"detail":"Invalid token."}');
    });

    it('row 104: GET shows the public fields, never the password or the active column', async () => {
      const response = await t.http.get('/accounts/profile').set(auth());
      assert.equal(response.status, 200);
      assert.equal(response.text, '{"id":1,"username":"alice","first_name":"","last_name":"","email":""}');
      assert.equal(response.headers.allow, ALLOW);
      assert.match(String(response.headers['content-type']), /^application\/json/);
      const head = await t.http.head('/accounts/profile').set(auth());
      assert.equal(head.status, 200);
      assert.equal(head.text, undefined);
    });

    it('row 105: OPTIONS answers 204 with Allow (we differ: no DRF metadata body)', async () => {
      const response = await t.http.options('/accounts/profile').set(auth());
      assert.equal(response.status, 204);
      assert.equal(response.headers.allow, ALLOW);
    });

    it('rows 106 to 109: PATCH is partial, PUT and POST are full updates', async () => {
      await expect(
        'patch',
        { first_name: 'Alice' },
        200,
        '{"id":1,"username":"alice","first_name":"Alice","last_name":"","email":""}',
      );
      await expect(
        'put',
        { username: 'alice', first_name: 'Alice', last_name: 'Liddell' },
        200,
        '{"id":1,"username":"alice","first_name":"Alice","last_name":"Liddell","email":""}',
      );
      await expect('put', { first_name: 'Alice' }, 400, '{"username":["This field is required."]}');
      await expect('post', { first_name: 'Alice' }, 400, '{"username":["This field is required."]}');
      await expect(
        'post',
        { username: 'alice', last_name: 'L.' },
        200,
        '{"id":1,"username":"alice","first_name":"Alice","last_name":"L.","email":""}',
      );
      const stored = await row(t, 'alice');
      assert.equal(stored.first_name, 'Alice');
      assert.equal(stored.last_name, 'L.');
    });

    it('row 110: read-only and hidden fields are ignored, the row keeps them (PATCH, PUT, POST)', async () => {
      const before = await row(t, 'alice');
      const forbidden = {
        id: 999,
        email: 'hacker@example.com',
        is_staff: true,
        is_superuser: true,
        is_active: false,
        password: 'x',
        last_login: null,
        date_joined: '2000-01-01T00:00:00Z',
      };
      const body = '{"id":1,"username":"alice","first_name":"Alice","last_name":"L.","email":""}';
      await expect('patch', forbidden, 200, body);
      await expect('put', { ...forbidden, username: 'alice' }, 200, body);
      await expect('post', { ...forbidden, username: 'alice' }, 200, body);
      assert.deepEqual(await row(t, 'alice'), before);
      assert.equal(await t.dataSource.getRepository(DjangoUser).countBy({ id: 999 }), 0);
      // The token still works: the password hash did not change.
      assert.equal((await t.http.get('/accounts/profile').set(auth())).status, 200);
    });

    it('rows 111 to 116: taken, invalid, blank, null, too long, JSON array', async () => {
      const before = await row(t, 'alice');
      await expect('patch', { username: 'carol' }, 400, '{"username":["A user with that username already exists."]}');
      await expect('put', { username: 'carol' }, 400, '{"username":["A user with that username already exists."]}');
      await expect(
        'patch',
        { username: 'a b' },
        400,
        '{"username":["Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."]}',
      );
      await expect('patch', { username: '' }, 400, '{"username":["This field may not be blank."]}');
      await expect(
        'patch',
        { username: null, first_name: null },
        400,
        '{"username":["This field may not be null."],"first_name":["This field may not be null."]}',
      );
      await expect(
        'patch',
        { first_name: 'u'.repeat(151) },
        400,
        '{"first_name":["Ensure this field has no more than 150 characters."]}',
      );
      await expect('patch', [], 400, '{"non_field_errors":["Invalid data. Expected a dictionary, but got list."]}');
      assert.deepEqual(await row(t, 'alice'), before);
    });

    it('row 117: DELETE is 405 with Allow; the row stays', async () => {
      const response = await t.http.delete('/accounts/profile').set(auth());
      assert.equal(response.status, 405);
      assert.equal(response.text, '{"detail":"Method \\"DELETE\\" not allowed."}');
      assert.equal(response.headers.allow, ALLOW);
      assert.equal(await t.dataSource.getRepository(DjangoUser).countBy({ username: 'alice' }), 1);
    });

    it('bodies: form-encoded, a trailing slash, malformed JSON, text/plain', async () => {
      const form = await t.http.patch('/accounts/profile/').set(auth()).type('form').send('last_name=Liddell');
      assert.equal(form.status, 200);
      assert.equal(form.text, '{"id":1,"username":"alice","first_name":"Alice","last_name":"Liddell","email":""}');
      const malformed = await t.http
        .patch('/accounts/profile')
        .set(auth())
        .set('Content-Type', 'application/json')
        .send('{"first_name":');
      assert.equal(malformed.status, 400);
      assert.match(malformed.body.detail as string, /^JSON parse error - /);
      const plain = await t.http.put('/accounts/profile').set(auth()).set('Content-Type', 'text/plain').send('x');
      assert.equal(plain.status, 415);
      assert.equal(plain.text, '{"detail":"Unsupported media type \\"text/plain\\" in request."}');
    });

    it('a username may be changed to a free one, and back; the token keeps working', async () => {
      await expect(
        'patch',
        { username: 'alice2' },
        200,
        '{"id":1,"username":"alice2","first_name":"Alice","last_name":"Liddell","email":""}',
      );
      await expect(
        'patch',
        { username: 'alice' },
        200,
        '{"id":1,"username":"alice","first_name":"Alice","last_name":"Liddell","email":""}',
      );
    });

    it('two users taking the same free username at once: one 200, the other the uniqueness message, never a 500', async () => {
      const carol = await t.login('carol');
      for (let round = 0; round < 3; round++) {
        const name = `taken${round}`;
        const answers = await Promise.all(
          [token, carol].map((key) =>
            t.http.patch('/accounts/profile').set('Authorization', `Token ${key}`).send({ username: name }),
          ),
        );
        const statuses = answers.map((answer) => answer.status).sort();
        assert.deepEqual(statuses, [200, 400], answers.map((answer) => answer.text).join(' '));
        const refused = answers.find((answer) => answer.status === 400)!;
        assert.equal(refused.text, '{"username":["A user with that username already exists."]}');
      }
      // Back to the transcripts' names for the other rows.
      await t.dataSource.getRepository(DjangoUser).update({ id: 1 }, { username: 'alice' });
      await t.dataSource.getRepository(DjangoUser).update({ id: 3 }, { username: 'carol' });
    });

    it('a value the database calls equal to a taken one (collation, expression index) is the uniqueness message, never a 500', async () => {
      // MariaDB's default collation ignores letter case; SQLite and PostgreSQL get an index that does.
      if (database.name !== 'mariadb')
        await t.dataSource.query('CREATE UNIQUE INDEX "auth_user_username_lower" ON "auth_user" (lower("username"))');
      const before = await row(t, 'alice');
      await expect('patch', { username: 'CAROL' }, 400, '{"username":["A user with that username already exists."]}');
      assert.deepEqual(await row(t, 'alice'), before);
      if (database.name !== 'mariadb') await t.dataSource.query('DROP INDEX "auth_user_username_lower"');
    });

    it('the host route /profile and the module route /accounts/profile do not collide', async () => {
      const host = await t.http.get('/profile').set(auth());
      assert.equal(host.status, 200);
      assert.deepEqual(host.body, { username: 'alice', id: 1 });
    });
  });

/** Transcript 11.6: USER_EDITABLE_FIELDS = ['first_name', 'last_name'] (verification off). */
for (const database of DATABASES)
  describe(`profile, userEditableFields (${database.name})`, { skip: database.skip }, () => {
    let t: RegistrationTestApp;
    let token: string;

    before(async () => {
      t = await profileApp(database, {
        userEditableFields: ['first_name', 'last_name'],
        registerVerificationEnabled: false,
      });
      token = await t.login('alice');
    });
    after(() => t.close());

    it('rows 2 and 3: username is read-only, ignored by PATCH and not required by PUT', async () => {
      const patch = await t.http
        .patch('/accounts/profile')
        .set('Authorization', `Token ${token}`)
        .send({ username: 'alice2', first_name: 'Al' });
      assert.equal(patch.status, 200);
      assert.equal(patch.text, '{"id":1,"username":"alice","first_name":"Al","last_name":"","email":""}');
      const put = await t.http
        .put('/accounts/profile')
        .set('Authorization', `Token ${token}`)
        .send({ first_name: 'Alice', last_name: 'L' });
      assert.equal(put.status, 200);
      assert.equal(put.text, '{"id":1,"username":"alice","first_name":"Alice","last_name":"L","email":""}');
      const taken = await t.http
        .put('/accounts/profile')
        .set('Authorization', `Token ${token}`)
        .send({ username: 'carol' });
      assert.equal(taken.status, 200, 'a read-only username is not even checked');
      assert.equal((await row(t, 'alice')).username, 'alice');
    });
  });
