import { Logger } from '@nestjs/common';
import {
  type InvalidationListener,
  type TokenInvalidation,
  type TokenInvalidationChannel,
  decodeInvalidation,
  encodeInvalidation,
} from './invalidation-channel.js';

/** Timing of a channel's liveness checks and reconnects, in milliseconds. */
export interface ChannelTiming {
  /** How often the connection is checked with a round trip. @default 1000 */
  heartbeatInterval?: number;
  /** How long a check, a connect or a publish may take before the channel counts as down. @default 1000 */
  timeout?: number;
  /** Wait before a reconnect after a loss. @default 500 */
  reconnectDelay?: number;
}

/** A promise that rejects after `ms` (a timer that does not keep the process alive). */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * What both channels share: the listening state, liveness checks on a timer, reconnects after a loss,
 * and decoding. A subclass connects and subscribes (`connect`), checks a round trip (`ping`), sends
 * (`send`) and drops its connection (`disconnect`), and calls `received` and `lost`.
 */
export abstract class ReconnectingChannel implements TokenInvalidationChannel {
  protected readonly logger = new Logger('Registration');
  protected readonly timing: Required<ChannelTiming>;
  private listener?: InvalidationListener;
  private up = false;
  private closed = false;
  private heartbeat?: NodeJS.Timeout;
  private reconnecting?: NodeJS.Timeout;

  constructor(timing: ChannelTiming = {}) {
    this.timing = { heartbeatInterval: 1000, timeout: 1000, reconnectDelay: 500, ...timing };
  }

  get isListening(): boolean {
    return this.up;
  }

  async start(listener: InvalidationListener): Promise<void> {
    this.listener = listener;
    this.closed = false;
    await this.attempt();
    this.heartbeat = setInterval(() => void this.check(), this.timing.heartbeatInterval);
    this.heartbeat.unref();
  }

  async publish(invalidation: TokenInvalidation): Promise<void> {
    await withTimeout(this.send(encodeInvalidation(invalidation)), this.timing.timeout, 'publish');
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.reconnecting);
    this.setUp(false);
    await this.disconnect().catch(() => undefined);
  }

  protected abstract connect(): Promise<void>;
  protected abstract ping(): Promise<void>;
  protected abstract send(message: string): Promise<void>;
  protected abstract disconnect(): Promise<void>;

  /** A message from the connection. */
  protected received(message: string): void {
    const invalidation = decodeInvalidation(message);
    if (invalidation) this.listener?.invalidate(invalidation);
  }

  /** The connection is gone or failed: stop serving, drop it, and reconnect after a delay. */
  protected lost(error?: unknown): void {
    if (this.closed) return;
    if (this.up)
      this.logger.warn(
        `Token cache channel lost (${(error as Error | undefined)?.name ?? 'closed'}); the cache stops serving until it is back`,
      );
    this.setUp(false);
    if (this.reconnecting) return;
    void this.disconnect().catch(() => undefined);
    this.reconnecting = setTimeout(() => {
      this.reconnecting = undefined;
      void this.attempt();
    }, this.timing.reconnectDelay);
    this.reconnecting.unref();
  }

  private async attempt(): Promise<void> {
    try {
      await withTimeout(this.connect(), this.timing.timeout, 'connect');
      if (!this.closed) this.setUp(true);
    } catch (error) {
      this.lost(error);
    }
  }

  private async check(): Promise<void> {
    if (!this.up || this.closed) return;
    try {
      await withTimeout(this.ping(), this.timing.timeout, 'heartbeat');
    } catch (error) {
      this.lost(error);
    }
  }

  private setUp(up: boolean): void {
    if (this.up === up) return;
    this.up = up;
    this.listener?.listening(up);
  }
}
