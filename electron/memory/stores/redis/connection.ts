// One node-redis connection, wrapped so that nothing above it can hang or leak a password:
// bounded connect timeout, bounded reconnects, commands rejected (not queued) while disconnected,
// a per-command timeout, and every connection-level failure turned into StoreUnavailableError with
// a redacted message. The stores only see the small RedisCommander interface, which is also what
// the command-level tests drive with recorded replies.
import { createClient, ErrorReply, RESP_TYPES, type RedisClientType } from 'redis';
import { describeError, redact } from '../../../base/redact';
import { StoreUnavailableError } from '../types';
import { RedisChangeFeed, type ChangeFeed, type ChangeFeedSink } from './change-feed';

export type RedisArg = string | Buffer;
export type RedisCommand = readonly RedisArg[];

export interface SendOptions {
  /** Return blob strings as Buffers (binary vectors); otherwise as strings. */
  buffers?: boolean;
}

/** The only surface the stores use: single commands, MULTI/EXEC transactions and pipelines. */
export interface RedisCommander {
  send(args: RedisCommand, options?: SendOptions): Promise<unknown>;
  /** Runs the commands in one MULTI/EXEC; replies in order. */
  transaction(commands: readonly RedisCommand[]): Promise<unknown[]>;
  /** Sends the commands without MULTI in one round trip; replies in order. */
  pipeline(commands: readonly RedisCommand[], options?: SendOptions): Promise<unknown[]>;
}

export interface ConnectionOptions {
  connectTimeoutMs?: number;
  /** Reconnect attempts after a drop before the client gives up (open() starts a fresh one). */
  maxReconnects?: number;
  commandTimeoutMs?: number;
}

const REPLY_ERRORS_MEANING_UNAVAILABLE = /^(NOAUTH|WRONGPASS|LOADING|MASTERDOWN)/;

/** Turns connection-level failures into StoreUnavailableError; server error replies pass through. */
export function toStoreError(error: unknown, url: string): Error {
  if (error instanceof StoreUnavailableError) return error;
  const message = describeError(error, [passwordOf(url)]);
  if (error instanceof ErrorReply && !REPLY_ERRORS_MEANING_UNAVAILABLE.test(error.message)) {
    // A real reply from a live server (e.g. "ERR unknown command"): the caller decides.
    return message === error.message ? error : new ErrorReply(message);
  }
  return new StoreUnavailableError(`Redis at ${safeUrl(url)} is unavailable: ${message}`);
}

/** The URL with any password replaced, for messages and diagnostics. */
export function safeUrl(url: string): string {
  return redact(url, [passwordOf(url)]);
}

function passwordOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.password ? decodeURIComponent(parsed.password) : null;
  } catch {
    return null;
  }
}

export class RedisConnection implements RedisCommander {
  private client: RedisClientType | null = null;
  /** Set by open(), cleared by close(): whether commands may reconnect on their own. */
  private wantOpen = false;
  private readonly connectTimeoutMs: number;
  private readonly maxReconnects: number;
  private readonly commandTimeoutMs: number;

  constructor(
    private readonly url: string,
    options: ConnectionOptions = {},
  ) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? 3_000;
    this.maxReconnects = options.maxReconnects ?? 5;
    this.commandTimeoutMs = options.commandTimeoutMs ?? 10_000;
  }

  /** Pub/sub connections of this link (one per plain store), closed with it. */
  private readonly feeds = new Set<RedisChangeFeed>();

  changeFeed(sink: ChangeFeedSink): ChangeFeed {
    const feed = new RedisChangeFeed(this.url, sink, this.connectTimeoutMs);
    this.feeds.add(feed);
    return feed;
  }

  get isReady(): boolean {
    return this.client?.isReady ?? false;
  }

  get displayUrl(): string {
    return safeUrl(this.url);
  }

  /** Connects (again, if a previous client gave up). Throws StoreUnavailableError on failure. */
  async open(): Promise<void> {
    this.wantOpen = true;
    if (this.client?.isReady) return;
    this.discard();
    let connected = false;
    const client = createClient({
      url: this.url,
      disableOfflineQueue: true,
      socket: {
        connectTimeout: this.connectTimeoutMs,
        // Fail the first connect at once (the service retries later); after a drop, a few quick
        // retries, then give up so commands fail fast instead of waiting on a dead server.
        reconnectStrategy: (retries, cause) =>
          !connected || retries >= this.maxReconnects ? cause : Math.min(100 * 2 ** retries, 1_000),
      },
    }) as RedisClientType;
    // Without a listener node-redis would throw 'error' events at the process.
    client.on('error', () => {});
    this.client = client;
    try {
      await client.connect();
      connected = true;
    } catch (error) {
      this.discard();
      throw toStoreError(error, this.url);
    }
  }

  async close(): Promise<void> {
    this.wantOpen = false;
    for (const feed of this.feeds) await feed.close();
    this.feeds.clear();
    const client = this.client;
    this.client = null;
    if (!client) return;
    try {
      if (client.isReady) await client.close();
      else client.destroy();
    } catch {
      client.destroy();
    }
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.send(['PING'])) === 'PONG';
    } catch {
      return false;
    }
  }

  async send(args: RedisCommand, options: SendOptions = {}): Promise<unknown> {
    const client = await this.ready();
    try {
      return await client.sendCommand([...args], {
        timeout: this.commandTimeoutMs,
        ...(options.buffers ? { typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer } } : {}),
      });
    } catch (error) {
      throw toStoreError(error, this.url);
    }
  }

  async transaction(commands: readonly RedisCommand[]): Promise<unknown[]> {
    const client = await this.ready();
    const multi = client.multi();
    for (const args of commands) multi.addCommand([...args]);
    try {
      return (await multi.exec()) as unknown[];
    } catch (error) {
      throw toStoreError(error, this.url);
    }
  }

  async pipeline(commands: readonly RedisCommand[], options: SendOptions = {}): Promise<unknown[]> {
    if (commands.length === 0) return [];
    const client = await this.ready();
    const target = options.buffers
      ? client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer })
      : client;
    const multi = target.multi();
    for (const args of commands) multi.addCommand([...args]);
    try {
      return (await multi.execAsPipeline()) as unknown[];
    } catch (error) {
      throw toStoreError(error, this.url);
    }
  }

  /**
   * The connected client. While node-redis is reconnecting, fails at once (no offline queue); once
   * it has given up, and the store was opened before, tries one fresh connect (bounded by the
   * connect timeout) so a restarted server is picked up without anyone calling open() again.
   */
  private async ready(): Promise<RedisClientType> {
    if (this.client?.isReady) return this.client;
    if (this.client?.isOpen || !this.wantOpen) {
      throw new StoreUnavailableError(`Redis at ${this.displayUrl} is not connected`);
    }
    await this.open();
    return this.client!;
  }

  private discard(): void {
    const old = this.client;
    this.client = null;
    if (old) {
      try {
        old.destroy();
      } catch {
        // already closed
      }
    }
  }
}
