// The renderer's API client: envelopes and responses are validated against the shared contract,
// errors keep their code, and the SSE parser copes with chunks split anywhere.
import { describe, expect, it } from 'vitest';
import type { KeelApi } from '../../shared/ipc';
import { createKeelClient } from '../../renderer/src/api/client';
import { KeelApiError } from '../../renderer/src/api/errors';
import { createSseParser, type SseMessage } from '../../renderer/src/api/sse-reader';

function apiReturning(raw: unknown): KeelApi {
  return {
    invoke: async () => raw as never,
    host: async () => undefined,
    on: () => () => undefined,
  };
}

const session = {
  id: null,
  active: false,
  task: 'write',
  startedAt: null,
  endsAt: null,
  checkIns: 0,
  snoozedUntil: null,
  lastOutcome: null,
  taskDone: false,
  focus: false,
};

describe('createKeelClient', () => {
  it('returns a validated value', async () => {
    const client = createKeelClient(apiReturning({ ok: true, value: session }));
    await expect(client.call('session:get', {})).resolves.toEqual(session);
  });

  it('keeps the code and message of an error envelope', async () => {
    const client = createKeelClient(
      apiReturning({
        ok: false,
        error: { code: 'invalid_input', message: 'task must not be empty' },
      }),
    );
    const error = await client.call('task:set', { task: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeelApiError);
    expect(error).toMatchObject({ code: 'invalid_input', message: 'task must not be empty' });
  });

  it('refuses a reply that does not match the contract', async () => {
    const client = createKeelClient(
      apiReturning({ ok: true, value: { ...session, checkIns: -1 } }),
    );
    await expect(client.call('session:get', {})).rejects.toMatchObject({ code: 'failed' });
    const garbage = createKeelClient(apiReturning('<html>'));
    await expect(garbage.call('session:get', {})).rejects.toMatchObject({ code: 'failed' });
  });

  it('turns a thrown transport error into "unavailable"', async () => {
    const api: KeelApi = {
      invoke: async () => {
        throw new Error('socket closed');
      },
      host: async () => undefined,
      on: () => () => undefined,
    };
    await expect(createKeelClient(api).call('app:status', {})).rejects.toMatchObject({
      code: 'unavailable',
    });
  });

  it('drops events whose payload does not match the contract', () => {
    const seen: unknown[] = [];
    let emit: (payload: unknown) => void = () => undefined;
    const api: KeelApi = {
      invoke: async () => ({ ok: true, value: {} }) as never,
      host: async () => undefined,
      on: (_event, listener) => {
        emit = listener as (payload: unknown) => void;
        return () => undefined;
      },
    };
    createKeelClient(api).on('navigate', (payload) => seen.push(payload));
    emit({ view: 'nowhere' });
    emit({ view: 'history' });
    expect(seen).toEqual([{ view: 'history' }]);
  });
});

describe('createSseParser', () => {
  it('parses events split across chunks and ignores comments', () => {
    const messages: SseMessage[] = [];
    const parse = createSseParser((message) => messages.push(message));
    parse(': connected\n\nevent: navi');
    parse('gate\ndata: {"view":');
    parse('"settings"}\n\n');
    parse('event: status:changed\r\ndata: 1\r\ndata: 2\r\n\r\n');
    expect(messages).toEqual([
      { event: 'navigate', data: '{"view":"settings"}' },
      { event: 'status:changed', data: '1\n2' },
    ]);
  });
});
