import assert from 'node:assert/strict';
import type { RegistrationModuleExtras, RegistrationModuleOptions } from 'nestjs-rest-registration';
import { registerEmailSalt, signData } from '../../lib/verification/index.js';
import { PEER_SECRET } from './registration.js';
import type { ReceivedMail, TestSmtpServer } from './smtp.js';

const now = () => Math.floor(Date.now() / 1000);

/** The peer's REGISTER_EMAIL_VERIFICATION_URL. */
export const VERIFY_EMAIL_URL = 'https://frontend.example/verify-email/';
export const ANSWERS = {
  sent: '{"detail":"Register email link email sent"}',
  verified: '{"detail":"Email verified successfully"}',
  invalid: '{"detail":"Invalid signature"}',
  notFound: '{"detail":"User not found"}',
  taken: '{"detail":"This email is already registered."}',
} as const;

/** Signs `{user_id, email}` as upstream's `RegisterEmailSigner` with the peer's key. */
export const signEmail = (userId: string | number, email: string, timestamp = now()) =>
  signData({ user_id: userId, email }, registerEmailSalt(), { secretKey: PEER_SECRET }, timestamp);

/** The routes of these suites: login (for tokens), register-email and verify-email. */
export function emailSettings(smtp: TestSmtpServer): Partial<RegistrationModuleOptions> {
  return { registerEmailVerificationUrl: VERIFY_EMAIL_URL, mailTransport: smtp.url };
}
export const EMAIL_ROUTES: RegistrationModuleExtras = { routes: ['login', 'logout', 'register-email', 'verify-email'] };

/** The `{user_id, email, timestamp, signature}` of the link in a received register-email message. */
export function emailLinkOf(mail: ReceivedMail): {
  user_id: string;
  email: string;
  timestamp: string;
  signature: string;
} {
  const match = /https:\/\/frontend\.example\/verify-email\/\?\S+/.exec(mail.parsed.text ?? '');
  assert.ok(match, `no link in ${mail.parsed.text}`);
  const url = new URL(match[0]);
  assert.deepEqual([...url.searchParams.keys()], ['user_id', 'email', 'timestamp', 'signature']);
  const get = (name: string) => url.searchParams.get(name) ?? '';
  return { user_id: get('user_id'), email: get('email'), timestamp: get('timestamp'), signature: get('signature') };
}
