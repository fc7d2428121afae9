import { type ChannelTiming, ReconnectingChannel } from './channel-base.js';

/** The part of a `pg` `Client` the channel uses. */
export interface PgClientLike {
  connect(): Promise<unknown>;
  query(text: string, values?: unknown[]): Promise<unknown>;
  on(event: 'notification', listener: (message: { channel: string; payload?: string }) => void): unknown;
  on(event: 'error' | 'end', listener: (error?: Error) => void): unknown;
  end(): Promise<void>;
}

export interface PostgresChannelOptions extends ChannelTiming {
  /**
   * Makes a new, unconnected client, e.g. `() => new pg.Client({ connectionString })`. One is kept
   * open for LISTEN (made again after a loss); a publish while it is down uses a short-lived one.
   */
  client: () => PgClientLike;
  /** The NOTIFY channel. @default 'registration_token_invalidation' */
  channel?: string;
}

const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Token cache invalidations over PostgreSQL LISTEN/NOTIFY (one dedicated connection per instance). */
export class PostgresTokenInvalidationChannel extends ReconnectingChannel {
  private readonly channel: string;
  private client?: PgClientLike;

  constructor(private readonly options: PostgresChannelOptions) {
    super(options);
    this.channel = options.channel ?? 'registration_token_invalidation';
    if (!CHANNEL_NAME.test(this.channel)) throw new Error(`Invalid NOTIFY channel name: ${this.channel}`);
  }

  protected async connect(): Promise<void> {
    const client = this.options.client();
    this.client = client;
    const current = (): boolean => this.client === client;
    client.on('error', (error) => current() && this.lost(error));
    client.on('end', () => current() && this.lost());
    client.on('notification', (message) => {
      if (current() && message.channel === this.channel && message.payload !== undefined)
        this.received(message.payload);
    });
    await client.connect();
    await client.query(`LISTEN ${this.channel}`);
  }

  protected async ping(): Promise<void> {
    await this.client!.query('SELECT 1');
  }

  protected async send(message: string): Promise<void> {
    if (this.isListening && this.client) {
      await this.client.query('SELECT pg_notify($1, $2)', [this.channel, message]);
      return;
    }
    const client = this.options.client();
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT pg_notify($1, $2)', [this.channel, message]);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  protected async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end();
  }
}
