import { AddRegistrationTokenPasswordStamp1796169600000 } from './add-registration-token-password-stamp.migration.js';
import { CreateRegistrationAuthToken1764374400000 } from './create-registration-auth-token.migration.js';

export { CreateRegistrationAuthToken1764374400000, AddRegistrationTokenPasswordStamp1796169600000 };

/**
 * The module's TypeORM migrations, oldest first, for PostgreSQL, MySQL/MariaDB and SQLite. With
 * `synchronize: false`, add them to the host's DataSource:
 * `migrations: [...RegistrationMigrations, ...yours]` and run them as usual (`migrationsRun: true`
 * or `typeorm migration:run`).
 */
export const RegistrationMigrations = [
  CreateRegistrationAuthToken1764374400000,
  AddRegistrationTokenPasswordStamp1796169600000,
];
