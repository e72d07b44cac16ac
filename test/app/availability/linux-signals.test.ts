// Linux availability against real parts: a private D-Bus with our own notifications service, and a
// PulseAudio server with a real recording client. Skipped, with the reason printed, where the tools
// are missing (scripts/install-test-deps.sh installs them).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { offlineCliEnv, runInProcess } from '../../cli/cli-harness';
import { linuxReaders, readNotificationsInhibited } from '../../../electron/app/availability/linux';
import { Availability, commandRunner } from '../../../electron/app/availability/signals';
import {
  missingTool,
  startNotificationService,
  startSoundServer,
  type NotificationService,
  type SoundServer,
} from './platform-services';

function readerFor(env: NodeJS.ProcessEnv, id: string) {
  const reader = linuxReaders(commandRunner(env), env).find((r) => r.id === id);
  if (!reader) throw new Error(`no ${id} reader`);
  return reader;
}

const noDbus = missingTool('dbus-daemon', 'dbus-send');
if (noDbus) console.log(`skipping the D-Bus Do Not Disturb test: ${noDbus}`);

describe.skipIf(noDbus !== null)('Do Not Disturb over a private D-Bus', () => {
  let service: NotificationService;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    service = await startNotificationService();
    // GSETTINGS_BACKEND=memory: GNOME's setting reads its default, whatever this machine's user set.
    env = {
      ...process.env,
      DBUS_SESSION_BUS_ADDRESS: service.address,
      GSETTINGS_BACKEND: 'memory',
    };
  });
  afterAll(() => service?.stop());

  it('follows the notification server’s Inhibited property', async () => {
    const availability = new Availability({
      readers: [readerFor(env, 'do_not_disturb')],
      clock: () => Date.now(),
    });
    expect(await availability.check()).toMatchObject({ available: true, heldBy: null });

    service.setInhibited(true);
    const held = await availability.check();
    expect(held.available).toBe(false);
    expect(held.heldBy).toEqual({ id: 'do_not_disturb', reason: 'Do Not Disturb is on' });
    expect(held.signals[0]).toMatchObject({ state: 'busy', detail: 'notifications are silenced' });

    service.setInhibited(false);
    expect((await availability.check()).available).toBe(true);
  });

  it('keel doctor shows the signal and its value', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'keel-doctor-dnd-'));
    try {
      service.setInhibited(true);
      const run = await runInProcess(['doctor'], { ...offlineCliEnv(dataDir), ...env });
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/busy\s+Do Not Disturb\s+notifications are silenced/);
    } finally {
      service.setInhibited(false);
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('reads unknown, and never holds, when no notification server answers', async () => {
    const reading = await readNotificationsInhibited(
      commandRunner({ ...env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/keel-bus' }),
    );
    expect(reading.state).toBe('unknown');
    const availability = new Availability({
      readers: [{ id: 'do_not_disturb', source: 'test', read: async () => reading }],
      clock: () => Date.now(),
    });
    expect((await availability.check()).available).toBe(true);
  });
});

const noPulse = missingTool('pulseaudio', 'pactl', 'parecord');
if (noPulse) console.log(`skipping the microphone test: ${noPulse}`);

describe.skipIf(noPulse !== null)('a microphone in use, with a real PulseAudio server', () => {
  let sound: SoundServer;
  beforeAll(async () => {
    sound = await startSoundServer();
  });
  afterAll(() => sound?.stop());

  const microphone = () => readerFor(sound.env, 'microphone').read();

  it('sees a call while an app records from the microphone, and not after', async () => {
    expect(await microphone()).toMatchObject({ state: 'free' });
    const stop = sound.record('mic');
    // The stream appears once parecord has connected: wait for it (bounded), then stop it.
    await vi.waitFor(async () => expect((await microphone()).state).toBe('busy'), {
      timeout: 15_000,
      interval: 100,
    });
    const availability = new Availability({
      readers: [readerFor(sound.env, 'microphone')],
      clock: () => Date.now(),
    });
    expect((await availability.check()).heldBy).toEqual({
      id: 'microphone',
      reason: "you're in a call",
    });
    await stop();
    await vi.waitFor(async () => expect((await microphone()).state).toBe('free'), {
      timeout: 15_000,
      interval: 100,
    });
  });

  it('does not count a recording of the speakers (a screen recorder) as a call', async () => {
    const stop = sound.record('speakers.monitor');
    try {
      // pactl lists the monitor stream; Keel must still read free.
      await vi.waitFor(
        async () => {
          const outputs = await commandRunner(sound.env)('pactl', [
            'list',
            'short',
            'source-outputs',
          ]);
          expect(outputs.trim()).not.toBe('');
        },
        { timeout: 15_000, interval: 100 },
      );
      expect((await microphone()).state).toBe('free');
    } finally {
      await stop();
    }
  });
});
