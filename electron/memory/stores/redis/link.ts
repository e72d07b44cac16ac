// What a Redis store holds on to: the command surface plus the connection's lifecycle. The real one
// is RedisConnection; command-level tests pass a recorder that answers with recorded replies.
import type { ChangeFeed, ChangeFeedSink } from './change-feed';
import type { RedisCommander } from './connection';

export interface RedisLink extends RedisCommander {
  open(): Promise<void>;
  close(): Promise<void>;
  ping(): Promise<boolean>;
  /** The server URL with any password redacted. */
  readonly displayUrl: string;
  /**
   * A dedicated pub/sub connection to the same server, closed with the link. Optional: a link
   * without it (recorded replies in tests) makes the plain store check Redis on every recall.
   */
  changeFeed?(sink: ChangeFeedSink): ChangeFeed;
}
