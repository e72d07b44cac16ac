// A minimal server-sent-events reader over fetch. EventSource cannot send an Authorization header,
// and the preview bridge requires its token on every request (a token in the URL would end up in
// logs and history), so the stream is read and parsed here instead.

export interface SseMessage {
  event: string;
  data: string;
}

/** Splits a text stream into SSE messages (`event:` / `data:` lines, blank-line separated). */
export function createSseParser(onMessage: (message: SseMessage) => void) {
  let buffer = '';
  return (chunk: string) => {
    buffer += chunk.replace(/\r\n?/g, '\n');
    let boundary = buffer.indexOf('\n\n');
    while (boundary !== -1) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      boundary = buffer.indexOf('\n\n');
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue; // comment / keep-alive
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length > 0) onMessage({ event, data: data.join('\n') });
    }
  };
}

/**
 * Reads the event stream until `signal` aborts, reconnecting with a growing delay when the
 * connection drops (the preview server may restart while the page stays open).
 */
export async function followEventStream(options: {
  url: string;
  headers: Record<string, string>;
  signal: AbortSignal;
  onMessage: (message: SseMessage) => void;
}): Promise<void> {
  let delay = 500;
  while (!options.signal.aborted) {
    try {
      const response = await fetch(options.url, {
        headers: { ...options.headers, Accept: 'text/event-stream' },
        signal: options.signal,
        cache: 'no-store',
      });
      if (response.ok && response.body) {
        delay = 500;
        const parse = createSseParser(options.onMessage);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parse(value);
        }
      }
    } catch (_error) {
      if (options.signal.aborted) return;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 15_000);
  }
}
