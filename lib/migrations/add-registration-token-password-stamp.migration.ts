import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dialectOf, postgresTable } from './create-registration-auth-token.migration.js';

const TABLE = 'registration_auth_token';

/**
 * Adds `passwordStamp` to the token table: the digest of the password a token was issued under.
 * Rows from before have none and are refused, so existing opaque tokens end (users log in again).
 */
export class AddRegistrationTokenPasswordStamp1796169600000 implements MigrationInterface {
  name = 'AddRegistrationTokenPasswordStamp1796169600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const dialect = dialectOf(queryRunner);
    if (dialect === 'postgres') {
      await queryRunner.query(`ALTER TABLE ${postgresTable(queryRunner)} ADD "passwordStamp" character varying(32)`);
    } else if (dialect === 'mysql') {
      await queryRunner.query(`ALTER TABLE \`${TABLE}\` ADD \`passwordStamp\` varchar(32) NULL`);
    } else {
      await queryRunner.query(`ALTER TABLE "${TABLE}" ADD COLUMN "passwordStamp" varchar(32)`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const dialect = dialectOf(queryRunner);
    if (dialect === 'postgres') {
      await queryRunner.query(`ALTER TABLE ${postgresTable(queryRunner)} DROP COLUMN "passwordStamp"`);
    } else if (dialect === 'mysql') {
      await queryRunner.query(`ALTER TABLE \`${TABLE}\` DROP COLUMN \`passwordStamp\``);
    } else {
      await queryRunner.query(`ALTER TABLE "${TABLE}" DROP COLUMN "passwordStamp"`);
    }
  }
}
