import { createHmac, randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Body,
  Controller,
  HttpCode,
  Inject,
  type OnModuleDestroy,
  Post,
  ServiceUnavailableException,
} from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { hash } from '@node-rs/argon2';
import nodemailer, { type Transporter } from 'nodemailer';
import type { DataSource } from 'typeorm';
import { type SqliteStatement, sqliteConnection } from './sqlite.js';

/** The SMTP port of the register limit's transport. */
export const LIMIT_SMTP_PORT = 'BENCH_LIMIT_SMTP_PORT';

const SECRET = 'bench-only-secret-of-at-least-32-bytes-0123456789';

/**
 * The register limit (scenario 9): the username by one prepared statement, the raw argon2id hash of
 * @node-rs/argon2 with the default parameters, one prepared insert, an HMAC-signed link, the e-mail
 * handed pre-built to the same pooled nodemailer SMTP transport (the row deleted again when that fails). No
 * serializer, validators, TypeORM entity layer, events or hasher class.
 */
@Controller()
export class RegisterLimitController implements OnModuleDestroy {
  private statements?: { find: SqliteStatement; insert: SqliteStatement; remove: SqliteStatement };
  private readonly transport: Transporter;

  constructor(
    @Inject(getDataSourceToken()) private readonly dataSource: DataSource,
    @Inject(LIMIT_SMTP_PORT) port: number,
  ) {
    this.transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: 8,
    });
  }

  @Post('register-limit')
  @HttpCode(201)
  async register(
    @Body() body: { username?: string; email?: string; password?: string },
  ): Promise<{ id: number; username: string; email: string }> {
    const { username, email, password } = body;
    if (typeof username !== 'string' || typeof email !== 'string' || typeof password !== 'string')
      throw new BadRequestException();
    const db = sqliteConnection(this.dataSource);
    this.statements ??= {
      find: db.prepare('SELECT id FROM bench_users WHERE username = ?'),
      insert: db.prepare('INSERT INTO bench_users (username, email, password, isActive) VALUES (?, ?, ?, 0)'),
      remove: db.prepare('DELETE FROM bench_users WHERE id = ?'),
    };
    if (this.statements.find.get(username)) throw new BadRequestException();
    const encoded = await hash(password, { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });
    const { lastInsertRowid } = this.statements.insert.run(username, email, encoded) as { lastInsertRowid: number };
    const id = Number(lastInsertRowid);
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = createHmac('sha256', SECRET).update(`${id}:${timestamp}`).digest('base64url');
    try {
      // The message handed over pre-built (the cheapest way through nodemailer), as the module's mailer does.
      const date = new Date().toUTCString().replace(/GMT$/, '+0000');
      await this.transport.sendMail({
        envelope: { from: 'no-reply@example.com', to: [email] },
        raw:
          `From: no-reply@example.com\r\nTo: ${email}\r\nSubject: Verify your account\r\n` +
          `Message-ID: <${randomUUID()}@example.com>\r\nDate: ${date}\r\nMIME-Version: 1.0\r\n` +
          `Content-Type: text/plain; charset=utf-8\r\n\r\n` +
          `https://app.example/verify-user/?user_id=${id}&timestamp=${timestamp}&signature=${signature}\r\n`,
      });
    } catch {
      this.statements.remove.run(id);
      throw new ServiceUnavailableException();
    }
    return { id, username, email };
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
