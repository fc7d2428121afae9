import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { registerSerializerFromMetadata, validateRegisterBody } from '../lib/register/index.js';
import { User } from './support/entities.js';

const good = 'Vq7#long-pass-1';

describe("register serializer: the suite's User entity (unique nullable e-mail, no confirm)", () => {
  let dataSource: DataSource;
  before(async () => {
    dataSource = await new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: [User],
      synchronize: true,
    }).initialize();
    await dataSource.getRepository(User).insert({ username: 'alice', email: 'alice@example.com', password: 'x' });
  });
  after(() => dataSource.destroy());

  it('hides the active column, answers the e-mail uniqueness text, accepts a null address', async () => {
    const spec = registerSerializerFromMetadata(dataSource.getMetadata(User), {
      verificationFlagField: 'isActive',
      usernameField: 'username',
      passwordConfirm: false,
    });
    assert.deepEqual(
      spec.fields.map((field) => field.name),
      ['id', 'username', 'email', 'password'],
    );
    const isTaken = async (property: string, value: unknown) =>
      dataSource.getRepository(User).exists({ where: { [property]: value } });
    const taken = await validateRegisterBody(
      spec,
      { username: 'alice', email: 'alice@example.com', password: good, isActive: true },
      { isTaken },
    );
    assert.deepEqual(!taken.ok && taken.errors, {
      username: ['A user with that username already exists.'],
      email: ['user with this email address already exists.'],
    });
    const fine = await validateRegisterBody(
      spec,
      { username: 'bob', email: null, password: good, isActive: true },
      { isTaken },
    );
    assert.deepEqual(fine, { ok: true, values: { username: 'bob', email: null }, password: good });
  });

  it('exactly the public fields, plus the password', () => {
    const spec = registerSerializerFromMetadata(dataSource.getMetadata(User), {
      publicFields: ['email'],
      passwordConfirm: false,
    });
    assert.deepEqual(
      spec.fields.map((field) => field.name),
      ['email', 'password'],
    );
  });
});
