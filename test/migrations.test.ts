import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuthTokenEntity, RegistrationMigrations } from 'nestjs-rest-registration';
import { DataSource, type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { createTestApp, type TestApp } from './support/app.js';
import { DATABASES, type FreshDatabase } from './support/databases.js';
import { User } from './support/entities.js';
import { assertTokenRoundTrip } from './support/token-round-trip.js';

const TABLE = 'registration_auth_token';

/** A host's own migration for its users table, run together with the module's. */
class CreateTestUsers1764374300000 implements MigrationInterface {
  name = 'CreateTestUsers1764374300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = (queryRunner.connection.options as { schema?: string }).schema;
    await queryRunner.createTable(
      new Table({
        name: schema ? `${schema}.test_users` : 'test_users',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'username', type: 'varchar', length: '150', isUnique: true },
          { name: 'email', type: 'varchar', length: '254', isUnique: true, isNullable: true },
          { name: 'password', type: 'varchar', length: '255' },
          { name: 'isActive', type: 'boolean', default: true },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('test_users');
  }
}

for (const database of DATABASES) {
  describe(`token table migrations on ${database.name}`, { skip: database.skip }, () => {
    let fresh: FreshDatabase;
    let dataSource: DataSource;

    before(async () => {
      fresh = await database.create();
      dataSource = new DataSource(
        fresh.options([AuthTokenEntity], {
          synchronize: false,
          migrations: RegistrationMigrations,
          // No search_path on PostgreSQL: the migration must put the table in the DataSource's schema itself.
          ...(database.kind === 'postgres' ? { extra: {} } : {}),
        }),
      );
      await dataSource.initialize();
    });
    after(async () => {
      await dataSource?.destroy();
      await fresh?.drop();
    });

    it('starts without the table, and the entity would need it', async () => {
      assert.equal(await dataSource.createQueryRunner().hasTable(TABLE), false);
      const pending = await dataSource.driver.createSchemaBuilder().log();
      assert.notEqual(pending.upQueries.length, 0);
    });

    it('creates the table the entity expects: no pending schema diff', async () => {
      const ran = await dataSource.runMigrations({ transaction: 'each' });
      assert.deepEqual(
        ran.map((migration) => migration.name),
        RegistrationMigrations.map((migration) => new migration().name),
      );
      const pending = await dataSource.driver.createSchemaBuilder().log();
      assert.deepEqual(
        pending.upQueries.map((query) => query.query),
        [],
      );
    });

    it('makes digest the primary key and indexes userId', async () => {
      const runner = dataSource.createQueryRunner();
      try {
        const table = await runner.getTable(TABLE);
        assert.ok(table);
        assert.deepEqual(
          table.primaryColumns.map((column) => column.name),
          ['digest'],
        );
        const index = table.indices.find((candidate) => candidate.name === 'IDX_registration_auth_token_user');
        assert.deepEqual(index?.columnNames, ['userId']);
      } finally {
        await runner.release();
      }
    });

    it('stores and reads tokens through the entity', async () => {
      const tokens = dataSource.getRepository(AuthTokenEntity);
      const createdAt = new Date('2026-01-02T03:04:05Z');
      await tokens.insert({
        digest: 'a'.repeat(64),
        userId: '42',
        createdAt,
        lastUsedAt: null,
        expiresAt: null,
        passwordStamp: 'b'.repeat(32),
      });
      const row = await tokens.findOneByOrFail({ digest: 'a'.repeat(64) });
      assert.equal(row.userId, '42');
      assert.equal(row.createdAt.getTime(), createdAt.getTime());
      assert.equal(row.expiresAt, null);
      assert.equal(row.passwordStamp, 'b'.repeat(32));
    });

    it('drops the table again on the way down', async () => {
      for (let i = 0; i < RegistrationMigrations.length; i++)
        await dataSource.undoLastMigration({ transaction: 'each' });
      assert.equal(await dataSource.createQueryRunner().hasTable(TABLE), false);
      assert.equal(await dataSource.showMigrations(), true);
    });
  });
}

for (const database of DATABASES) {
  describe(`an app with synchronize: false and the migrations on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;

    before(async () => {
      t = await createTestApp({
        database,
        entities: [User, AuthTokenEntity],
        databaseOptions: {
          synchronize: false,
          migrationsRun: true,
          migrations: [CreateTestUsers1764374300000, ...RegistrationMigrations],
        },
      });
      await t.addUser({ username: 'alice' });
    });
    after(() => t?.close());

    it('ran the migrations at startup', async () => {
      assert.equal(await t.dataSource.showMigrations(), false);
    });

    it('logs in, authenticates the token and revokes it', async () => {
      await assertTokenRoundTrip(t, 'alice');
    });
  });
}
