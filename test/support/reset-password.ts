import assert from 'node:assert/strict';
import type { RegistrationModuleOptions } from 'nestjs-rest-registration';
import { resetPasswordSalt, signData } from '../../lib/verification/index.js';
import type { AppOptions } from './app.js';
import type { TestDatabase } from './databases.js';
import { createRegistrationApp, DjangoUser, PEER_SECRET, type RegistrationTestApp } from './registration.js';
import type { ReceivedMail, TestSmtpServer } from './smtp.js';

export const RESET_URL = 'https://frontend.example/reset-password/';
export const RESET_ROUTES = ['login', 'logout', 'send-reset-password-link', 'reset-password'] as const;

/** The transcripts' users: alice (no address), bob (inactive), carol, frank (inactive, unverified). */
export interface ResetUsers {
  alice: number;
  bob: number;
  carol: number;
  frank: number;
}

export interface ResetTestApp extends RegistrationTestApp {
  users: ResetUsers;
}

/** An app serving login, logout and the two reset routes, with the transcripts' users in their order (in the first of `options.entities`). */
export async function createResetApp(
  database: TestDatabase | undefined,
  settings: (smtp: TestSmtpServer) => Partial<RegistrationModuleOptions> = () => ({}),
  options: AppOptions = {},
): Promise<ResetTestApp> {
  const t = await createRegistrationApp(
    database,
    (smtp) => ({ resetPasswordVerificationUrl: RESET_URL, ...settings(smtp) }),
    { ...options, extras: { routes: [...RESET_ROUTES], ...options.extras } },
  );
  try {
    const entity = options.entities?.[0] ?? DjangoUser;
    const add = async (values: object) => (await t.addUser(values, entity)).id as number;
    const users = {
      alice: await add({ username: 'alice', email: '' }),
      bob: await add({ username: 'bob', email: 'bob@example.com', is_active: false }),
      carol: await add({ username: 'carol', email: 'carol@example.com' }),
      frank: await add({ username: 'frank', email: 'frank@example.com', is_active: false }),
    };
    return { ...t, users };
  } catch (error) {
    await t.close();
    throw error;
  }
}

/** The `{user_id, timestamp, signature}` of the reset link in a received message. */
export function resetLinkOf(mail: ReceivedMail): { user_id: string; timestamp: string; signature: string } {
  const match = /https:\/\/frontend\.example\/reset-password\/\?\S+/.exec(mail.parsed.text ?? '');
  assert.ok(match, `no reset link in ${mail.parsed.text}`);
  const url = new URL(match[0]);
  assert.deepEqual([...url.searchParams.keys()], ['user_id', 'timestamp', 'signature']);
  const get = (name: string) => url.searchParams.get(name) ?? '';
  return { user_id: get('user_id'), timestamp: get('timestamp'), signature: get('signature') };
}

/** A reset link signed here, as upstream signs it (one-time: the salt holds the password hash). */
export function signReset(
  userId: number | string,
  timestamp: number,
  passwordHash?: string,
): { user_id: string; timestamp: string; signature: string } {
  const salt = resetPasswordSalt(passwordHash !== undefined, passwordHash);
  const data = signData({ user_id: userId }, salt, { secretKey: PEER_SECRET }, timestamp);
  return { user_id: data.user_id, timestamp: data.timestamp, signature: data.signature };
}

/** Resolves once no new message has arrived for `quietMs`. */
export async function settled(smtp: TestSmtpServer, quietMs = 600): Promise<number> {
  let count = -1;
  while (count !== smtp.received.length) {
    count = smtp.received.length;
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
  return count;
}
