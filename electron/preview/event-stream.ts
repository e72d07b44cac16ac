// Server-sent events for the preview: the bridge's stand-in for webContents.send. Every connected
// page receives each main → renderer event as `event: <name>` + one JSON `data:` line.
import type { ServerResponse } from 'node:http';
import type { IpcEvent } from '../../shared/ipc';

/** Proxies drop idle streams; a comment line every so often keeps them open. */
const KEEP_ALIVE_MS = 20_000;

export class EventStreamHub {
  private readonly clients = new Set<ServerResponse>();
  private keepAlive: NodeJS.Timeout | null = null;

  /** Bound so it can be handed to createKeelApp as its `emit`. */
  readonly emit = (event: IpcEvent, payload: unknown): void => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const client of this.clients) client.write(frame);
  };

  attach(response: ServerResponse, extraHeaders: Record<string, string>): void {
    response.writeHead(200, {
      ...extraHeaders,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    response.write(': connected\n\n');
    this.clients.add(response);
    response.on('close', () => {
      this.clients.delete(response);
      this.updateKeepAlive();
    });
    this.updateKeepAlive();
  }

  get size(): number {
    return this.clients.size;
  }

  closeAll(): void {
    for (const client of this.clients) client.end();
    this.clients.clear();
    this.updateKeepAlive();
  }

  private updateKeepAlive(): void {
    if (this.clients.size > 0 && !this.keepAlive) {
      this.keepAlive = setInterval(() => {
        for (const client of this.clients) client.write(': keep-alive\n\n');
      }, KEEP_ALIVE_MS);
      this.keepAlive.unref();
    } else if (this.clients.size === 0 && this.keepAlive) {
      clearInterval(this.keepAlive);
      this.keepAlive = null;
    }
  }
}
