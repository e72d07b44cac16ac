// The platform readers over recorded outputs of the commands they run, and the combiner's fail-safe
// rules (unknown never holds; a stuck signal stops holding; a hung reader reads unknown).
import { describe, expect, it } from 'vitest';
import {
  countMicrophoneStreams,
  parseActiveWindow,
  parseDbusBoolean,
  readX11Fullscreen,
} from '../../../electron/app/availability/linux';
import {
  appsKeepingDisplayAwake,
  focusFromAssertions,
  macosReaders,
} from '../../../electron/app/availability/macos';
import {
  microphoneAppsInUse,
  notificationStateReadings,
  parseNotificationState,
  windowsReaders,
} from '../../../electron/app/availability/windows';
import { platformReaders } from '../../../electron/app/availability/index';
import { Availability, type SignalReader } from '../../../electron/app/availability/signals';

describe('Linux outputs', () => {
  it('reads dbus-send replies', () => {
    expect(parseDbusBoolean('   variant       boolean true\n')).toBe(true);
    expect(
      parseDbusBoolean('method return time=1.2 sender=:1.3\n   variant       boolean false'),
    ).toBe(false);
    expect(parseDbusBoolean('Error org.freedesktop.DBus.Error.UnknownProperty')).toBeNull();
  });

  it('counts capture streams on real sources, not on monitors', () => {
    const sources = [
      '0\tspeakers.monitor\tmodule-null-sink.c\ts16le 2ch 44100Hz\tIDLE',
      '1\talsa_input.pci-0000_00_1f.3.analog-stereo\tmodule-alsa-card.c\ts16le 2ch 44100Hz\tRUNNING',
    ].join('\n');
    const zoom = '12\t1\t33\tprotocol-native.c\tfloat32le 1ch 48000Hz';
    const obs = '13\t0\t34\tprotocol-native.c\tfloat32le 2ch 48000Hz';
    expect(countMicrophoneStreams(sources, '')).toBe(0);
    expect(countMicrophoneStreams(sources, obs)).toBe(0);
    expect(countMicrophoneStreams(sources, `${zoom}\n${obs}\n`)).toBe(1);
  });

  it('reads the active window and its full-screen state from xprop', async () => {
    expect(parseActiveWindow('_NET_ACTIVE_WINDOW(WINDOW): window id # 0x3a00007')).toBe(
      '0x3a00007',
    );
    expect(parseActiveWindow('_NET_ACTIVE_WINDOW(WINDOW): window id # 0x0')).toBeNull();
    const run = async (_file: string, args: readonly string[]) =>
      args[0] === '-root'
        ? '_NET_ACTIVE_WINDOW(WINDOW): window id # 0x3a00007\n'
        : '_NET_WM_STATE(ATOM) = _NET_WM_STATE_FULLSCREEN, _NET_WM_STATE_FOCUSED\n';
    expect(await readX11Fullscreen(run, { DISPLAY: ':0' })).toMatchObject({ state: 'busy' });
    expect(
      await readX11Fullscreen(run, { DISPLAY: ':0', XDG_SESSION_TYPE: 'wayland' }),
    ).toMatchObject({
      state: 'unknown',
    });
  });
});

describe('Windows outputs', () => {
  const consentStore = [
    '',
    'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\CapabilityAccessManager\\ConsentStore\\microphone',
    '    Value    REG_SZ    Allow',
    '',
    'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\CapabilityAccessManager\\ConsentStore\\microphone\\Microsoft.WindowsSoundRecorder_8wekyb3d8bbwe',
    '    Value    REG_SZ    Allow',
    '    LastUsedTimeStart    REG_QWORD    0x1da6b1e0c3f2a10',
    '    LastUsedTimeStop    REG_QWORD    0x1da6b1e2d1e8b40',
    '',
    'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\CapabilityAccessManager\\ConsentStore\\microphone\\NonPackaged',
    '',
    'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\CapabilityAccessManager\\ConsentStore\\microphone\\NonPackaged\\C:#Users#me#AppData#Roaming#Zoom#bin#Zoom.exe',
    '    LastUsedTimeStart    REG_QWORD    0x1da6b1f000000000',
    '    LastUsedTimeStop    REG_QWORD    0x0',
    '',
  ].join('\r\n');

  it('finds the app using the microphone in the consent store', () => {
    expect(microphoneAppsInUse(consentStore)).toEqual(['Zoom']);
    expect(microphoneAppsInUse(consentStore.replace('    0x0', '    0x1da6b1f100000000'))).toEqual(
      [],
    );
  });

  it('maps SHQueryUserNotificationState to each signal', () => {
    expect(parseNotificationState('4\r\n')).toBe(4);
    expect(parseNotificationState('oops')).toBeNull();
    expect(notificationStateReadings(4).presenting.state).toBe('busy');
    expect(notificationStateReadings(3).fullscreen.state).toBe('busy');
    expect(notificationStateReadings(6).do_not_disturb.state).toBe('busy');
    const accepting = notificationStateReadings(5);
    expect(
      [accepting.presenting, accepting.fullscreen, accepting.do_not_disturb].map((r) => r.state),
    ).toEqual(['free', 'free', 'free']);
  });

  it('asks PowerShell once for the three notification-state signals', async () => {
    const calls: string[] = [];
    const readers = windowsReaders(async (file) => {
      calls.push(file);
      return file === 'reg' ? consentStore : '2\r\n';
    });
    const availability = new Availability({ readers, clock: () => 0 });
    const report = await availability.check();
    expect(calls.filter((c) => c === 'powershell.exe')).toHaveLength(1);
    expect(report.heldBy?.id).toBe('microphone');
    expect(report.signals.find((s) => s.id === 'fullscreen')?.state).toBe('busy');
  });
});

