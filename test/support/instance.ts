/**
 * One app instance as its own process, for the multi-instance tests: the registration module over
 * PostgreSQL, listening on a random loopback port. Reads INSTANCE_DATABASE_URL and INSTANCE_SCHEMA
 * (tables must exist: no synchronize), prints `listening <port>` on stdout, exits on SIGTERM.
 * With INSTANCE_TOKEN_CACHE (`postgres` or `redis`) the token cache is on, its channel connecting to
 * INSTANCE_CHANNEL_URL; the host's admin routes (test/support/admin.controller.ts) are mounted then.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import pg from 'pg';
import {
  AuthTokenEntity,
  PostgresTokenInvalidationChannel,
  RedisTokenInvalidationChannel,
  RegistrationModule,
  type TokenCacheSettings,
} from 'nestjs-rest-registration';
import { AdminController } from './admin.controller.js';
import { ProfileController } from './app.js';
import { User } from './entities.js';

const url = process.env.INSTANCE_DATABASE_URL;
const schema = process.env.INSTANCE_SCHEMA;
if (!url || !schema) throw new Error('INSTANCE_DATABASE_URL and INSTANCE_SCHEMA are required');
const cacheKind = process.env.INSTANCE_TOKEN_CACHE;
const channelUrl = process.env.INSTANCE_CHANNEL_URL ?? '';

function tokenCache(): TokenCacheSettings | null {
  if (cacheKind === 'postgres')
    return {
      channel: new PostgresTokenInvalidationChannel({
        client: () => new pg.Client({ connectionString: channelUrl }),
        channel: process.env.INSTANCE_CHANNEL_NAME,
      }),
    };
  if (cacheKind === 'redis') {
    const redis = new Redis(channelUrl, { maxRetriesPerRequest: 1 });
    redis.on('error', () => undefined); // a host logs these
    return { channel: new RedisTokenInvalidationChannel(redis, { channel: process.env.INSTANCE_CHANNEL_NAME }) };
  }
  return null;
}

@Module({
  imports: [
    TypeOrmModule.forRoot({ type: 'postgres', url, schema, entities: [User, AuthTokenEntity], synchronize: false }),
    RegistrationModule.forRoot({ userEntity: User, tokenCache: tokenCache() }),
  ],
  controllers: cacheKind ? [ProfileController, AdminController] : [ProfileController],
})
class InstanceModule {}

const app = await NestFactory.create(InstanceModule, { logger: ['error'] });
app.enableShutdownHooks();
await app.listen(0, '127.0.0.1');
const address = app.getHttpServer().address() as { port: number };
process.stdout.write(`listening ${address.port}\n`);
