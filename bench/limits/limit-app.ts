import { createHash, randomBytes } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Post, UnauthorizedException, UseGuards } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { verify } from '@node-rs/argon2';
import { CurrentUser } from 'nestjs-rest-registration';
import type { DataSource } from 'typeorm';
import { JwtLimitGuard, PostgresTokenLimitGuard, SqliteTokenLimitGuard } from './limit-guards.js';
import { type SqliteStatement, sqliteConnection } from './sqlite.js';

interface LimitUser {
  username: string;
}

/** `GET /me-limit` behind the SQLite token limit guard. */
@Controller()
export class SqliteTokenLimitController {
  @Get('me-limit')
  @UseGuards(SqliteTokenLimitGuard)
  me(@CurrentUser() user: LimitUser): { username: string } {
    return { username: user.username };
  }
}

/** `GET /me-limit` behind the PostgreSQL token limit guard. */
@Controller()
export class PostgresTokenLimitController {
  @Get('me-limit')
  @UseGuards(PostgresTokenLimitGuard)
  me(@CurrentUser() user: LimitUser): { username: string } {
    return { username: user.username };
  }
}

/** `GET /me-limit` behind the JWT limit guard. */
@Controller()
export class JwtLimitController {
  @Get('me-limit')
  @UseGuards(JwtLimitGuard)
  me(@CurrentUser() user: LimitUser): { username: string } {
    return { username: user.username };
  }
}

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
