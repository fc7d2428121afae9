import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createInterface, type Interface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import {
  PostgresTokenInvalidationChannel,
  RedisTokenInvalidationChannel,
  TokenCache,
  type TokenInvalidationChannel,
} from 'nestjs-rest-registration';
import { TcpProxy } from './support/tcp-proxy.js';

const CACHE_SCRIPT = fileURLToPath(new URL('./support/cache-instance.js', import.meta.url));
const ANSWERS = new Set(['ready', 'ok', 'hit', 'miss', 'true', 'false']);
const timing = { heartbeatInterval: 100, timeout: 500, reconnectDelay: 100 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const digest = () => randomBytes(32).toString('hex');
const entry = (userId: string) => ({
  userId,
  user: { id: userId },
  expiresAt: null,
  createdAt: Date.now(),
  lastUsedAt: null,
});

/** A token cache in another process, driven line by line (test/support/cache-instance.ts). */
class RemoteCache {
  private constructor(
    private readonly child: ChildProcess,
    private readonly lines: AsyncIterator<string>,
  ) {}

  static async start(kind: string, url: string, channel: string): Promise<RemoteCache> {
    const child = spawn(process.execPath, [CACHE_SCRIPT], {
      env: { ...process.env, CACHE_CHANNEL: kind, CACHE_URL: url, CACHE_CHANNEL_NAME: channel },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const lines: Interface = createInterface({ input: child.stdout! });
    const remote = new RemoteCache(child, lines[Symbol.asyncIterator]());
    assert.equal(await remote.next(), 'ready');
    return remote;
  }

  /** The next answer; the process's log lines (the channel's warnings) are skipped. */
  private async next(): Promise<string> {
    for (;;) {
      const { value, done } = await this.lines.next();
      if (done) throw new Error('cache process ended');
      if (ANSWERS.has(value)) return value;
    }
  }

  async send(command: string): Promise<string> {
    this.child.stdin!.write(`${command}\n`);
    return this.next();
  }

  /** Polls `command` until it answers `expected` (or gives up after `ms`); resolves the last answer. */
  async until(command: string, expected: string, ms = 10_000): Promise<string> {
    const end = Date.now() + ms;
    let answer = await this.send(command);
    while (answer !== expected && Date.now() < end) {
      await sleep(20);
      answer = await this.send(command);
    }
    return answer;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.stdin!.end();
    await exited;
  }
}

interface Backend {
  kind: 'postgres' | 'redis';
  url?: string;
  channel(url: string, name: string): TokenInvalidationChannel;
  /** What the channel's connection needs to be cut: host and port of the server. */
  port: number;
}

const redisClients: Redis[] = [];
const backends: Backend[] = [
  {
    kind: 'postgres',
    url: process.env.TEST_POSTGRES_URL,
    channel: (url, name) =>
      new PostgresTokenInvalidationChannel({
        client: () => new pg.Client({ connectionString: url }),
        channel: name,
        ...timing,
      }),
    port: 5432,
  },
  {
    kind: 'redis',
    url: process.env.TEST_REDIS_URL,
    channel: (url, name) => {
      const redis = new Redis(url, { maxRetriesPerRequest: 1 });
      redis.on('error', () => undefined);
      redisClients.push(redis);
      return new RedisTokenInvalidationChannel(redis, { channel: name, ...timing });
    },
    port: 6379,
  },
];
after(() => redisClients.forEach((redis) => redis.disconnect()));

for (const backend of backends) {
  const skip = backend.url ? false : `TEST_${backend.kind.toUpperCase()}_URL is not set`;
  const channelName = `nrr_test_${backend.kind === 'redis' ? 'cache:' : ''}${randomBytes(6).toString('hex')}`;

  describe(`token cache over ${backend.kind}`, { skip }, () => {
    let local: TokenCache;
    before(async () => {
      local = new TokenCache({ channel: backend.channel(backend.url!, channelName), size: 3, ttl: 60 });
      await local.start();
    });
    after(() => local?.onApplicationShutdown());

    it('serves once the channel listens, keeps at most `size` entries, oldest out first', () => {
      assert.equal(local.serving, true);
      const digests = [digest(), digest(), digest(), digest()];
      for (const d of digests) local.set(d, entry('1'), local.mark());
      assert.equal(local.size, 3);
      assert.equal(local.get(digests[0]), undefined);
      assert.equal(local.get(digests[3])?.userId, '1');
      local.clear();
    });

    it('answers for an entry no longer than its ttl', () => {
      const d = digest();
      local.set(d, entry('1'), local.mark(), 1_000);
      assert.ok(local.get(d, 1_000 + 59_999));
      assert.equal(local.get(d, 1_000 + 60_000), undefined);
    });

    it('keeps out a lookup that an invalidation overtook', () => {
      const d = digest();
      const mark = local.mark();
      local.forget({ userId: 'someone else' });
      local.set(d, entry('1'), mark);
      assert.equal(local.get(d), undefined);
    });

    it('a publish in this process evicts in another process (token, then user)', async () => {
      const remote = await RemoteCache.start(backend.kind, backend.url!, channelName);
      try {
        const [one, two, three] = [digest(), digest(), digest()];
        for (const [d, user] of [
          [one, '7'],
          [two, '7'],
          [three, '8'],
        ])
          assert.equal(await remote.send(`set ${d} ${user}`), 'ok');
        assert.equal(await remote.send(`get ${one}`), 'hit');
        await local.invalidate({ digest: one });
        assert.equal(await remote.until(`get ${one}`, 'miss'), 'miss');
        assert.equal(await remote.send(`get ${two}`), 'hit', 'other tokens stay');
        await local.invalidate({ userId: '7' });
        assert.equal(await remote.until(`get ${two}`, 'miss'), 'miss');
        assert.equal(await remote.send(`get ${three}`), 'hit', "other users' tokens stay");
      } finally {
        await remote.stop();
      }
    });

    it('stops serving while its channel is cut, and comes back empty', async () => {
      const target = new URL(backend.url!);
      const proxy = new TcpProxy(target.hostname, Number(target.port || backend.port));
      await proxy.start();
      const remote = await RemoteCache.start(backend.kind, proxy.url(backend.url!), channelName);
      try {
        const d = digest();
        await remote.send(`set ${d} 9`);
        assert.equal(await remote.send(`get ${d}`), 'hit');
        await proxy.stop();
        assert.equal(await remote.until('serving', 'false'), 'false');
        assert.equal(await remote.send(`get ${d}`), 'miss', 'nothing is answered while the channel is down');
        assert.equal(await remote.send(`set ${d} 9`), 'ok');
        assert.equal(await remote.send(`get ${d}`), 'miss', 'nothing is stored while the channel is down');
        await proxy.start();
        assert.equal(await remote.until('serving', 'true'), 'true');
        assert.equal(await remote.send(`get ${d}`), 'miss', 'emptied on reconnect');
        await remote.send(`set ${d} 9`);
        assert.equal(await remote.send(`get ${d}`), 'hit');
        await local.invalidate({ digest: d });
        assert.equal(await remote.until(`get ${d}`, 'miss'), 'miss', 'invalidations arrive again');
      } finally {
        await remote.stop();
        await proxy.stop();
      }
    });
  });
}
