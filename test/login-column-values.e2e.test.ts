import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuthTokenEntity } from 'nestjs-rest-registration';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { createTestApp, PASSWORD, type TestApp } from './support/app.js';
import { DATABASES } from './support/databases.js';
import { CapturingLogger } from './support/secrets.js';

/** Staff log in with their employee number (an integer column) or their username. */
@Entity('test_staff')
class Staff {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int', unique: true })
  employeeNumber: number;

  @Column({ type: 'varchar', length: 150, unique: true })
  username: string;

  @Column({ type: 'varchar', length: 255 })
  password: string;

  @Column({ default: true })
  isActive: boolean;
}

const INVALID = { detail: 'Login or password invalid.' };

for (const database of DATABASES) {
  describe(`login values a column cannot hold on ${database.name}`, { skip: database.skip }, () => {
    const logger = new CapturingLogger();
    let t: TestApp;
    before(async () => {
      t = await createTestApp({
        database,
        logger,
        entities: [Staff, AuthTokenEntity],
        settings: { userEntity: Staff, userLoginFields: ['employeeNumber', 'username'] },
      });
      await t.addUser({ employeeNumber: 4711, username: 'alice' });
    });
    after(() => t.close());
    const login = (value: string) => t.http.post('/accounts/login').send({ login: value, password: PASSWORD });

    it('logs in by number and by name', async () => {
      assert.equal((await login('4711')).status, 200);
      assert.equal((await login('alice')).status, 200);
    });

    for (const value of ['al\u0000ice-marker', 'not-a-number-marker', '4711.5', '99999999999999999999', '4711abc']) {
      it(`answers "Login or password invalid." for ${JSON.stringify(value)}, logging nothing of it`, async () => {
        const response = await login(value);
        assert.deepEqual([response.status, response.body], [400, INVALID]);
        assert.ok(!logger.text.includes('marker'), 'the log holds the login value');
        assert.ok(!logger.entries.some((entry) => entry.level === 'error'), 'an error was logged');
      });
    }
  });
}
