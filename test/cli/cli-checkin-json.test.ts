// `keel checkin --json` as a real child process driven line by line: each output line is one JSON
// message, invalid input lines get an error and the check-in stays open, {"end":true} ends it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { parseJsonInput } from '../../electron/cli/commands/checkin';
import { InvalidInputError } from '../../shared/domain';
import { offlineCliEnv } from './cli-harness';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

type Message = Record<string, unknown> & { type: string };

describe('keel checkin --json', () => {
  it('parses input lines: text, quick replies, end, and refuses the rest with a message', () => {
    expect(parseJsonInput('  got distracted ')).toEqual({
      kind: 'reply',
      reply: { kind: 'text', text: 'got distracted' },
    });
    expect(parseJsonInput('{"quick":"not_now"}')).toEqual({
      kind: 'reply',
      reply: { kind: 'quick', id: 'not_now' },
    });
    expect(parseJsonInput('{"text":"{braces} are fine here"}')).toEqual({
      kind: 'reply',
      reply: { kind: 'text', text: '{braces} are fine here' },
    });
    expect(parseJsonInput('{"end":true}')).toEqual({ kind: 'end' });
    for (const bad of [
      '',
      '   ',
      '{nope',
      '{"quick":"yes"}',
      '{"end":false}',
      '{"quick":"done","x":1}',
    ]) {
      expect(() => parseJsonInput(bad)).toThrow(InvalidInputError);
    }
  });

  it('runs a session over stdin/stdout as JSON lines (spawned CLI)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-json-'));
    dirs.push(dir);
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'electron/cli/index.ts',
        'checkin',
        '--task',
        'write the report',
        '--json',
      ],
      {
        cwd: join(import.meta.dirname, '../..'),
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          ...offlineCliEnv(dir),
          KEEL_USER: 'sam',
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const out = createInterface({ input: child.stdout });
    const queue: Message[] = [];
    const waiting: Array<(m: Message) => void> = [];
    out.on('line', (l) => {
      const message = JSON.parse(l) as Message; // every line must be JSON
      const next = waiting.shift();
      if (next) next(message);
      else queue.push(message);
    });
    const read = () =>
      new Promise<Message>((resolve) => {
        const m = queue.shift();
        if (m) resolve(m);
        else waiting.push(resolve);
      });
    const send = (l: string) => child.stdin.write(l + '\n');
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));

    const first = await read();
    expect(first).toMatchObject({ type: 'nudge', task: 'write the report' });
    expect(typeof first.checkInId).toBe('string');
    expect(typeof first.strategy).toBe('string');
    expect(typeof first.text).toBe('string');
    expect(Array.isArray(first.similar)).toBe(true);

    send('{"quick":"stuck"}');
    expect(await read()).toMatchObject({ type: 'heard', outcome: 'stuck', source: 'quick_reply' });
    expect(await read()).toMatchObject({ type: 'follow_up', kind: 'smaller_step' });

    const second = await read();
    expect(second).toMatchObject({ type: 'nudge' });
    expect(second.checkInId).not.toBe(first.checkInId);
    send('{"quick":"maybe"}');
    expect(await read()).toMatchObject({ type: 'error' });
    send('{broken');
    expect((await read()).type).toBe('error');
    // The same check-in is still open: a reply in words answers it.
    send('finished it, sent it off');
    expect(await read()).toMatchObject({
      type: 'heard',
      outcome: 'task_completed',
      source: 'rules',
    });
    expect((await read()).type).toBe('follow_up');

    send('{"end":true}');
    // After "done" the next message may be a nudge for what comes next; then the session ends.
    let end = await read();
    while (end.type === 'nudge') end = await read();
    expect(end).toMatchObject({ type: 'session_end', checkIns: 2 });
    expect(typeof end.insight).toBe('string');
    child.stdin.end();
    expect(await exited).toBe(0);
    expect(err).toBe('');
  });
});
