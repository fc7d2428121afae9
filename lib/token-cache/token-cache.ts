import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { TokenInvalidation, TokenInvalidationChannel } from './invalidation-channel.js';

/** A token the cache may answer for: its user and the row's times (ms since the epoch). */
export interface CachedToken {
  readonly userId: string;
  /** The user as the lookup read it; handed out as a copy. */
  readonly user: object;
  readonly expiresAt: number | null;
  readonly createdAt: number;
  /** Updated when a hit writes `lastUsedAt` (at most once a minute). */
  lastUsedAt: number | null;
}

interface Entry {
  token: CachedToken;
  /** When the cache stops answering for it. */
  until: number;
}

/** The resolved `tokenCache` setting. */
export interface TokenCacheOptions {
  channel: TokenInvalidationChannel;
  /** Most tokens kept; the oldest entry goes first. */
  size: number;
  /** Seconds an entry is answered for at most. */
  ttl: number;
}

/**
 * Recently seen tokens in memory (bounded, short-lived), forgotten on every instance through the
 * invalidation channel. Fails closed: it answers only while the channel listens, and is emptied
 * whenever the channel goes down or comes back, since invalidations may have been missed meanwhile.
 */
export class TokenCache implements OnApplicationShutdown {
  private readonly logger = new Logger('Registration');
  private readonly entries = new Map<string, Entry>();
  private readonly byUser = new Map<string, Set<string>>();
  /** Bumped by every invalidation and state change: a lookup that saw one in flight stores nothing. */
  private generation = 0;
  private readonly ttlMs: number;
  private started?: Promise<void>;

  constructor(private readonly options: TokenCacheOptions) {
    this.ttlMs = options.ttl * 1000;
  }

  /** Subscribes to the channel (once); the cache answers from when the channel listens. */
  start(): Promise<void> {
    this.started ??= this.options.channel.start({
      invalidate: (invalidation) => this.forget(invalidation),
      listening: () => this.clear(),
    });
    return this.started;
  }

  /** Whether the cache may answer now. */
  get serving(): boolean {
    return this.options.channel.isListening;
  }

  /** Entries held now. */
  get size(): number {
    return this.entries.size;
  }

  /** Take before a lookup and pass to `set()`: an invalidation in between keeps the result out. */
  mark(): number {
    return this.generation;
  }

  /** The cached token of `digest`, while the channel listens and the entry is young enough. */
  get(digest: string, now = Date.now()): CachedToken | undefined {
    if (!this.serving) return undefined;
    const entry = this.entries.get(digest);
    if (entry === undefined) return undefined;
    if (entry.until <= now) {
      this.remove(digest, entry);
      return undefined;
    }
    return entry.token;
  }

  /** Keeps a token just found valid, unless an invalidation or a channel change came since `mark`. */
  set(digest: string, token: CachedToken, mark: number, now = Date.now()): void {
    if (mark !== this.generation || !this.serving) return;
    const previous = this.entries.get(digest);
    if (previous) this.remove(digest, previous);
    else if (this.entries.size >= this.options.size) {
      const [oldest, entry] = this.entries.entries().next().value as [string, Entry];
      this.remove(oldest, entry);
    }
    this.entries.set(digest, { token, until: now + this.ttlMs });
    let digests = this.byUser.get(token.userId);
    if (!digests) this.byUser.set(token.userId, (digests = new Set()));
    digests.add(digest);
  }

  /**
   * Forgets `invalidations` here and publishes them to every instance. A failed publish is logged
   * (the change itself is stored); instances that still listen then answer for at most `ttl`.
   */
  async invalidate(...invalidations: TokenInvalidation[]): Promise<void> {
    for (const invalidation of invalidations) this.forget(invalidation);
    for (const invalidation of invalidations) {
      try {
        await this.options.channel.publish(invalidation);
      } catch (error) {
        this.logger.warn(
          `Token cache invalidation not published: ${(error as Error).name}: ${(error as Error).message}`,
        );
      }
    }
  }

  /** Forgets one token or one user's tokens here (what a message from the channel does). */
  forget(invalidation: TokenInvalidation): void {
    this.generation++;
    if ('digest' in invalidation) {
      const entry = this.entries.get(invalidation.digest);
      if (entry) this.remove(invalidation.digest, entry);
      return;
    }
    const digests = this.byUser.get(invalidation.userId);
    if (!digests) return;
    for (const digest of [...digests]) this.remove(digest, this.entries.get(digest)!);
  }

  /** Forgets everything. */
  clear(): void {
    this.generation++;
    this.entries.clear();
    this.byUser.clear();
  }

  async onApplicationShutdown(): Promise<void> {
    this.clear();
    await this.options.channel.close();
  }

  private remove(digest: string, entry: Entry): void {
    this.entries.delete(digest);
    const digests = this.byUser.get(entry.token.userId);
    digests?.delete(digest);
    if (digests?.size === 0) this.byUser.delete(entry.token.userId);
  }
}
