// A RedisLink for command-level tests of the Query Engine store: it records every command exactly
// as the store sends it and answers with replies recorded from real servers (see fixtures below),
// in the shapes node-redis's sendCommand returns them. Not a Redis: commands without a reply
// handler fail the test.
import type { RedisArg, RedisCommand } from '../../../../electron/memory/stores/redis/connection';
import type { RedisLink } from '../../../../electron/memory/stores/redis/link';

export type Reply = unknown | Error;
export type Responder = (args: readonly RedisArg[]) => Reply;

export class RecordingLink implements RedisLink {
  readonly displayUrl = 'redis://recorded';
  readonly sent: Array<{ via: 'send' | 'transaction' | 'pipeline'; args: RedisArg[] }> = [];
  readonly transactions: RedisArg[][][] = [];

  constructor(private readonly respond: Responder) {}

  async open(): Promise<void> {}
  async close(): Promise<void> {}
  async ping(): Promise<boolean> {
    return true;
  }

  /** Commands as strings (Buffers shown as <N bytes>), for readable assertions. */
  names(): string[] {
    return this.sent.map((c) => String(c.args[0]));
  }

  async send(args: RedisCommand): Promise<unknown> {
    this.sent.push({ via: 'send', args: [...args] });
    return this.answer(args);
  }

  async transaction(commands: readonly RedisCommand[]): Promise<unknown[]> {
    this.transactions.push(commands.map((c) => [...c]));
    for (const args of commands) this.sent.push({ via: 'transaction', args: [...args] });
    return commands.map((args) => this.answer(args));
  }

  async pipeline(commands: readonly RedisCommand[]): Promise<unknown[]> {
    for (const args of commands) this.sent.push({ via: 'pipeline', args: [...args] });
    return commands.map((args) => this.answer(args));
  }

  private answer(args: readonly RedisArg[]): unknown {
    const reply = this.respond(args);
    if (reply instanceof Error) throw reply;
    if (reply === undefined)
      throw new Error(`RecordingLink: no reply recorded for ${String(args[0])}`);
    return reply;
  }
}

/** Error replies as node-redis raises them (ErrorReply is an Error with the server's message). */
export function errorReply(message: string): Error {
  const error = new Error(message);
  error.name = 'ErrorReply';
  return error;
}
