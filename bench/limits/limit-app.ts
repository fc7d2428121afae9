import { createHash, randomBytes } from 'node:crypto';
import {
  Body,
  type CanActivate,
  Controller,
  Get,
  HttpCode,
  Inject,
  Post,
  type Type,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { verify } from '@node-rs/argon2';
import { CurrentUser } from 'nestjs-rest-registration';
import type { DataSource } from 'typeorm';
import {
  CachedTokenLimitGuard,
  JwtLimitGuard,
  PostgresTokenLimitGuard,
  SqliteTokenLimitGuard,
} from './limit-guards.js';
import { type SqliteStatement, sqliteConnection } from './sqlite.js';

interface LimitUser {
  username: string;
}

/** `GET /me-limit` (or `path`) behind a limit guard: the same handler and body as ours. */
function limitController(guard: Type<CanActivate>, path = 'me-limit'): Type<unknown> {
  @Controller()
  class LimitController {
    @Get(path)
    @UseGuards(guard)
    me(@CurrentUser() user: LimitUser): { username: string } {
      return { username: user.username };
    }
  }
  return LimitController;
}

export const SqliteTokenLimitController = limitController(SqliteTokenLimitGuard);
export const PostgresTokenLimitController = limitController(PostgresTokenLimitGuard);
export const JwtLimitController = limitController(JwtLimitGuard);
export const CachedTokenLimitController = limitController(CachedTokenLimitGuard, 'me-cached-limit');

/**
 * The login limit (scenario 4): the user by one prepared statement, the raw argon2id verify of
 * @node-rs/argon2, one inserted token digest. No serializer, throttle, events or hasher class.
 */
@Controller()
export class LoginLimitController {
  private statements?: { user: SqliteStatement; insert: SqliteStatement };

  constructor(@Inject(getDataSourceToken()) private readonly dataSource: DataSource) {}

  @Post('login-limit')
  @HttpCode(200)
  async login(@Body() body: { login?: string; password?: string }): Promise<{ token: string }> {
    const db = sqliteConnection(this.dataSource);
    this.statements ??= {
      user: db.prepare('SELECT id, password, isActive FROM bench_users WHERE username = ?'),
      insert: db.prepare('INSERT INTO registration_auth_token (digest, userId, createdAt) VALUES (?, ?, ?)'),
    };
    const user = this.statements.user.get(body.login);
    if (!user || !user.isActive || !(await verify(user.password as string, body.password ?? '')))
      throw new UnauthorizedException();
    const token = randomBytes(32).toString('base64url');
    const createdAt = new Date().toISOString().replace('T', ' ').replace('Z', '');
    this.statements.insert.run(createHash('sha256').update(token).digest('hex'), String(user.id), createdAt);
    return { token };
  }
}
