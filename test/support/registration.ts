import assert from 'node:assert/strict';
import { AuthTokenEntity, type RegistrationModuleOptions } from 'nestjs-rest-registration';
import type supertest from 'supertest';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { type AppOptions, createTestApp, type TestApp } from './app.js';
import type { TestDatabase } from './databases.js';
import { type ReceivedMail, startSmtpServer, type TestSmtpServer } from './smtp.js';

/** Django's auth.User as register sees it: columns in the model's order, e-mail not unique. */
@Entity('auth_user')
export class DjangoUser {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 128 })
  password: string;

  @Column({ type: 'varchar', length: 150, unique: true })
  username: string;

  @Column({ type: 'varchar', length: 150, default: '' })
  first_name: string;

  @Column({ type: 'varchar', length: 150, default: '' })
  last_name: string;

  @Column({ type: 'varchar', length: 254, default: '' })
  email: string;

  @Column({ default: false })
  is_staff: boolean;

  @Column({ default: true })
  is_active: boolean;

  @CreateDateColumn()
  date_joined: Date;
}

/** The peer's SECRET_KEY (upstream-full-api.md section 5), so the recorded vectors apply. */
export const PEER_SECRET = 'peer-only-7Hq2vXk9LmP4sRt8WzY3bNc6DfG1jK5oQeU0aIyTx';
export const VERIFY_URL = 'https://frontend.example/verify-user/';
export const GOOD = 'Vq7#long-pass-1';

/** Configuration (i) of the transcripts, with a real SMTP server for the mail. */
export function transcriptSettings(smtp: TestSmtpServer): Partial<RegistrationModuleOptions> {
  return {
    userEntity: DjangoUser,
    userActiveField: 'is_active',
    userHiddenFields: ['is_active', 'is_staff'],
    loginRetrieveToken: true,
    secretKey: PEER_SECRET,
    registerVerificationUrl: VERIFY_URL,
    verificationFromEmail: 'no-reply@example.com',
    mailTransport: smtp.url,
    registerVerificationOneTimeUse: false,
    registrationThrottle: false,
  };
}

export interface RegistrationTestApp extends TestApp {
  smtp: TestSmtpServer;
}

/** A test app serving login, logout, register and verify-registration, with its SMTP server. */
export async function createRegistrationApp(
  database: TestDatabase | undefined,
  settings: (smtp: TestSmtpServer) => Partial<RegistrationModuleOptions> = transcriptSettings,
  options: AppOptions = {},
): Promise<RegistrationTestApp> {
  const smtp = await startSmtpServer();
  try {
    const t = await createTestApp({
      database,
      entities: [DjangoUser, AuthTokenEntity],
      ...options,
      settings: { ...transcriptSettings(smtp), ...settings(smtp), ...options.settings },
      extras: { routes: ['login', 'logout', 'register', 'verify-registration'], ...options.extras },
    });
    return {
      ...t,
      smtp,
      async close() {
        try {
          await t.close();
        } finally {
          await smtp.close();
        }
      },
    };
  } catch (error) {
    await smtp.close();
    throw error;
  }
}

/** The `{user_id, timestamp, signature}` of the link in a received message. */
export function linkOf(mail: ReceivedMail): {
  url: URL;
  data: { user_id: string; timestamp: string; signature: string };
} {
  const match = /https:\/\/frontend\.example\/verify-user\/\?\S+/.exec(mail.parsed.text ?? '');
  assert.ok(match, `no link in ${mail.parsed.text}`);
  const url = new URL(match[0]);
  assert.deepEqual([...url.searchParams.keys()], ['user_id', 'timestamp', 'signature']);
  const get = (name: string) => url.searchParams.get(name) ?? '';
  return { url, data: { user_id: get('user_id'), timestamp: get('timestamp'), signature: get('signature') } };
}

/** Sends `body` with `send` and checks the exact status and body text of the answer. */
export async function expectAnswer(
  send: (body: object) => supertest.Test,
  body: unknown,
  status: number,
  expected: string,
): Promise<void> {
  const response = await send(body as object);
  assert.equal(response.status, status, `${JSON.stringify(body)}: ${response.text}`);
  assert.equal(response.text, expected, JSON.stringify(body));
}
