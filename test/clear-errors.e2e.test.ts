/**
 * Misconfigurations that Nest would report as raw DI errors, and setups where login would silently
 * authenticate nothing: each gets the module's own id, problem and fix.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Controller, Get, type INestApplication, type LoggerService, Module, UseGuards } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RegistrationModule, TokenAuthGuard } from 'nestjs-rest-registration';
import { ADAPTERS, createTestApp, PASSWORD } from './support/app.js';
import { sqlite } from './support/databases.js';
import { User } from './support/entities.js';

@Controller()
class FeatureController {
  @Get('feature')
  @UseGuards(TokenAuthGuard)
  feature() {
    return {};
  }
}

@Module({ controllers: [FeatureController] })
class FeatureModule {}

/** Collects what the app logs. */
class RecordingLogger implements LoggerService {
  readonly lines: string[] = [];
  log(message: unknown) {
    this.lines.push(String(message));
  }
  error(message: unknown) {
    this.lines.push(String(message));
  }
  warn(message: unknown) {
    this.lines.push(String(message));
  }
}

describe('clear errors instead of Nest DI errors', () => {
  it('E071: TokenAuthGuard in a feature module that cannot see the module (no isGlobal)', async () => {
    const compile = Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({ ...sqlite.options([User]), autoLoadEntities: true }),
        RegistrationModule.forRoot({ userEntity: User }),
        FeatureModule,
      ],
    }).compile();
    await assert.rejects(compile, (error: Error) => {
      assert.match(
        error.message,
        /\[registration\.E071\] TokenAuthGuard is used in FeatureModule|\[registration\.E071\] TokenAuthGuard/,
      );
      assert.match(error.message, /isGlobal: true/);
      return true;
    });
  });

  it('E072: no TypeOrmModule.forRoot() at all', async () => {
    const compile = Test.createTestingModule({ imports: [RegistrationModule.forRoot({ userEntity: User })] }).compile();
    await assert.rejects(compile, (error: Error) => {
      assert.match(error.message, /\[registration\.E072\]/);
      assert.match(error.message, /TypeOrmModule\.forRoot\(/);
      return true;
    });
  });
});

/** Session middleware whose cookie is Secure, as in production, on either adapter. */
async function secureCookieSessions(app: INestApplication): Promise<void> {
  const secret = 'a-session-secret-of-at-least-32-characters';
  if (app.getHttpAdapter().getType() === 'fastify') {
    const { default: fastifyCookie } = await import('@fastify/cookie');
    const { default: fastifySession } = await import('@fastify/session');
    const fastifyApp = app as unknown as { register(plugin: unknown, options?: unknown): Promise<unknown> };
    await fastifyApp.register(fastifyCookie);
    await fastifyApp.register(fastifySession, { secret, cookie: { secure: true }, saveUninitialized: false });
    return;
  }
  const { default: session } = await import('express-session');
  app.use(session({ secret, resave: false, saveUninitialized: false, cookie: { secure: true } }));
}

describe('startup warnings', () => {
  it('W070: login would authenticate nothing (no token retrieval, no session login)', async () => {
    const logger = new RecordingLogger();
    const t = await createTestApp({ controllers: [], logger });
    try {
      assert.ok(
        logger.lines.some((line) => line.includes('[registration.W070]') && line.includes('loginRetrieveToken: true')),
        logger.lines.join('\n'),
      );
    } finally {
      await t.close();
    }
  });

  for (const adapter of ADAPTERS) {
    it(`W071: a Secure session cookie on a plain HTTP request, without a trusted proxy (${adapter})`, async () => {
      const logger = new RecordingLogger();
      const t = await createTestApp({
        adapter,
        settings: { loginAuthenticateSession: true, loginRetrieveToken: true },
        logger,
        configure: (app) => secureCookieSessions(app),
      });
      try {
        await t.addUser({ username: 'alice' });
        const login = await t.http.post('/accounts/login').send({ login: 'alice', password: PASSWORD });
        assert.equal(login.status, 200);
        assert.ok(
          logger.lines.some((line) => line.includes('[registration.W071]') && line.includes('trust proxy')),
          logger.lines.join('\n'),
        );
      } finally {
        await t.close();
      }
    });
  }
});
