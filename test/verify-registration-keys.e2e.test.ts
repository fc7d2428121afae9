import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuthTokenEntity } from 'nestjs-rest-registration';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { registerSalt, signData } from '../lib/verification/index.js';
import { DATABASES } from './support/databases.js';
import { createRegistrationApp, GOOD, linkOf, PEER_SECRET, type RegistrationTestApp } from './support/registration.js';

/** A uuid primary key: PostgreSQL's uuid type refuses "abc" in a query. */
@Entity('uuid_users')
class UuidUser {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 150, unique: true })
  username: string;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 255 })
  password: string;

  @Column({ default: true })
  isActive: boolean;
}

for (const database of DATABASES)
  describe(`verify-registration with a uuid key (${database.name})`, { skip: database.skip }, () => {
    let t: RegistrationTestApp;
    const signed = (userId: string) => signData({ user_id: userId }, registerSalt(false), { secretKey: PEER_SECRET });

    before(async () => {
      t = await createRegistrationApp(
        database,
        () => ({ userEntity: UuidUser, userActiveField: 'isActive', userHiddenFields: null }),
        { entities: [UuidUser, AuthTokenEntity] },
      );
    });
    after(() => t.close());

    it('a user_id the key column cannot hold is "User not found", never 500 or 503', async () => {
      for (const userId of ['abc', '00000000-0000-0000-0000-000000000000', "1' OR '1'='1"]) {
        const response = await t.http.post('/accounts/verify-registration').send(signed(userId));
        assert.equal(response.status, 400, `${userId}: ${response.text}`);
        assert.equal(response.text, '{"detail":"User not found"}');
      }
    });

    it('the e-mailed link of a uuid user verifies', async () => {
      const response = await t.http
        .post('/accounts/register')
        .send({ username: 'dave', email: 'dave@example.com', password: GOOD, password_confirm: GOOD });
      assert.equal(response.status, 201, response.text);
      assert.match(String(response.body.id), /^[0-9a-f-]{36}$/);
      const { data } = linkOf(await t.smtp.nextMessage());
      assert.equal(data.user_id, response.body.id);
      const verified = await t.http.post('/accounts/verify-registration').send(data);
      assert.equal(verified.status, 200, verified.text);
    });
  });
