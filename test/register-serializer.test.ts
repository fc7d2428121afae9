import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { DATABASES, type FreshDatabase } from './support/databases.js';
import { DjangoUser as AuthUser } from './support/registration.js';
import { defaultPasswordValidators } from '../lib/passwords/django-validators.js';
import {
  hasVerifiableEmail,
  type RegisterSerializerSpec,
  registerSerializerFromMetadata,
  validateRegisterBody,
} from '../lib/register/index.js';

const good = 'Vq7#long-pass-1';

for (const database of DATABASES)
  describe(
    `register serializer: generated from the entity, answering as transcript 11.1 (${database.name})`,
    { skip: database.skip },
    () => {
      let dataSource: DataSource;
      let fresh: FreshDatabase;
      let spec: RegisterSerializerSpec;
      const register = (body: unknown) =>
        validateRegisterBody(spec, body, {
          passwordValidators: defaultPasswordValidators(),
          isTaken: async (property, value) =>
            dataSource.getRepository(AuthUser).exists({ where: { [property]: value } }),
        });
      const errors = async (body: unknown) => {
        const result = await register(body);
        assert.equal(result.ok, false, JSON.stringify(result));
        return JSON.stringify(!result.ok && result.errors);
      };

      before(async () => {
        fresh = await database.create();
        dataSource = await new DataSource(fresh.options([AuthUser])).initialize();
        spec = registerSerializerFromMetadata(dataSource.getMetadata(AuthUser), {
          hiddenFields: ['is_active', 'is_staff'],
          usernameField: 'username',
          emailField: 'email',
        });
      });
      after(async () => {
        await dataSource.destroy();
        await fresh.drop();
      });

      it('has the fields of the OPTIONS answer (row 2), in order', () => {
        assert.deepEqual(
          spec.fields.map((field) => [field.name, field.readOnly, field.required, field.maxLength ?? null, field.kind]),
          [
            ['id', true, false, null, 'integer'],
            ['password', false, true, null, 'password'],
            ['username', false, true, 150, 'string'],
            ['first_name', false, false, 150, 'string'],
            ['last_name', false, false, 150, 'string'],
            ['email', false, false, 254, 'email'],
            ['password_confirm', false, true, null, 'password'],
          ],
        );
        assert.deepEqual(spec.unsupported, []);
      });

      it('rows 3 to 6, 9 to 12, 15 to 17: field errors with exact bodies', async () => {
        const base = { username: 'newbie', email: 'dave@example.com', password: good, password_confirm: good };
        const rows: Array<[unknown, string]> = [
          [
            {},
            '{"password":["This field is required."],"username":["This field is required."],"password_confirm":["This field is required."]}',
          ],
          [
            { email: 'dave@example.com', password: good, password_confirm: good },
            '{"username":["This field is required."]}',
          ],
          [
            { username: 'dave', email: 'dave@example.com', password_confirm: good },
            '{"password":["This field is required."]}',
          ],
          [
            { username: 'newbie', email: 'dave@example.com', password: good },
            '{"password_confirm":["This field is required."]}',
          ],
          [
            { username: '', email: '', password: '', password_confirm: '', first_name: '', last_name: '' },
            '{"password":["This field may not be blank."],"username":["This field may not be blank."],"password_confirm":["This field may not be blank."]}',
          ],
          [
            { username: null, email: null, password: null, password_confirm: null, first_name: null, last_name: null },
            '{"password":["This field may not be null."],"username":["This field may not be null."],"first_name":["This field may not be null."],"last_name":["This field may not be null."],"email":["This field may not be null."],"password_confirm":["This field may not be null."]}',
          ],
          [
            { username: 12345, email: true, password: ['x'], password_confirm: { a: 1 } },
            '{"password":["Not a valid string."],"email":["Enter a valid email address."],"password_confirm":["Not a valid string."]}',
          ],
          [[], '{"non_field_errors":["Invalid data. Expected a dictionary, but got list."]}'],
          [{ ...base, email: 'not-an-email' }, '{"email":["Enter a valid email address."]}'],
          [
            { ...base, username: 'bad user!' },
            '{"username":["Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."]}',
          ],
          [
            { ...base, username: 'u'.repeat(151) },
            '{"username":["Ensure this field has no more than 150 characters."]}',
          ],
        ];
        for (const [body, expected] of rows) assert.equal(await errors(body), expected, JSON.stringify(body));
      });

      it('rows 18 to 24: validators and the confirmation, with the empty non_field_errors', async () => {
        const rows: Array<[Record<string, string>, string]> = [
          [
            { username: 'dave', email: 'dave@example.com', password: good, password_confirm: `${good}x` },
            '{"password_confirm":["Passwords don\'t match"],"non_field_errors":[]}',
          ],
          [
            { username: 'newbie', email: 'dave@example.com', password: 'Zq8!x', password_confirm: 'Zq8!x' },
            '{"password":["This password is too short. It must contain at least 8 characters."],"non_field_errors":[]}',
          ],
          [
            { username: 'newbie', email: 'dave@example.com', password: 'password1', password_confirm: 'password1' },
            '{"password":["This password is too common."],"non_field_errors":[]}',
          ],
          [
            { username: 'newbie', email: 'dave@example.com', password: '73829105', password_confirm: '73829105' },
            '{"password":["This password is entirely numeric."],"non_field_errors":[]}',
          ],
          [
            {
              username: 'frederick',
              email: 'fred@example.com',
              password: 'frederick7',
              password_confirm: 'frederick7',
            },
            '{"password":["The password is too similar to the username."],"non_field_errors":[]}',
          ],
          [
            {
              username: 'zed',
              email: 'marguerite@example.com',
              password: 'marguerite!',
              password_confirm: 'marguerite!',
            },
            '{"password":["The password is too similar to the email address."],"non_field_errors":[]}',
          ],
          [
            { username: 'newbie', email: 'dave@example.com', password: '123', password_confirm: '124' },
            '{"password":["This password is too short. It must contain at least 8 characters.","This password is too common.","This password is entirely numeric."],"password_confirm":["Passwords don\'t match"],"non_field_errors":[]}',
          ],
        ];
        for (const [body, expected] of rows) assert.equal(await errors(body), expected, JSON.stringify(body));
      });

      it('row 25 (we differ): passwords are not trimmed, so three spaces are too short rather than blank', async () => {
        assert.equal(
          await errors({ username: 'newbie', email: 'dave@example.com', password: '   ', password_confirm: '   ' }),
          '{"password":["This password is too short. It must contain at least 8 characters."],"non_field_errors":[]}',
        );
      });

      it('rows 26 to 29: success, duplicate username, duplicate e-mail accepted, hidden and unknown keys ignored', async () => {
        await dataSource.getRepository(AuthUser).insert({ username: 'dave', password: 'x', email: 'dave@example.com' });
        assert.deepEqual(
          await register({
            username: 'newbie',
            email: 'dave@example.com',
            password: good,
            password_confirm: good,
            first_name: 'Dave',
          }),
          {
            ok: true,
            values: { username: 'newbie', first_name: 'Dave', email: 'dave@example.com' },
            password: good,
          },
        );
        assert.equal(
          await errors({ username: 'dave', email: 'dave2@example.com', password: good, password_confirm: good }),
          '{"username":["A user with that username already exists."]}',
        );
        const extra = await register({
          username: ' eve ',
          email: 'eve@example.com',
          password: good,
          password_confirm: good,
          is_staff: true,
          is_superuser: true,
          is_active: true,
          id: 999,
          groups: [1],
          foo: 'bar',
          date_joined: '2000-01-01',
        });
        assert.deepEqual(extra, { ok: true, values: { username: 'eve', email: 'eve@example.com' }, password: good });
      });

      it('rows 7 and 8: no verifiable address once the fields are valid', async () => {
        const missing = await register({ username: 'newbie', password: good, password_confirm: good });
        const blank = await register({ username: 'newbie', email: '', password: good, password_confirm: good });
        assert.ok(missing.ok && blank.ok);
        assert.equal(hasVerifiableEmail(missing.values, 'email'), false);
        assert.equal(hasVerifiableEmail(blank.values, 'email'), false);
      });

      it("collects every validator of a field in DRF's order: rule, uniqueness, length", async () => {
        assert.equal(
          await errors({
            username: `${'u'.repeat(150)}!`,
            email: 'dave@example.com',
            password: good,
            password_confirm: good,
          }),
          '{"username":["Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.","Ensure this field has no more than 150 characters."]}',
        );
        assert.equal(
          await errors({ username: 'newbie', email: 'e'.repeat(255), password: good, password_confirm: good }),
          '{"email":["Ensure this field has no more than 254 characters.","Enter a valid email address."]}',
        );
        assert.equal(
          await errors({
            username: 'newbie',
            first_name: 'a\u0000b',
            last_name: 'x\ud800',
            password: good,
            password_confirm: good,
          }),
          '{"first_name":["Null characters are not allowed."],"last_name":["Surrogate characters are not allowed: U+D800."]}',
        );
      });
    },
  );
