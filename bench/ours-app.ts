import { Controller, Get, Module, UseGuards, type DynamicModule, type Provider } from '@nestjs/common';
import {
  AuthTokenEntity,
  CurrentUser,
  RedisTokenInvalidationChannel,
  RegistrationModule,
  TokenAuthGuard,
  type TokenCacheSettings,
} from 'nestjs-rest-registration';
import { Redis } from 'ioredis';
import { JwtAuthGuard, JwtAuthTokenManager } from 'nestjs-rest-registration/jwt';
import pg from 'pg';
import type { ServerConfig } from './config.js';
import { BenchUser } from './entities.js';
import {
  CachedTokenLimitController,
  JwtLimitController,
  LoginLimitController,
  PostgresTokenLimitController,
  SqliteTokenLimitController,
} from './limits/limit-app.js';
import { JWT_SECRET, LIMIT_PG_POOL } from './limits/limit-guards.js';
import { LIMIT_SMTP_PORT, RegisterLimitController } from './limits/register-limit.js';

/** The routes the scenarios drive: the same handler with and without the token guard, and a trivial one. */
@Controller()
export class BenchController {
  @Get('me')
  @UseGuards(TokenAuthGuard)
  me(@CurrentUser() user: BenchUser): { username: string } {
    return { username: user.username };
  }

  /** Baseline of scenario 1: the same route and body, no guard. */
  @Get('me-open')
  meOpen(): { username: string } {
    return { username: 'alice' };
  }

  /** Trivial route probed for event-loop health (scenario 5). */
  @Get('ping')
  ping(): { ok: true } {
    return { ok: true };
  }
}

/** The same routes with the JWT manager's guard (scenario 3). */
@Controller()
export class JwtBenchController {
  @Get('me')
  @UseGuards(JwtAuthGuard)
  me(@CurrentUser() user: BenchUser): { username: string } {
    return { username: user.username };
  }

  @Get('me-open')
  meOpen(): { username: string } {
    return { username: 'alice' };
  }
}

/** The limit routes (bench/limits) served beside ours, so that every ratio to a limit is one run. */
function limitParts(config: ServerConfig): {
  controllers: Array<new (...args: never[]) => unknown>;
  providers: Provider[];
} {
  const db = config.database;
  if (config.manager === 'jwt') return { controllers: [JwtLimitController], providers: [] };
  if (db.type === 'sqlite' && config.registerSmtpPort !== undefined)
    return {
      controllers: [SqliteTokenLimitController, LoginLimitController, RegisterLimitController],
      providers: [{ provide: LIMIT_SMTP_PORT, useValue: config.registerSmtpPort }],
    };
  if (db.type === 'sqlite' && config.tokenCacheRedisUrl !== undefined)
    return { controllers: [SqliteTokenLimitController, CachedTokenLimitController], providers: [] };
  if (db.type === 'sqlite') return { controllers: [SqliteTokenLimitController, LoginLimitController], providers: [] };
  const pool = new pg.Pool({ connectionString: db.url, max: 10 });
  return { controllers: [PostgresTokenLimitController], providers: [{ provide: LIMIT_PG_POOL, useValue: pool }] };
}

/** The token cache of scenario 10, as the README shows it with Redis. */
function tokenCache(config: ServerConfig): TokenCacheSettings | null {
  if (config.tokenCacheRedisUrl === undefined) return null;
  return { channel: new RedisTokenInvalidationChannel(new Redis(config.tokenCacheRedisUrl)) };
}

/**
 * The module's app as a host would write it: login under /accounts, the manager's guard on /me. Login
 * throttling is off: the scenarios send thousands of logins from one address on purpose.
 */
export function oursModule(typeorm: DynamicModule, config: ServerConfig): new () => unknown {
  const manager = config.manager ?? 'typeorm';
  const registration =
    manager === 'jwt'
      ? RegistrationModule.forRoot({
          userEntity: BenchUser,
          authTokenManagerClass: JwtAuthTokenManager,
          jwt: { secret: JWT_SECRET },
        })
      : RegistrationModule.forRoot({
          userEntity: BenchUser,
          userLoginFields: ['username'],
          loginThrottle: false,
          ...(config.registerSmtpPort === undefined ? {} : registerSettings(config.registerSmtpPort)),
          ...(config.resetSmtpPort === undefined ? {} : resetSettings(config.resetSmtpPort)),
          tokenCache: tokenCache(config),
        });
  const limits = limitParts(config);
  @Module({
    imports: [typeorm, registration],
    controllers: [manager === 'jwt' ? JwtBenchController : BenchController, ...limits.controllers],
    providers: limits.providers,
  })
  class OursBenchModule {}
  return OursBenchModule;
}

/** Register with verification on, as the README's SMTP recipe sets it up (a pooled transport). */
function registerSettings(smtpPort: number): Parameters<typeof RegistrationModule.forRoot>[0] {
  return {
    userEntity: BenchUser,
    routes: ['login', 'logout', 'register', 'verify-registration'],
    secretKey: JWT_SECRET,
    registerVerificationUrl: 'https://app.example/verify-user/',
    verificationFromEmail: 'no-reply@example.com',
    mailTransport: { host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, pool: true, maxConnections: 8 },
    registrationThrottle: false,
  };
}

/** send-reset-password-link and reset-password, the link mailed over a pooled SMTP transport (scenario 11). */
function resetSettings(smtpPort: number): Parameters<typeof RegistrationModule.forRoot>[0] {
  return {
    userEntity: BenchUser,
    routes: ['login', 'logout', 'send-reset-password-link', 'reset-password'],
    secretKey: JWT_SECRET,
    resetPasswordVerificationUrl: 'https://app.example/reset-password/',
    verificationFromEmail: 'no-reply@example.com',
    mailTransport: { host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, pool: true, maxConnections: 8 },
    registrationThrottle: false,
  };
}

export const OURS_ENTITIES = [BenchUser, AuthTokenEntity];
