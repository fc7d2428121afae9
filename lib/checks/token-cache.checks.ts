import { isInvalidationChannel } from '../token-cache/invalidation-channel.js';
import type { RegistrationConfiguration } from '../interfaces/registration-configuration.interface.js';
import { type Check, problem } from './check.js';

const MAX_TTL_SECONDS = 60;

const validSize = (size: unknown): boolean => Number.isSafeInteger(size) && (size as number) > 0;
const validTtl = (ttl: unknown): boolean => typeof ttl === 'number' && ttl > 0 && ttl <= MAX_TTL_SECONDS;

/** Whether a token cache can be made from these settings (checks E090 and E091 pass). */
export function isUsableTokenCache(
  cache: RegistrationConfiguration['tokenCache'],
): cache is NonNullable<RegistrationConfiguration['tokenCache']> {
  return cache !== null && isInvalidationChannel(cache.channel) && validSize(cache.size) && validTtl(cache.ttl);
}

/** E090: a token cache needs an invalidation channel, or a revoke on one instance would go unseen on the others. */
export const checkTokenCacheChannel: Check = ({ settings }) =>
  settings.tokenCache === null || isInvalidationChannel(settings.tokenCache.channel)
    ? []
    : [
        problem(
          'E090',
          'tokenCache is set without an invalidation channel: a token revoked on one instance would stay accepted on the others.',
          'Set tokenCache: { channel: new PostgresTokenInvalidationChannel({ client: () => new pg.Client(url) }) } or new RedisTokenInvalidationChannel(redis), or leave tokenCache out.',
        ),
      ];

/** E091: the cache's size is a positive integer and its ttl a number of seconds above 0 and at most 60. */
export const checkTokenCacheLimits: Check = ({ settings }) => {
  const cache = settings.tokenCache;
  if (cache === null) return [];
  const problems = [];
  const size = cache.size as unknown;
  if (!validSize(size)) {
    problems.push(
      problem(
        'E091',
        `tokenCache.size is ${String(size)}.`,
        'Set tokenCache.size to a positive whole number of tokens, such as 10000.',
      ),
    );
  }
  const ttl = cache.ttl as unknown;
  if (!validTtl(ttl)) {
    problems.push(
      problem(
        'E091',
        `tokenCache.ttl is ${String(ttl)}.`,
        `Set tokenCache.ttl to a few seconds (above 0, at most ${MAX_TTL_SECONDS}): it bounds how long an instance that missed an invalidation can accept a revoked token.`,
      ),
    );
  }
  return problems;
};
