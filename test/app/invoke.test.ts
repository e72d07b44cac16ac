// The envelope on its own: request validation before the handler, response validation after, and
// errors mapped to codes with secrets blanked out.
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../shared/domain';
import { AppError } from '../../electron/app/invoke';
import { invokeChannel } from '../../electron/app/invoke';
import type { AppHandlers } from '../../electron/app/types';
import { silentLogger } from '../../electron/base/logger';

const SECRET = 'AIzaSyD-very-secret-key-0123456789';

function deps(
  handlers: Partial<Record<keyof AppHandlers, (request: unknown) => Promise<unknown>>>,
) {
  const calls: unknown[] = [];
  const wrapped = Object.fromEntries(
    Object.entries(handlers).map(([channel, handler]) => [
      channel,
      async (request: unknown) => {
        calls.push(request);
        return handler!(request);
      },
    ]),
  ) as unknown as AppHandlers;
  return { calls, deps: { handlers: wrapped, logger: silentLogger, knownSecrets: () => [SECRET] } };
}

describe('invoke envelope', () => {
  it('passes the parsed request (with defaults) and returns the validated response', async () => {
    const { calls, deps: d } = deps({ 'checkin:snooze': async () => ({ ...session }) });
    const session = {
      id: null,
      active: false,
      task: null,
      startedAt: null,
      endsAt: null,
      checkIns: 0,
      snoozedUntil: null,
      lastOutcome: null,
    };
    // The response gets its defaults too (taskDone); no minutes means the Settings' snooze length.
    expect(await invokeChannel(d, 'checkin:snooze', {})).toEqual({
      ok: true,
      value: { ...session, taskDone: false, focus: false },
    });
    expect(calls).toEqual([{}]);
  });

  it('never calls the handler for an invalid request', async () => {
    const { calls, deps: d } = deps({ 'task:set': async () => ({}) });
    const result = await invokeChannel(d, 'task:set', { task: '', extra: 1 });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!result.ok) expect(result.error.message).toMatch(/^Invalid request for task:set: /);
    expect(calls).toEqual([]);
  });

  it('refuses a response that breaks the contract', async () => {
    const { deps: d } = deps({ 'app:status': async () => ({ trayState: 'sleeping' }) });
    const result = await invokeChannel(d, 'app:status', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'failed' } });
    if (!result.ok) expect(result.error.message).toMatch(/invalid response/);
  });

  it('maps errors to codes and redacts secrets from messages', async () => {
    const { deps: d } = deps({
      'memory:doctor': async () => {
        throw new Error(`connect failed for redis://me:hunter2@db:6379 with key ${SECRET}`);
      },
      'secrets:set': async () => {
        throw new AppError('unavailable', 'no keychain');
      },
      'session:end': async () => {
        throw new InvalidInputError('no session');
      },
    });
    const failed = await invokeChannel(d, 'memory:doctor', {});
    expect(failed).toMatchObject({ ok: false, error: { code: 'failed' } });
    const message = failed.ok ? '' : failed.error.message;
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain(SECRET);
    expect(message).toContain('redis://me:***@db:6379');
    expect(
      await invokeChannel(d, 'secrets:set', {
        name: 'redisUrl',
        value: 'redis://x',
        confirmed: true,
      }),
    ).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'no keychain' },
    });
    expect(await invokeChannel(d, 'session:end', {})).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: 'no session' },
    });
  });

  it('answers forbidden for channels outside the contract, prototype names included', async () => {
    const { deps: d } = deps({});
    for (const channel of ['nope', 'constructor', '__proto__', 'toString']) {
      expect(await invokeChannel(d, channel, {})).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
  });
});
