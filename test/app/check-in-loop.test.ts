// Scheduled check-ins through the whole app (real core and coach). The periodic tick is off; the
// test moves an injected clock and looks at the schedule itself (checkSchedule, what each tick
// does), so "20 minutes later" takes no real time and "nothing happened" is not a matter of waiting.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckInView } from '../../shared/checkin';
import type { KeelApp } from '../../electron/app/types';
import { ok, openApp } from './app-harness';

const MIN = 60_000;
const MONDAY_10 = new Date(2026, 0, 5, 10, 0).getTime();

let dataDir: string;
let app: KeelApp;
let now: number;
let due: CheckInView[];

async function open(options: { replyTimeoutMs?: number } = {}) {
  ({ app } = await openApp(
    {
      dataDir,
      clock: () => now,
      replyTimeoutMs: options.replyTimeoutMs ?? 60 * MIN,
    },
    due,
  ));
}

const value = <T>(channel: string, request: unknown = {}) => ok<T>(app, channel, request);

/** One look at the schedule, as the periodic tick would take it. */
const tick = () => app.checkSchedule();

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'keel-loop-'));
  now = MONDAY_10;
  due = [];
});
afterEach(async () => {
  await app.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('scheduled check-ins', () => {
  it('waits for onboarding, then opens exactly one check-in per interval', async () => {
    await open();
    now += 30 * MIN;
    await tick();
    expect(due).toHaveLength(0);

    await value('onboarding:complete', { task: 'Draft the newsletter' });
    now += 19 * MIN;
    await tick();
    expect(due).toHaveLength(0);
    now += 1 * MIN;
    await tick();
    expect(due).toHaveLength(1);
    expect(due[0]).toMatchObject({ state: 'awaiting_reply', task: 'Draft the newsletter' });

    // While it waits for a reply (up to the reply timeout, 60 min here), no second one stacks up,
    // though two more intervals pass.
    now += 59 * MIN;
    await tick();
    expect(due).toHaveLength(1);
    // Closed as unanswered at the deadline; the next one comes on the schedule from then on.
    now += 1 * MIN;
    await tick();
    expect((await value<CheckInView>('checkin:current')).state).toBe('timed_out');
  });

  it('holds the check-in while the screen is locked and brings one on unlock', async () => {
    await open();
    await value('onboarding:complete', {});
    app.setSystemState({ locked: true });
    now += 2 * 60 * MIN;
    await tick();
    expect(due).toHaveLength(0);
    // Unlocking looks at the schedule at once; a tick right after shares the same check-in.
    app.setSystemState({ locked: false });
    await tick();
    expect(due).toHaveLength(1);
  });

  it('closes an unanswered check-in after the reply timeout', async () => {
    await open({ replyTimeoutMs: 7 * MIN });
    await value('onboarding:complete', {});
    const checkIn = await value<CheckInView>('checkin:now');
    expect(checkIn.state).toBe('awaiting_reply');
    now += 7 * MIN - 1;
    await tick();
    expect((await value<CheckInView>('checkin:current')).state).toBe('awaiting_reply');
    now += 1;
    await tick();
    const closed = await value<CheckInView>('checkin:current');
    expect(closed.state).toBe('timed_out');
    // The N it names is the timeout that closed it (one owner: the engine's, read by the loop).
    expect(closed.answer?.classification.signals).toEqual(['no reply within 7 min']);
    expect((await value<{ trayState: string }>('app:status')).trayState).toBe('active');
  });

  it('does not check in outside working hours', async () => {
    now = new Date(2026, 0, 10, 12, 0).getTime(); // Saturday
    await open();
    await value('onboarding:complete', {});
    now += 60 * MIN;
    await tick();
    expect(due).toHaveLength(0);
  });
});
