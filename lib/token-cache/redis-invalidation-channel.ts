import { type ChannelTiming, ReconnectingChannel } from './channel-base.js';

/** The part of an ioredis client the channel uses. */
export interface RedisPubSubLike {
  duplicate(): RedisPubSubLike;
  subscribe(channel: string): Promise<unknown>;
  publish(channel: string, message: string): Promise<unknown>;
  ping(): Promise<unknown>;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  on(event: 'ready' | 'close' | 'end' | 'error', listener: (error?: Error) => void): unknown;
  quit(): Promise<unknown>;
  disconnect(): void;
}

export interface RedisChannelOptions extends ChannelTiming {
  /** The pub/sub channel. @default 'registration:token-invalidation' */
  channel?: string;
}

/**
 * Token cache invalidations over Redis pub/sub: publishes with the given (ioredis) client and
 * subscribes on a duplicate of it, made again after a loss.
 */
export class RedisTokenInvalidationChannel extends ReconnectingChannel {
  private readonly channel: string;
  private subscriber?: RedisPubSubLike;

  constructor(
    private readonly redis: RedisPubSubLike,
    options: RedisChannelOptions = {},
  ) {
    super(options);
    this.channel = options.channel ?? 'registration:token-invalidation';
  }

  protected async connect(): Promise<void> {
    // A fresh connection each time, without ioredis' own reconnects: a loss must be seen, not hidden.
    const subscriber = this.redis.duplicate();
    this.subscriber = subscriber;
    const current = (): boolean => this.subscriber === subscriber;
    subscriber.on('error', (error) => current() && this.lost(error));
    subscriber.on('close', () => current() && this.lost());
    subscriber.on('end', () => current() && this.lost());
    subscriber.on('message', (channel, message) => {
      if (current() && channel === this.channel) this.received(message);
    });
    await subscriber.subscribe(this.channel);
  }

  protected async ping(): Promise<void> {
    await this.subscriber!.ping();
  }

  protected async send(message: string): Promise<void> {
    await this.redis.publish(this.channel, message);
  }

  protected async disconnect(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    subscriber?.disconnect();
  }
}
