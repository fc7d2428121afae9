import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { HttpRequest } from '../http/http.js';

/** What the module keeps in the host's session, under `registration`. */
export interface RegistrationSessionData {
  /** Set once logged in. */
  userId?: string;
  /** The strategy that logged the user in (`loginDefaultSessionAuthenticationBackend`, or `registration`). */
  backend?: string;
  /** Digest of the password hash at login: a password change ends the session. */
  passwordDigest?: string;
  /** The CSRF token of this session (synchronizer token, also sent as the `csrftoken` cookie). */
  csrf?: string;
  /**
   * The manager's `tokenReference()` of the token the same login issued (a digest, never the token):
   * a session logout with `revoke_token` revokes that token.
   */
  tokenReference?: string;
}

/** The part of express-session's and @fastify/session's session objects the module uses. */
export interface SessionLike {
  registration?: RegistrationSessionData;
  regenerate(callback: (error?: unknown) => void): unknown;
  destroy(callback: (error?: unknown) => void): unknown;
  save?(callback: (error?: unknown) => void): unknown;
  get?(key: string): unknown;
  set?(key: string, value: unknown): void;
}

export const CSRF_COOKIE = 'csrftoken';
export const CSRF_HEADER = 'x-csrftoken';
const SESSION_KEY = 'registration';

export function getSession(request: HttpRequest): SessionLike | undefined {
  const session = (request as { session?: SessionLike }).session;
  return session && typeof session === 'object' ? session : undefined;
}

export function readSessionData(request: HttpRequest): RegistrationSessionData | undefined {
  const session = getSession(request);
  if (!session) return undefined;
  const data = typeof session.get === 'function' ? session.get(SESSION_KEY) : session[SESSION_KEY];
  return data && typeof data === 'object' ? (data as RegistrationSessionData) : undefined;
}

export function writeSessionData(session: SessionLike, data: RegistrationSessionData): void {
  if (typeof session.set === 'function') session.set(SESSION_KEY, data);
  else session[SESSION_KEY] = data;
}

/** Calls a callback-style session method (express-session and @fastify/session both accept callbacks). */
export function sessionCall(session: SessionLike, method: 'regenerate' | 'destroy' | 'save'): Promise<void> {
  return new Promise((resolve, reject) => {
    const fn = session[method];
    if (typeof fn !== 'function') return resolve();
    fn.call(session, (error?: unknown) =>
      error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(),
    );
  });
}

export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

export function passwordDigest(hash: unknown): string {
  return createHash('sha256')
    .update(String(hash ?? ''))
    .digest('base64url')
    .slice(0, 22);
}

/** Constant-time comparison of two tokens. */
export function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
