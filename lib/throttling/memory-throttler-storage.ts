import type { ThrottlerStorage } from '@nestjs/throttler';

/** Options of `MemoryThrottlerStorage`. */
export interface MemoryThrottlerStorageOptions {
  /**
   * Most keys kept at once (one per address, account, login value and device with hits in the window).
   * When full, expired keys go first, then the oldest that are not blocked, then the oldest.
   * @default 100_000 (about 30 MB)
   */
  maxKeys?: number;
}

interface Entry {
  hits: number;
  /** End of the window, ms since the epoch. */
  windowEnd: number;
  /** End of the block, 0 when not blocked. */
  blockEnd: number;
}

/**
 * The login throttle's default storage: counts in this process's memory, as `@nestjs/throttler`'s
 * `ThrottlerStorageService` does, but bounded (`maxKeys`), with no timer per key (expired keys are
 * dropped when met and by one sweep a minute), so an attacker's address space cannot grow it without end.
 */
export class MemoryThrottlerStorage implements ThrottlerStorage {
  readonly maxKeys: number;
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(options: MemoryThrottlerStorageOptions = {}) {
    this.maxKeys = Math.max(1, Math.floor(options.maxKeys ?? 100_000));
    this.sweeper = setInterval(() => this.sweep(Date.now()), 60_000);
    this.sweeper.unref();
  }

  /** Keys held now. */
  get size(): number {
    return this.entries.size;
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, _throttlerName: string) {
    const now = Date.now();
    let entry = this.entries.get(key);
    if (entry && entry.blockEnd === 0 && entry.windowEnd <= now) entry = undefined;
    if (entry && entry.blockEnd !== 0 && entry.blockEnd <= now) entry = undefined;
    if (entry === undefined) {
      this.entries.delete(key);
      this.makeRoom(now);
      entry = { hits: 0, windowEnd: now + ttl, blockEnd: 0 };
      this.entries.set(key, entry);
    }
    if (entry.blockEnd === 0) {
      entry.hits++;
      if (entry.hits > limit) entry.blockEnd = now + Math.max(blockDuration, 1);
    }
    const blocked = entry.blockEnd !== 0;
    return {
      totalHits: entry.hits,
      timeToExpire: Math.max(0, Math.ceil((entry.windowEnd - now) / 1000)),
      isBlocked: blocked,
      timeToBlockExpire: blocked ? Math.max(1, Math.ceil((entry.blockEnd - now) / 1000)) : 0,
    };
  }

  private makeRoom(now: number): void {
    if (this.entries.size < this.maxKeys) return;
    this.sweep(now);
    if (this.entries.size < this.maxKeys) return;
    // Oldest first (a Map keeps insertion order); keep blocked keys while others can go.
    for (const [key, entry] of this.entries) {
      if (entry.blockEnd === 0) {
        this.entries.delete(key);
        return;
      }
    }
    this.entries.delete(this.entries.keys().next().value as string);
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.entries) {
      if ((entry.blockEnd === 0 ? entry.windowEnd : entry.blockEnd) <= now) this.entries.delete(key);
    }
  }

  /** Stops the sweep (the module calls it on shutdown). */
  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
    this.entries.clear();
  }
}
