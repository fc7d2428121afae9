/**
 * What a token cache must forget on every instance: one token (by digest, never the token itself),
 * or every token of one user (by primary key, as text).
 */
export type TokenInvalidation = { readonly digest: string } | { readonly userId: string };

/** What a channel tells the cache it serves. */
export interface InvalidationListener {
  /** An invalidation published by any instance (this one included). */
  invalidate(invalidation: TokenInvalidation): void;
  /** The channel went down (`false`: the cache must stop serving) or is back and subscribed (`true`). */
  listening(up: boolean): void;
}

/**
 * The cross-instance invalidation channel of `tokenCache`: every instance subscribes, and any
 * instance publishes when a token is revoked, a user's tokens are revoked or a password changes.
 * Implementations: `PostgresTokenInvalidationChannel` (LISTEN/NOTIFY) and
 * `RedisTokenInvalidationChannel` (pub/sub); or your own.
 */
export interface TokenInvalidationChannel {
  /** Starts listening (and reconnecting after a loss) for `listener`; resolves after the first attempt. */
  start(listener: InvalidationListener): Promise<void>;
  /** Sends `invalidation` to every instance; rejects when it could not be sent. */
  publish(invalidation: TokenInvalidation): Promise<void>;
  /** Whether invalidations reach this instance now: the cache serves only while this is true. */
  readonly isListening: boolean;
  /** Stops listening and releases the connection. */
  close(): Promise<void>;
}

/** Wire format: `t:<digest>` or `u:<userId>`. */
export function encodeInvalidation(invalidation: TokenInvalidation): string {
  return 'digest' in invalidation ? `t:${invalidation.digest}` : `u:${invalidation.userId}`;
}

/** The invalidation of a message; `undefined` for a message of another format. */
export function decodeInvalidation(message: string): TokenInvalidation | undefined {
  if (message.startsWith('t:')) return { digest: message.slice(2) };
  if (message.startsWith('u:')) return { userId: message.slice(2) };
  return undefined;
}

/** Whether `channel` has what a `TokenInvalidationChannel` needs (startup check E090). */
export function isInvalidationChannel(channel: unknown): channel is TokenInvalidationChannel {
  const candidate = channel as Record<string, unknown> | null | undefined;
  return (
    typeof candidate?.start === 'function' &&
    typeof candidate.publish === 'function' &&
    typeof candidate.close === 'function' &&
    'isListening' in candidate
  );
}
