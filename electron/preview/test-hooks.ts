// Routes that exist only when KEEL_PREVIEW_TEST_HOOKS=1 (end-to-end tests): they make the core
// emit the events the Electron main process would (a due check-in, "navigate") without waiting
// for the scheduler. They sit behind the same host, origin and token checks as the bridge.
import type { ServerResponse } from 'node:http';
import { eventContract } from '../../shared/ipc';
import type { HostAction } from '../../shared/ipc-channels';
import type { KeelApp } from '../app/types';
import type { EventStreamHub } from './event-stream';
import { sendError, sendJson } from './responses';

export async function handleTestHook(options: {
  name: string;
  body: unknown;
  app: Pick<KeelApp, 'invoke'>;
  events: EventStreamHub;
  /** How often the page asked for each host action (hide the window). */
  hostActions: ReadonlyMap<HostAction, number>;
  response: ServerResponse;
}): Promise<void> {
  const { name, body, app, events, response } = options;
  if (name === 'host-actions') {
    sendJson(response, 200, { ok: true, value: Object.fromEntries(options.hostActions) });
    return;
  }
  if (name === 'checkin-due') {
    const result = await app.invoke('checkin:now', {});
    if (result.ok) events.emit('checkin:due', result.value);
    sendJson(response, 200, result);
    return;
  }
  if (name === 'subscribers') {
    // Lets a test wait until the page's event stream is connected before emitting to it.
    sendJson(response, 200, { ok: true, value: { count: events.size } });
    return;
  }
  if (name === 'navigate') {
    const parsed = eventContract.navigate.safeParse(body);
    if (!parsed.success) {
      sendError(response, 400, 'invalid_input', 'navigate needs { view }');
      return;
    }
    events.emit('navigate', parsed.data);
    sendJson(response, 200, { ok: true, value: parsed.data });
    return;
  }
  sendError(response, 404, 'not_found', 'No such test hook.');
}
