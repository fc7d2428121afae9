import type { ThrottlerStorage } from '@nestjs/throttler';

/** What the storage needs of a Redis client; an `ioredis` client (or cluster) fits. */
export interface RedisEvalClient {
  eval(script: string, numberOfKeys: number, ...args: Array<string | number>): Promise<unknown>;
  /** ioredis' connection state; while it is `reconnecting`, `close` or `end`, a command fails at once instead of queueing. */
  readonly status?: string;
}

/** Options of `RedisThrottlerStorage`. */
export interface RedisThrottlerStorageOptions {
  /**
   * Milliseconds to wait for Redis before the attempt fails (login then answers 503). ioredis' own default
   * retries a command for about 10 s while Redis is away.
   * @default 1000
   */
  timeout?: number;
}

/** Redis could not be asked in time, or refused: the login route answers 503. */
export class ThrottleStorageUnavailable extends Error {
  override readonly name = 'ThrottleStorageUnavailable';
}

/** Shape of `ThrottlerStorage.increment`'s answer (`ThrottlerStorageRecord` of `@nestjs/throttler`). */
interface ThrottlerRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/**
 * Fixed window per key; once the hits pass the limit, a block key lives for `blockDuration` and the
 * window restarts after it. One script, so concurrent app instances never race between read and write.
 * Returns hits, window ms left, blocked (0/1), block ms left.
 */
const INCREMENT = `
local hits_key, block_key = KEYS[1], KEYS[2]
local ttl, limit, block = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local block_left = redis.call('PTTL', block_key)
if block_left > 0 then
  return { limit + 1, block_left, 1, block_left }
end
local hits = redis.call('INCR', hits_key)
if hits == 1 then redis.call('PEXPIRE', hits_key, ttl) end
local window_left = redis.call('PTTL', hits_key)
if window_left < 0 then
  redis.call('PEXPIRE', hits_key, ttl)
  window_left = ttl
end
if hits > limit and block > 0 then
  redis.call('SET', block_key, '1', 'PX', block)
  redis.call('DEL', hits_key)
  return { hits, block, 1, block }
end
if hits > limit then return { hits, window_left, 1, window_left } end
return { hits, window_left, 0, 0 }
`;

/**
 * A `@nestjs/throttler` storage in Redis, so login limits hold across every instance of the app.
 *
 * ```ts
 * RegistrationModule.forRoot({ userEntity: User, loginThrottle: { storage: new RedisThrottlerStorage(new Redis(url)) } })
 * ```
 * The client is the host's to create and to close.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  /**
   * @param client a connected Redis client with `eval` (ioredis)
   * @param prefix prepended to every key
   * @param options `timeout` (ms, default 1000): how long to wait for Redis before the login answers 503
   */
  private readonly timeout: number;

  constructor(
    private readonly client: RedisEvalClient,
    private readonly prefix = 'nrr:throttle:',
    options: RedisThrottlerStorageOptions = {},
  ) {
    this.timeout = options.timeout ?? 1000;
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    _throttlerName: string,
  ): Promise<ThrottlerRecord> {
    const base = `${this.prefix}${key}`;
    const status = this.client.status;
    // Lost (not merely still making its first connection): fail now rather than queue behind reconnects.
    if (status === 'reconnecting' || status === 'close' || status === 'end') {
      throw new ThrottleStorageUnavailable(`Redis is ${status}`);
    }
    const reply = (await this.withTimeout(
      this.client.eval(
        INCREMENT,
        2,
        `${base}:hits`,
        `${base}:block`,
        Math.max(1, Math.ceil(ttl)),
        limit,
        Math.max(0, Math.ceil(blockDuration)),
      ),
    )) as number[];
    const [totalHits, windowLeft, blocked, blockLeft] = reply.map(Number);
    return {
      totalHits,
      timeToExpire: Math.ceil(windowLeft / 1000),
      isBlocked: blocked === 1,
      timeToBlockExpire: Math.ceil(blockLeft / 1000),
    };
  }

  private async withTimeout<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ThrottleStorageUnavailable('Redis did not answer in time')), this.timeout);
    });
    try {
      return await Promise.race([work, expired]);
    } catch (error) {
      throw error instanceof ThrottleStorageUnavailable
        ? error
        : new ThrottleStorageUnavailable('Redis failed', { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}
