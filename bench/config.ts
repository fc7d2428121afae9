/** How the bench driver tells a server process what to be (JSON in `BENCH_CONFIG`). */
export interface ServerConfig {
  /** `ours`: the module's login and token guard; `reference`: the Nest docs' passport recipe. */
  app: 'ours' | 'reference';
  /**
   * SQLite runs in WAL mode (`enableWAL`), as a server on SQLite usually runs (docs/databases.md); `wal:
   * false` for the default rollback journal, whose fsyncs on every commit hold the event loop (~5 ms per
   * register or login in profiles of scenarios 4 and 9).
   */
  database: { type: 'sqlite'; file: string; wal?: boolean } | { type: 'postgres'; url: string; schema: string };
  /** For `ours`: the default TypeORM token manager, or the JWT one (scenario 3). @default 'typeorm' */
  manager?: 'typeorm' | 'jwt';
  /** For `ours`: the token cache on, invalidated over Redis at this URL (scenario 10). */
  tokenCacheRedisUrl?: string;
  /** Extra token rows to bulk-insert (scenario 6). */
  extraTokens?: number;
  /** For `ours`: serve register and verify-registration, verification on, mail over SMTP to this port (scenario 9). */
  registerSmtpPort?: number;
  /** For `ours`: serve send-reset-password-link and reset-password, mail over SMTP to this port (scenario 11). */
  resetSmtpPort?: number;
  /** Create the schema, seed and exit without listening. */
  prepareOnly?: boolean;
}

/** What a server prints, as one JSON line on stdout, once it listens. */
export interface ServerReady {
  port: number;
}

export const PASSWORD = 'correct horse battery staple';
/** Active user. */
export const ACTIVE_USER = 'alice';
/** Inactive user (its password is PASSWORD too). */
export const INACTIVE_USER = 'bob';
/** Active user with an e-mail address (the others have none): send-reset-password-link mails it (scenario 11). */
export const MAILED_USER = 'rita';
/**
 * Active users whose stored hashes are in the legacy schemes the default hasher verifies (timing
 * parity checks each): bcrypt cost 10, Django pbkdf2_sha256 at 260,000 iterations (Django 3.1-3.2's
 * default) and Django's argon2 (argon2id m=100 MiB, t=2, p=8, its 4.x default).
 */
export const LEGACY_USERS = {
  bcrypt: 'carol-bcrypt',
  pbkdf2: 'dave-pbkdf2',
  djangoArgon2: 'erin-django-argon2',
} as const;
