import 'reflect-metadata';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Argon2PasswordHasher, AuthTokenEntity } from 'nestjs-rest-registration';
import { DataSource } from 'typeorm';
import { PASSWORD } from './support/app.js';
import { POSTGRES, type FreshDatabase } from './support/databases.js';
import { User } from './support/entities.js';
import { type Instance, startInstance, stopInstance } from './support/instances.js';
import { TcpProxy } from './support/tcp-proxy.js';

const REVOKES = 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const CHANNELS = [
  { kind: 'postgres', url: process.env.TEST_POSTGRES_URL, port: 5432 },
  { kind: 'redis', url: process.env.TEST_REDIS_URL, port: 6379 },
] as const;

const profile = (instance: Instance, token: string) =>
  fetch(`${instance.url}/profile`, { headers: { authorization: `Token ${token}` } }).then(async (response) => {
    await response.arrayBuffer();
    return response.status;
  });
const post = (instance: Instance, path: string, token?: string, body?: object) =>
  fetch(instance.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Token ${token}` } : {}) },
    body: JSON.stringify(body ?? {}),
  }).then(async (response) => {
    await response.arrayBuffer();
    return response.status;
  });

/** Asks `instance` until it refuses `token` (giving up after 10 s); resolves when, and how many 200s came first. */
async function untilRefused(instance: Instance, token: string): Promise<{ at: number; accepted: number }> {
  let accepted = 0;
  const end = performance.now() + 10_000;
  while (performance.now() < end) {
    const status = await profile(instance, token);
    if (status === 401) return { at: performance.now(), accepted };
    assert.equal(status, 200);
    accepted++;
  }
  throw new Error(`token still accepted after ${accepted} requests`);
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

for (const channel of CHANNELS) {
  const skip = POSTGRES.skip ?? (channel.url ? false : `TEST_${channel.kind.toUpperCase()}_URL is not set`);

  describe(`token cache on two app instances, invalidations over ${channel.kind}`, { skip }, () => {
    let fresh: FreshDatabase;
    let setup: DataSource;
    let proxy: TcpProxy;
    let a: Instance;
    let b: Instance;
    let stamp: string;

    /** A token of `username`, stored as a login stores it. */
    const issue = async (username: string): Promise<string> => {
      const token = `nrr_${randomBytes(32).toString('base64url')}`;
      const user = await setup.getRepository(User).findOneByOrFail({ username });
      await setup.getRepository(AuthTokenEntity).insert({
        digest: createHash('sha256').update(token).digest('hex'),
        userId: String(user.id),
        createdAt: new Date(),
        lastUsedAt: new Date(),
        expiresAt: null,
        passwordStamp: stamp,
      });
      return token;
    };
    /** A token that instance B has just answered from the database and now holds in its cache. */
    const cachedOnB = async (username: string): Promise<string> => {
      const token = await issue(username);
      assert.equal(await profile(b, token), 200);
      assert.equal(await profile(b, token), 200);
      return token;
    };

    before(async () => {
      fresh = await POSTGRES.create();
      setup = new DataSource(fresh.options([User, AuthTokenEntity]));
      await setup.initialize();
      const password = await new Argon2PasswordHasher().hash(PASSWORD);
      const names = ['alice', 'revoked', 'changed', 'deactivated', 'deleted', 'stamped'];
      await setup.getRepository(User).insert(names.map((username) => ({ username, password })));
      const target = new URL(channel.url!);
      proxy = new TcpProxy(target.hostname, Number(target.port || channel.port));
      await proxy.start();
      const env = {
        INSTANCE_DATABASE_URL: POSTGRES.url!,
        INSTANCE_SCHEMA: fresh.name,
        INSTANCE_TOKEN_CACHE: channel.kind,
        INSTANCE_CHANNEL_NAME: `nrr_test_${randomBytes(6).toString('hex')}`,
      };
      // B's channel goes through the proxy, so that the test can cut it; its database connection does not.
      [a, b] = await Promise.all([
        startInstance({ ...env, INSTANCE_CHANNEL_URL: channel.url! }),
        startInstance({ ...env, INSTANCE_CHANNEL_URL: proxy.url(channel.url!) }),
      ]);
      const login = await a.http.post('/accounts/login').send({ login: 'alice', password: PASSWORD });
      assert.equal(login.status, 200);
      const row = await setup.getRepository(AuthTokenEntity).findOneByOrFail({ userId: String(1) });
      stamp = row.passwordStamp!;
    });
    after(async () => {
      await Promise.all([stopInstance(a), stopInstance(b)]);
      await proxy?.stop();
      await setup?.destroy();
      await fresh?.drop();
    });

    it('answers from memory: a row deleted behind the module is still accepted by B until evicted', async () => {
      const token = await cachedOnB('alice');
      await setup.getRepository(AuthTokenEntity).delete({ digest: createHash('sha256').update(token).digest('hex') });
      assert.equal(await profile(b, token), 200, 'served from the cache (what the ttl bounds)');
      assert.equal(await profile(a, token), 401, 'A never cached it');
    });

    it(`refuses on B a token revoked on A: the distribution over ${REVOKES} revokes`, async () => {
      const fromAnswer: number[] = [];
      const fromRequest: number[] = [];
      let staleAnswers = 0;
      for (let i = 0; i < REVOKES; i++) {
        const token = await cachedOnB('alice');
        const started = performance.now();
        assert.equal(await post(a, '/accounts/logout', token, { revoke_token: true }), 200);
        const answered = performance.now();
        const refused = await untilRefused(b, token);
        fromAnswer.push(refused.at - answered);
        fromRequest.push(refused.at - started);
        staleAnswers += refused.accepted;
      }
      const show = (values: number[]) => {
        const sorted = [...values].sort((x, y) => x - y);
        return `p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms, max ${sorted.at(-1)!.toFixed(2)} ms`;
      };
      console.log(
        `[${channel.kind}] revoke on A -> refused on B, ${REVOKES} revokes: from the revoke's answer ${show(fromAnswer)}; ` +
          `from the revoke's request ${show(fromRequest)}; requests B accepted after the revoke answered: ${staleAnswers}`,
      );
    });

    it('refuses on B after revoke-all, a password change, a deactivation and a deletion on A', async () => {
      for (const [username, action] of [
        ['revoked', 'revoke-all'],
        ['changed', 'password'],
        ['deactivated', 'deactivate'],
        ['deleted', 'delete'],
      ]) {
        const token = await cachedOnB(username);
        assert.equal(await post(a, `/admin/users/${username}/${action}`), 204, action);
        await untilRefused(b, token);
      }
    });

    it('refuses on B a token whose password changed behind the module, once A has seen the new stamp', async () => {
      const token = await cachedOnB('stamped');
      const other = await new Argon2PasswordHasher().hash('changed in the database');
      await setup.getRepository(User).update({ username: 'stamped' }, { password: other });
      assert.equal(await profile(a, token), 401);
      await untilRefused(b, token);
    });

    it('accepts nothing stale on B while its channel is cut, and invalidates again once it is back', async () => {
      const token = await cachedOnB('alice');
      const other = await cachedOnB('alice');
      await proxy.stop();
      await sleep(300); // B sees its connection close (not a heartbeat timeout)
      assert.equal(await post(a, '/accounts/logout', token, { revoke_token: true }), 200);
      assert.equal(await profile(b, token), 401, 'the revoke is seen at the next request, from the database');
      assert.equal(await profile(b, other), 200, 'other tokens still work, read from the database');
      await proxy.start();
      await sleep(1500);
      const again = await cachedOnB('alice');
      assert.equal(await post(a, '/accounts/logout', again, { revoke_token: true }), 200);
      await untilRefused(b, again);
    });
  });
}
