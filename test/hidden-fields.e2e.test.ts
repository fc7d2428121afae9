import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuthTokenEntity } from 'nestjs-rest-registration';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { createTestApp, type TestApp } from './support/app.js';
import { DATABASES } from './support/databases.js';
import { GOOD } from './support/registration.js';

/** A user table as a host moving from Django (or writing camelCase) has it, verified separately from active. */
@Entity('staff_users')
class StaffUser {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 150, unique: true })
  username: string;

  @Column({ type: 'varchar', length: 254, default: '' })
  email: string;

  @Column({ type: 'varchar', length: 255 })
  password: string;

  @Column({ default: true })
  isActive: boolean;

  @Column({ default: false })
  isVerified: boolean;

  @Column({ default: false })
  is_staff: boolean;

  @Column({ default: false })
  isSuperuser: boolean;

  @Column({ type: 'varchar', length: 40, nullable: true })
  last_login: string | null;

  @Column({ type: 'varchar', length: 40, default: '' })
  nickname: string;
}

/**
 * Without `userHiddenFields`, the generated register and profile serializers leave out upstream's
 * hidden fields (`USER_HIDDEN_FIELDS`: last_login, is_active, is_staff, is_superuser, ... in snake_case
 * or camelCase) and the active column even when verification uses another column: no client registers
 * itself as staff or active, or promotes itself through the profile.
 */
for (const database of DATABASES)
  describe(`default hidden fields of the generated serializers (${database.name})`, { skip: database.skip }, () => {
    let t: TestApp;
    const staff = { isActive: true, isVerified: true, is_staff: true, isSuperuser: true, last_login: 'now' };
    const stored = () => t.dataSource.getRepository(StaffUser).findOneByOrFail({ username: 'dora' });

    before(async () => {
      t = await createTestApp({
        database,
        entities: [StaffUser, AuthTokenEntity],
        settings: {
          userEntity: StaffUser,
          userVerificationFlagField: 'isVerified',
          registerVerificationEnabled: false,
          loginRetrieveToken: true,
          registrationThrottle: false,
        },
        extras: { routes: ['login', 'logout', 'register', 'profile'] },
      });
    });
    after(() => t.close());

    it('register shows and reads none of them', async () => {
      const response = await t.http.post('/accounts/register').send({
        username: 'dora',
        email: 'dora@example.com',
        nickname: 'D',
        password: GOOD,
        password_confirm: GOOD,
        ...staff,
      });
      assert.equal(response.status, 201, response.text);
      const user = await stored();
      assert.equal(response.text, `{"id":${user.id},"username":"dora","email":"dora@example.com","nickname":"D"}`);
      assert.equal(user.is_staff, false);
      assert.equal(user.isSuperuser, false);
      assert.equal(user.last_login, null);
      // Verification off: the flag column is set by the module, not by the body.
      assert.equal(user.isVerified, true);
    });

    it('the profile shows and writes none of them', async () => {
      const token = (await t.http.post('/accounts/login').send({ login: 'dora', password: GOOD })).body.token as string;
      const before = await stored();
      const patched = await t.http
        .patch('/accounts/profile')
        .set('Authorization', `Token ${token}`)
        .send({ nickname: 'Dee', ...staff, isActive: false });
      assert.equal(patched.status, 200, patched.text);
      assert.equal(patched.text, `{"id":${before.id},"username":"dora","email":"dora@example.com","nickname":"Dee"}`);
      assert.deepEqual({ ...(await stored()) }, { ...before, nickname: 'Dee' });
    });
  });
