/**
 * One app instance as its own process, for the multi-instance tests: the registration module over
 * PostgreSQL, listening on a random loopback port. Reads INSTANCE_DATABASE_URL and INSTANCE_SCHEMA
 * (tables must exist: no synchronize), prints `listening <port>` on stdout, exits on SIGTERM.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthTokenEntity, RegistrationModule } from 'nestjs-rest-registration';
import { ProfileController } from './app.js';
import { User } from './entities.js';

const url = process.env.INSTANCE_DATABASE_URL;
const schema = process.env.INSTANCE_SCHEMA;
if (!url || !schema) throw new Error('INSTANCE_DATABASE_URL and INSTANCE_SCHEMA are required');

@Module({
  imports: [
    TypeOrmModule.forRoot({ type: 'postgres', url, schema, entities: [User, AuthTokenEntity], synchronize: false }),
    RegistrationModule.forRoot({ userEntity: User }),
  ],
  controllers: [ProfileController],
})
class InstanceModule {}

const app = await NestFactory.create(InstanceModule, { logger: ['error'] });
app.enableShutdownHooks();
await app.listen(0, '127.0.0.1');
const address = app.getHttpServer().address() as { port: number };
process.stdout.write(`listening ${address.port}\n`);
