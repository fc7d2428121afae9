/**
 * A token cache in its own process, for the cross-process channel tests. Reads CACHE_CHANNEL
 * (`postgres` or `redis`), CACHE_URL and CACHE_CHANNEL_NAME; prints `ready` once started, then answers
 * one line per command read on stdin: `set <digest> <userId>` → `ok`, `get <digest>` → `hit`/`miss`,
 * `serving` → `true`/`false`.
 */
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import pg from 'pg';
import {
  PostgresTokenInvalidationChannel,
  RedisTokenInvalidationChannel,
  TokenCache,
  type TokenInvalidationChannel,
} from 'nestjs-rest-registration';

const kind = process.env.CACHE_CHANNEL;
const url = process.env.CACHE_URL!;
const name = process.env.CACHE_CHANNEL_NAME;
const timing = { heartbeatInterval: 100, timeout: 500, reconnectDelay: 100 };

function channel(): TokenInvalidationChannel {
  if (kind === 'postgres')
    return new PostgresTokenInvalidationChannel({
      client: () => new pg.Client({ connectionString: url }),
      channel: name,
      ...timing,
    });
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  return new RedisTokenInvalidationChannel(redis, { channel: name, ...timing });
}

const cache = new TokenCache({ channel: channel(), size: 100, ttl: 60 });
await cache.start();
process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  const [command, digest, userId] = line.split(' ');
  if (command === 'set') {
    const now = Date.now();
    cache.set(digest, { userId, user: { id: userId }, expiresAt: null, createdAt: now, lastUsedAt: now }, cache.mark());
    process.stdout.write('ok\n');
  } else if (command === 'get') process.stdout.write(cache.get(digest) ? 'hit\n' : 'miss\n');
  else if (command === 'serving') process.stdout.write(`${cache.serving}\n`);
}
await cache.onApplicationShutdown();
process.exit(0);
