import { ACTIVE_USER, PASSWORD } from './config.js';

/** Logs in to our app and returns the `Authorization` header value for the token. */
export async function oursAuthorization(url: string): Promise<string> {
  const response = await fetch(`${url}/accounts/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: ACTIVE_USER, password: PASSWORD }),
  });
  const body = (await response.json()) as { token?: string };
  if (response.status !== 200 || typeof body.token !== 'string') throw new Error(`login failed: ${response.status}`);
  return `Token ${body.token}`;
}

/** Logs in to the reference app and returns the `Authorization` header value for its JWT. */
export async function referenceAuthorization(url: string): Promise<string> {
  const response = await fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: ACTIVE_USER, password: PASSWORD }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (response.status !== 201 || typeof body.access_token !== 'string')
    throw new Error(`reference login failed: ${response.status}`);
  return `Bearer ${body.access_token}`;
}

export const OURS_LOGIN_BODY = JSON.stringify({ login: ACTIVE_USER, password: PASSWORD });
export const REFERENCE_LOGIN_BODY = JSON.stringify({ username: ACTIVE_USER, password: PASSWORD });
export const JSON_HEADERS = { 'content-type': 'application/json' };
