import 'reflect-metadata';
import { createHash, randomBytes } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import bcrypt from 'bcrypt';
import { hash as argon2Hash } from '@node-rs/argon2';
import { Argon2PasswordHasher } from 'nestjs-rest-registration';
import { hashDjangoPbkdf2 } from '../lib/passwords/django-pbkdf2.js';
import type { DataSource, DataSourceOptions } from 'typeorm';
import {
  ACTIVE_USER,
  INACTIVE_USER,
  LEGACY_USERS,
  MAILED_USER,
  PASSWORD,
  type ServerConfig,
  type ServerReady,
} from './config.js';
import { BenchUser } from './entities.js';
import { OURS_ENTITIES, oursModule } from './ours-app.js';
import { REFERENCE_BCRYPT_COST, referenceModule } from './reference/reference-app.js';

/** One bench server: `BENCH_CONFIG` says which app over which database; prints `ServerReady` when listening. */
const config = JSON.parse(process.env.BENCH_CONFIG ?? '{}') as ServerConfig;
const entities = config.app === 'ours' ? OURS_ENTITIES : [BenchUser];

function typeormOptions(): DataSourceOptions {
  const db = config.database;
  if (db.type === 'sqlite')
    return { type: 'better-sqlite3', database: db.file, entities, synchronize: true, enableWAL: db.wal !== false };
  return { type: 'postgres', url: db.url, schema: db.schema, entities, synchronize: true };
}

async function seedUsers(dataSource: DataSource): Promise<void> {
  const users = dataSource.getRepository(BenchUser);
  if ((await users.count()) > 0) return;
  const hash =
    config.app === 'ours'
      ? await new Argon2PasswordHasher().hash(PASSWORD)
      : await bcrypt.hash(PASSWORD, REFERENCE_BCRYPT_COST);
  await users.insert([
    { username: ACTIVE_USER, password: hash, isActive: true },
    { username: INACTIVE_USER, password: hash, isActive: false },
  ]);
  if (config.app !== 'ours') return;
  await users.insert({ username: MAILED_USER, email: `${MAILED_USER}@example.com`, password: hash, isActive: true });
  // Wrong-password logins never upgrade a hash, so these stay in their schemes for the whole run.
  const djangoArgon2 = await argon2Hash(PASSWORD, { algorithm: 2, memoryCost: 102_400, timeCost: 2, parallelism: 8 });
  await users.insert([
    { username: LEGACY_USERS.bcrypt, password: await bcrypt.hash(PASSWORD, 10), isActive: true },
    {
      username: LEGACY_USERS.pbkdf2,
      password: await hashDjangoPbkdf2(PASSWORD, 'benchsalt0123456', 260_000),
      isActive: true,
    },
    { username: LEGACY_USERS.djangoArgon2, password: `argon2${djangoArgon2}`, isActive: true },
  ]);
}

/** The part of better-sqlite3's Database used here (it ships no types). */
interface SqliteConnection {
  prepare(sql: string): { run(...values: unknown[]): unknown };
  transaction(work: () => void): () => void;
}

/** Bulk-inserts `count` token rows of other users (SQLite only), in one transaction. */
function insertTokens(dataSource: DataSource, count: number): void {
  const sqlite = (dataSource.driver as unknown as { databaseConnection: SqliteConnection }).databaseConnection;
  const insert = sqlite.prepare(
    'INSERT INTO registration_auth_token (digest, userId, createdAt, lastUsedAt, expiresAt) VALUES (?, ?, ?, NULL, NULL)',
  );
  const createdAt = new Date().toISOString().replace('T', ' ').replace('Z', '');
  const seed = randomBytes(16);
  sqlite.transaction(() => {
    for (let i = 0; i < count; i++) {
      const digest = createHash('sha256').update(seed).update(String(i)).digest('hex');
      insert.run(digest, String(1000 + (i % 50_000)), createdAt);
    }
  })();
}

const module =
  config.app === 'ours'
    ? oursModule(TypeOrmModule.forRoot(typeormOptions()), config)
    : referenceModule(TypeOrmModule.forRoot(typeormOptions()));
const app = await NestFactory.create(module, { logger: ['error'] });
const dataSource = app.get<DataSource>(getDataSourceToken());
await app.init();
await seedUsers(dataSource);
if (config.extraTokens) insertTokens(dataSource, config.extraTokens);
if (config.prepareOnly) {
  await app.close();
  process.exit(0);
}
await app.listen(0, '127.0.0.1');
const address = app.getHttpServer().address() as { port: number };
const ready: ServerReady = { port: address.port };
process.stdout.write(`${JSON.stringify(ready)}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
