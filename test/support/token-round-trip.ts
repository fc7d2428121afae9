import assert from 'node:assert/strict';
import type { TestApp } from './app.js';

/** Logs `username` in, calls the guarded `/profile` with the token, revokes it on logout, and sees it refused. */
export async function assertTokenRoundTrip(t: TestApp, username: string): Promise<void> {
  const token = await t.login(username);
  assert.equal((await t.http.get('/profile').set('Authorization', `Token ${token}`)).status, 200);
  const logout = await t.http
    .post('/accounts/logout')
    .set('Authorization', `Token ${token}`)
    .send({ revoke_token: true });
  assert.equal(logout.status, 200);
  assert.equal((await t.http.get('/profile').set('Authorization', `Token ${token}`)).status, 401);
  assert.equal((await t.tokenRows()).length, 0);
}
