import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  AuthTokenEntity,
  AuthTokenError,
  AuthTokenNotFound,
  AuthTokenManager,
  TypeOrmAuthTokenManager,
} from 'nestjs-rest-registration';
import { createTestApp, PASSWORD, type TestApp } from './support/app.js';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('TypeOrmAuthTokenManager', () => {
  let t: TestApp;
  let manager: TypeOrmAuthTokenManager;
  let alice: { id: number };

  before(async () => {
    t = await createTestApp();
    alice = (await t.addUser({ username: 'alice' })) as { id: number };
    manager = t.app.get(AuthTokenManager) as TypeOrmAuthTokenManager;
  });
  after(() => t.close());

  it('is the default AuthTokenManager', () => {
    assert.ok(manager instanceof TypeOrmAuthTokenManager);
  });

  it('gives a distinct token per login, each a working one', async () => {
    const tokens = [];
    for (let i = 0; i < 5; i++) tokens.push(await t.login('alice'));
    assert.equal(new Set(tokens).size, 5);
    for (const token of tokens) {
      assert.equal((await t.http.get('/profile').set('Authorization', `Token ${token}`)).status, 200);
    }
  });

  it('stores only SHA-256 digests, never the token', async () => {
    const token = await t.login('alice');
    const rows: Array<Record<string, unknown>> = await t.dataSource.query('SELECT * FROM registration_auth_token');
    const dump = JSON.stringify(rows);
    assert.ok(!dump.includes(token), 'the token is in the table');
    assert.ok(!dump.includes(token.slice(4)), 'the random part of the token is in the table');
    const row = rows.find((r) => r.digest === sha256(token));
    assert.ok(row, 'no row holds the digest of the token');
    assert.equal(row.userId, String(alice.id));
    assert.ok(row.createdAt);
    assert.equal(row.expiresAt, null);
  });

  it('records when a token was last used', async () => {
    const token = await t.login('alice');
    const repository = t.dataSource.getRepository(AuthTokenEntity);
    assert.equal((await repository.findOneByOrFail({ digest: sha256(token) })).lastUsedAt, null);
    await t.http.get('/profile').set('Authorization', `Token ${token}`);
    for (let i = 0; i < 50; i++) {
      if ((await repository.findOneByOrFail({ digest: sha256(token) })).lastUsedAt !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.notEqual((await repository.findOneByOrFail({ digest: sha256(token) })).lastUsedAt, null);
  });

  it('revokeToken with a token revokes that one only; a wrong token revokes nothing', async () => {
    const first = await t.login('alice');
    const second = await t.login('alice');
    await assert.rejects(manager.revokeToken(alice, { token: `${first}x` }), AuthTokenError);
    assert.equal((await t.http.get('/profile').set('Authorization', `Token ${first}`)).status, 200);
    await manager.revokeToken(alice, { token: first });
    assert.equal((await t.http.get('/profile').set('Authorization', `Token ${first}`)).status, 401);
    assert.equal((await t.http.get('/profile').set('Authorization', `Token ${second}`)).status, 200);
  });

  it('revokeToken without a token revokes all, then reports there is nothing left', async () => {
    await t.login('alice');
    await manager.revokeToken(alice);
    assert.equal(await t.dataSource.getRepository(AuthTokenEntity).countBy({ userId: String(alice.id) }), 0);
    await assert.rejects(manager.revokeToken(alice), AuthTokenNotFound);
  });

  it('revokeAllTokens revokes every token of the users given', async () => {
    const token = await t.login('alice');
    assert.equal(await manager.revokeAllTokens(alice), 1);
    assert.equal((await t.http.get('/profile').set('Authorization', `Token ${token}`)).status, 401);
  });

  it('refuses logout with a token deleted from the table', async () => {
    const token = await t.login('alice');
    await t.dataSource.getRepository(AuthTokenEntity).delete({ digest: sha256(token) });
    const response = await t.http
      .post('/accounts/logout')
      .set('Authorization', `Token ${token}`)
      .send({ revoke_token: true });
    assert.equal(response.status, 401);
    assert.deepEqual(response.body, { detail: 'Invalid token.' });
  });
});

describe('TypeOrmAuthTokenManager with tokenTtl', () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp({ settings: { tokenTtl: 3600 } });
    await t.addUser({ username: 'alice' });
  });
  after(() => t.close());

  it('sets an expiry tokenTtl seconds after login', async () => {
    const before = Date.now();
    const token = await t.login('alice');
    const row = await t.dataSource.getRepository(AuthTokenEntity).findOneByOrFail({ digest: sha256(token) });
    assert.ok(row.expiresAt);
    const ttl = row.expiresAt.getTime() - before;
    assert.ok(ttl > 3595_000 && ttl <= 3601_000, `expiry ${ttl} ms after login`);
  });

  it('refuses an expired token with 401 Invalid token and forgets it', async () => {
    const token = await t.login('alice');
    const repository = t.dataSource.getRepository(AuthTokenEntity);
    await repository.update({ digest: sha256(token) }, { expiresAt: new Date(Date.now() - 1000) });
    const response = await t.http.get('/profile').set('Authorization', `Token ${token}`);
    assert.equal(response.status, 401);
    assert.deepEqual(response.body, { detail: 'Invalid token.' });
    for (let i = 0; i < 50 && (await repository.countBy({ digest: sha256(token) })) > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(await repository.countBy({ digest: sha256(token) }), 0);
  });

  it('still accepts an unexpired token', async () => {
    const token = await t.login('alice', PASSWORD);
    assert.equal((await t.http.get('/profile').set('Authorization', `Token ${token}`)).status, 200);
  });
});