describe('macOS outputs', () => {
  const pmset = [
    '2026-03-02 10:00:00 +0100',
    'Assertion status system-wide:',
    '   PreventUserIdleDisplaySleep    1',
    '   PreventUserIdleSystemSleep     1',
    'Listed by owning process:',
    '   pid 318(coreaudiod): [0x00003a5e00018a2b] 00:05:12 PreventUserIdleSystemSleep named: "com.apple.audio.context"',
    '   pid 26033(zoom.us): [0x00003a5f0001a11c] 00:05:10 PreventUserIdleDisplaySleep named: "Zoom Meeting"',
    '   pid 120(WindowServer): [0x000021a50009a8c6] 01:22:10 UserIsActive named: "com.apple.iohideventsystem"',
  ].join('\n');

  it('names the apps keeping the display awake, not audio or activity assertions', () => {
    expect(appsKeepingDisplayAwake(pmset)).toEqual(['zoom.us']);
    expect(appsKeepingDisplayAwake(pmset, 26033)).toEqual([]);
  });

  it('reads Focus from the Do Not Disturb database, unknown when it cannot', async () => {
    const on = JSON.stringify({
      data: [
        {
          storeAssertionRecords: [
            { assertionDetails: { assertionDetailsModeIdentifier: 'com.apple.focus.work' } },
          ],
        },
      ],
    });
    expect(focusFromAssertions(on)).toBe(true);
    expect(focusFromAssertions(JSON.stringify({ data: [{}] }))).toBe(false);
    expect(focusFromAssertions('not json')).toBeNull();
    const denied = macosReaders(
      async () => pmset,
      async () => {
        throw Object.assign(new Error('EPERM: operation not permitted'), { code: 'EPERM' });
      },
    );
    const report = await new Availability({ readers: denied, clock: () => 0 }).check();
    expect(report.signals.find((s) => s.id === 'do_not_disturb')?.state).toBe('unknown');
    expect(report.heldBy).toEqual({ id: 'presenting', reason: "you're presenting" });
  });
});

describe('combining signals', () => {
  const reader = (id: SignalReader['id'], read: SignalReader['read']): SignalReader => ({
    id,
    source: 'test',
    read,
  });

  it('never holds on an unknown, a failing or a hung reader', async () => {
    const availability = new Availability({
      readers: [
        reader('do_not_disturb', async () => ({ state: 'unknown', detail: 'no server' })),
        reader('microphone', async () => {
          throw new Error('pactl crashed');
        }),
        reader('fullscreen', () => new Promise(() => undefined)),
      ],
      clock: () => 0,
      timeoutMs: 20,
    });
    const report = await availability.check();
    expect(report.available).toBe(true);
    expect(report.signals.map((s) => s.state)).toEqual(['unknown', 'unknown', 'unknown']);
    expect(report.signals[1]!.detail).toContain('pactl crashed');
  });

  it('stops trusting a signal that has said busy for longer than its limit', async () => {
    let now = 0;
    const availability = new Availability({
      readers: [
        reader('microphone', async () => ({ state: 'busy', detail: 'an app is recording' })),
      ],
      clock: () => now,
    });
    expect((await availability.check()).available).toBe(false);
    now += 2 * 60 * 60_000;
    expect((await availability.check()).available).toBe(false);
    now += 2 * 60 * 60_000;
    const stale = await availability.check();
    expect(stale.available).toBe(true);
    expect(stale.signals[0]).toMatchObject({ state: 'busy', expired: true });
  });

  it('has readers for this platform that always answer', async () => {
    const readers = platformReaders();
    const report = await new Availability({ readers, clock: () => 0 }).check();
    expect(report.signals.length).toBe(readers.length);
    for (const signal of report.signals)
      expect(['busy', 'free', 'unknown']).toContain(signal.state);
  });
});
