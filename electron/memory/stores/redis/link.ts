// What a Redis store holds on to: the command surface plus the connection's lifecycle. The real one
// is RedisConnection; command-level tests pass a recorder that answers with recorded replies.
import type { RedisCommander } from './connection';

export interface RedisLink extends RedisCommander {
  open(): Promise<void>;
  close(): Promise<void>;
  ping(): Promise<boolean>;
  /** The server URL with any password redacted. */
  readonly displayUrl: string;
}
