import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = 'registration_auth_token';
const USER_INDEX = 'IDX_registration_auth_token_user';

type Dialect = 'postgres' | 'mysql' | 'sqlite';

const DIALECTS: Record<string, Dialect> = {
  postgres: 'postgres',
  'aurora-postgres': 'postgres',
  cockroachdb: 'postgres',
  mysql: 'mysql',
  mariadb: 'mysql',
  'aurora-mysql': 'mysql',
  sqlite: 'sqlite',
  'better-sqlite3': 'sqlite',
  capacitor: 'sqlite',
  cordova: 'sqlite',
  expo: 'sqlite',
  nativescript: 'sqlite',
  'react-native': 'sqlite',
  sqljs: 'sqlite',
};

export function dialectOf(queryRunner: QueryRunner): Dialect {
  const type: string = queryRunner.connection.options.type;
  const dialect = DIALECTS[type];
  if (dialect === undefined) {
    throw new Error(
      `RegistrationMigrations: no migration for database type "${type}"; create registration_auth_token as AuthTokenEntity describes`,
    );
  }
  return dialect;
}

/** `"schema"."table"` on PostgreSQL when the DataSource names a schema, else the bare quoted name. */
export function postgresTable(queryRunner: QueryRunner): string {
  const schema = (queryRunner.connection.options as { schema?: string }).schema;
  return schema ? `"${schema}"."${TABLE}"` : `"${TABLE}"`;
}

/**
 * Creates the token table of `AuthTokenEntity` (`registration_auth_token`) on PostgreSQL, MySQL/MariaDB
 * or SQLite, as `synchronize` would with the default naming strategy. Frozen: later schema changes
 * come as new migrations.
 */
export class CreateRegistrationAuthToken1764374400000 implements MigrationInterface {
  name = 'CreateRegistrationAuthToken1764374400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const dialect = dialectOf(queryRunner);
    if (dialect === 'postgres') {
      const table = postgresTable(queryRunner);
      await queryRunner.query(
        `CREATE TABLE ${table} ("digest" character varying(64) NOT NULL, "userId" character varying(255) NOT NULL, ` +
          `"createdAt" TIMESTAMP NOT NULL, "lastUsedAt" TIMESTAMP, "expiresAt" TIMESTAMP, ` +
          `CONSTRAINT "PK_registration_auth_token" PRIMARY KEY ("digest"))`,
      );
      await queryRunner.query(`CREATE INDEX "${USER_INDEX}" ON ${table} ("userId")`);
    } else if (dialect === 'mysql') {
      await queryRunner.query(
        `CREATE TABLE \`${TABLE}\` (\`digest\` varchar(64) NOT NULL, \`userId\` varchar(255) NOT NULL, ` +
          `\`createdAt\` datetime NOT NULL, \`lastUsedAt\` datetime NULL, \`expiresAt\` datetime NULL, ` +
          `INDEX \`${USER_INDEX}\` (\`userId\`), PRIMARY KEY (\`digest\`)) ENGINE=InnoDB`,
      );
    } else {
      await queryRunner.query(
        `CREATE TABLE "${TABLE}" ("digest" varchar(64) PRIMARY KEY NOT NULL, "userId" varchar(255) NOT NULL, ` +
          `"createdAt" datetime NOT NULL, "lastUsedAt" datetime, "expiresAt" datetime)`,
      );
      await queryRunner.query(`CREATE INDEX "${USER_INDEX}" ON "${TABLE}" ("userId")`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const dialect = dialectOf(queryRunner);
    if (dialect === 'postgres') await queryRunner.query(`DROP TABLE ${postgresTable(queryRunner)}`);
    else if (dialect === 'mysql') await queryRunner.query(`DROP TABLE \`${TABLE}\``);
    else await queryRunner.query(`DROP TABLE "${TABLE}"`);
  }
}
