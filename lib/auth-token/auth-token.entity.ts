import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One login (one device) of one user. The token itself is never stored: `digest` is its SHA-256 in
 * hex, so a copy of the table cannot be used to log in. Add this entity to your DataSource
 * (`entities`, or `autoLoadEntities`); with `synchronize: false`, add `RegistrationMigrations` to the
 * DataSource's `migrations`.
 */
@Entity('registration_auth_token')
export class AuthTokenEntity {
  /** SHA-256 of the token, 64 hex characters. */
  @PrimaryColumn({ type: 'varchar', length: 64, primaryKeyConstraintName: 'PK_registration_auth_token' })
  digest: string;

  /** Primary key of the user, as text (works for integer and UUID keys alike). */
  @Index('IDX_registration_auth_token_user')
  @Column({ type: 'varchar', length: 255 })
  userId: string;

  @Column()
  createdAt: Date;

  /** Updated at most once a minute, so a busy token does not write on every request. */
  @Column({ nullable: true, type: Date })
  lastUsedAt: Date | null;

  /**
   * Digest of the user's stored password hash when the token was issued (`passwordStamp`): a token
   * whose stamp differs from the user's current one (a new password, or another account under the
   * same key) is refused. Null only on rows from before this column, which are refused too.
   */
  @Column({ type: 'varchar', length: 32, nullable: true })
  passwordStamp: string | null;

  /** Null for tokens that do not expire. */
  @Column({ nullable: true, type: Date })
  expiresAt: Date | null;
}
