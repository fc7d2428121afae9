import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Column, DeleteDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { AuthTokenEntity } from 'nestjs-rest-registration';
import { createTestApp, PASSWORD, type TestApp } from './support/app.js';
import { DATABASES } from './support/databases.js';

@Entity('soft_deleted_users')
class SoftDeletedUser {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 150, unique: true })
  username: string;

  @Column({ type: 'varchar', length: 254, nullable: true, unique: true })
  email: string | null;

  @Column({ type: 'varchar', length: 255 })
  password: string;

  @Column({ default: true })
  isActive: boolean;

  @DeleteDateColumn({ nullable: true })
  deletedAt: Date | null;
}

const INVALID = { detail: 'Login or password invalid.' };

// The lookups by login value skip soft-deleted rows as TypeORM's find() does, whichever way they run
// (one prepared statement on SQLite and PostgreSQL, the repository on MariaDB).
for (const database of DATABASES) {
  describe(`soft-deleted users on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;

    before(async () => {
      t = await createTestApp({
        database,
        entities: [SoftDeletedUser, AuthTokenEntity],
        settings: { userEntity: SoftDeletedUser, userLoginFields: ['username', 'email'] },
      });
      await t.addUser({ username: 'alice', email: 'alice@example.com' });
      const gone = await t.addUser({ username: 'gone', email: 'gone@example.com' });
      await t.dataSource.getRepository(SoftDeletedUser).softDelete(gone.id as number);
    });
    after(() => t.close());

    it('a live user logs in by username and by e-mail', async () => {
      assert.equal(typeof (await t.login('alice')), 'string');
      assert.equal(typeof (await t.login('alice@example.com')), 'string');
    });

    for (const login of ['gone', 'gone@example.com']) {
      it(`a soft-deleted user cannot log in (${login})`, async () => {
        const response = await t.http.post('/accounts/login').send({ login, password: PASSWORD });
        assert.equal(response.status, 400);
        assert.deepEqual(response.body, INVALID);
      });
    }
  });
}
