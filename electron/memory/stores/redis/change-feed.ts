// A dedicated pub/sub connection on which the plain-Redis store hears of writes made by other
// processes (the CLI next to the app, a second device), so that recall does not ask Redis "anything
// new?" on every query. Writers PUBLISH on the user's channel in the same script as the write.
//
// Pub/sub is fire-and-forget: a message sent while this connection is down is lost. So liveness is
// tracked per channel by generation: every (re)connect is a new generation, and a channel counts as
// live only once its SUBSCRIBE has been confirmed in the current generation. The store trusts its
// cache without a round trip only when its last full consistency check started after that
// confirmation (plain-store.ts); on every (re)subscribe it is told to check again (onLive), and
// while the feed is down it falls back to checking Redis on each recall.
//
// node-redis's own reconnect re-subscribes silently, so it is switched off here: each connect is a
// fresh client whose confirmation we see, retried with a capped backoff until close().
import { createClient, type RedisClientType } from 'redis';

export interface ChangeFeedSink {
  /** A message on a subscribed channel. */
  onMessage(channel: string, message: string): void;
  /** These channels are (again) subscribed: anything published before may have been missed. */
  onLive(channels: readonly string[]): void;
}

export interface ChangeFeed {
  /** Subscribes `channel` (idempotent); resolves once confirmed, or at once when the feed is down. */
  add(channel: string): Promise<void>;
  /** The generation in which `channel` was confirmed, or null when it is not live now. */
  liveGeneration(channel: string): number | null;
  readonly isClosed: boolean;
  close(): Promise<void>;
}

const RETRY_MIN_MS = 50;
const RETRY_MAX_MS = 2_000;

export class RedisChangeFeed implements ChangeFeed {
  private client: RedisClientType | null = null;
  private generation = 0;
  private readonly channels = new Set<string>();
  /** channel → generation of its confirmed SUBSCRIBE. */
  private readonly confirmed = new Map<string, number>();
  private closed = false;
  private retryMs = RETRY_MIN_MS;
  private retryTimer: NodeJS.Timeout | null = null;
  private connecting: Promise<void> | null = null;

  constructor(
    private readonly url: string,
    private readonly sink: ChangeFeedSink,
    private readonly connectTimeoutMs = 3_000,
  ) {}

  async add(channel: string): Promise<void> {
    if (this.closed) return;
    const known = this.channels.has(channel);
    this.channels.add(channel);
    if (!this.client && !this.connecting) this.connecting = this.connect();
    if (this.connecting) {
      await this.connecting;
      return;
    }
    if (!known) await this.subscribe([channel]);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  liveGeneration(channel: string): number | null {
    if (!this.client?.isReady) return null;
    const generation = this.confirmed.get(channel);
    return generation === this.generation ? generation : null;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.drop();
  }

  private async connect(): Promise<void> {
    const client = createClient({
      url: this.url,
      disableOfflineQueue: true,
      // No CLIENT SETINFO / MAINT_NOTIFICATIONS in the handshake: Redis < 7.2 answers each with an
      // error reply (counted in its error stats), and this connection needs neither.
      disableClientInfo: true,
      maintNotifications: 'disabled',
      socket: { connectTimeout: this.connectTimeoutMs, reconnectStrategy: false },
    }) as RedisClientType;
    // A dropped socket surfaces as an 'error' with the client no longer open: without a reconnect
    // strategy that client is done, and a fresh one (a new generation) replaces it.
    client.on('error', () => {
      if (!client.isReady) this.lost(client);
    });
    try {
      await client.connect();
      if (this.closed) {
        client.destroy();
        return;
      }
      this.client = client;
      this.generation++;
      this.retryMs = RETRY_MIN_MS;
      await this.subscribe([...this.channels]);
      this.connecting = null;
    } catch {
      this.connecting = null;
      this.lost(client);
    }
  }

  private async subscribe(channels: string[]): Promise<void> {
    const client = this.client;
    if (!client || channels.length === 0) return;
    const generation = this.generation;
    try {
      await client.subscribe(channels, (message, channel) =>
        this.sink.onMessage(String(channel), String(message)),
      );
    } catch {
      this.lost(client);
      return;
    }
    if (this.client !== client || generation !== this.generation) return;
    for (const channel of channels) this.confirmed.set(channel, generation);
    this.sink.onLive(channels);
  }

  private lost(client: RedisClientType): void {
    if (this.client === client) this.drop();
    else
      try {
        client.destroy();
      } catch {
        // already gone
      }
    if (this.closed || this.retryTimer || this.connecting) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.closed && !this.client && !this.connecting) this.connecting = this.connect();
    }, wait);
    this.retryTimer.unref?.();
  }

  private drop(): void {
    const client = this.client;
    this.client = null;
    this.confirmed.clear();
    if (!client) return;
    try {
      client.destroy();
    } catch {
      // already closed
    }
  }
}
