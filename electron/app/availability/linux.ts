// Linux: Do Not Disturb from the freedesktop notification server's `Inhibited` property (D-Bus,
// read with dbus-send, which ships with D-Bus itself) and GNOME's `show-banners` setting; a call from
// a capture stream on a real microphone (PulseAudio or PipeWire's pulse server, read with pactl);
// a full-screen window from the X11 window manager's `_NET_WM_STATE` (xprop). Wayland does not tell
// other apps about windows, so there full-screen is unknown. Presenting is not detectable here.
import type { RunCommand, SignalReader, SignalReading } from './signals';
import { shortError } from './signals';

const unknown = (detail: string): SignalReading => ({ state: 'unknown', detail });

/** `dbus-send --print-reply=literal` prints e.g. "   variant       boolean true". */
export function parseDbusBoolean(output: string): boolean | null {
  const match = /\bboolean\s+(true|false)\b/.exec(output);
  return match ? match[1] === 'true' : null;
}

export function readNotificationsInhibited(run: RunCommand): Promise<SignalReading> {
  return run('dbus-send', [
    '--session',
    '--print-reply=literal',
    '--reply-timeout=1500',
    '--dest=org.freedesktop.Notifications',
    '/org/freedesktop/Notifications',
    'org.freedesktop.DBus.Properties.Get',
    'string:org.freedesktop.Notifications',
    'string:Inhibited',
  ]).then(
    (out) => {
      const inhibited = parseDbusBoolean(out);
      if (inhibited === null) return unknown('the notification server gave an unexpected answer');
      return inhibited
        ? { state: 'busy', detail: 'notifications are silenced' }
        : { state: 'free', detail: 'notifications are on' };
    },
    (error: unknown) => unknown(`no answer from the notification server (${shortError(error)})`),
  );
}

export function readGnomeBanners(run: RunCommand): Promise<SignalReading> {
  return run('gsettings', ['get', 'org.gnome.desktop.notifications', 'show-banners']).then(
    (out) => {
      const value = out.trim();
      if (value === 'false') return { state: 'busy', detail: 'GNOME Do Not Disturb is on' };
      if (value === 'true') return { state: 'free', detail: 'GNOME Do Not Disturb is off' };
      return unknown('GNOME gave an unexpected answer');
    },
    (error: unknown) => unknown(`GNOME setting not readable (${shortError(error)})`),
  );
}

/** Busy if any source says busy; free if one says free; otherwise unknown (with every reason). */
export function combineReadings(readings: readonly SignalReading[]): SignalReading {
  const busy = readings.find((r) => r.state === 'busy');
  if (busy) return busy;
  const free = readings.find((r) => r.state === 'free');
  if (free) return free;
  return unknown(readings.map((r) => r.detail).join('; '));
}

/**
 * `pactl list short sources` → index and name per line; `… source-outputs` → one line per capture
 * stream with the index of the source it records from. Monitors of outputs (screen recorders,
 * visualisers) are not microphones.
 */
export function countMicrophoneStreams(sources: string, outputs: string): number {
  const monitor = new Set<string>();
  for (const line of sources.split('\n')) {
    const [index, name] = line.split('\t');
    if (index && name?.endsWith('.monitor')) monitor.add(index.trim());
  }
  let count = 0;
  for (const line of outputs.split('\n')) {
    const fields = line.split('\t');
    if (fields.length < 2 || !/^\d+$/.test(fields[0]!.trim())) continue;
    if (!monitor.has(fields[1]!.trim())) count++;
  }
  return count;
}

export async function readPulseMicrophone(run: RunCommand): Promise<SignalReading> {
  try {
    const [sources, outputs] = await Promise.all([
      run('pactl', ['list', 'short', 'sources']),
      run('pactl', ['list', 'short', 'source-outputs']),
    ]);
    const streams = countMicrophoneStreams(sources, outputs);
    return streams > 0
      ? {
          state: 'busy',
          detail:
            streams === 1
              ? 'an app is using the microphone'
              : `${streams} apps are using the microphone`,
        }
      : { state: 'free', detail: 'no app is using the microphone' };
  } catch (error) {
    return unknown(`no sound server answered (${shortError(error)})`);
  }
}

/** `xprop -root _NET_ACTIVE_WINDOW` → "_NET_ACTIVE_WINDOW(WINDOW): window id # 0x3a00007". */
export function parseActiveWindow(output: string): string | null {
  const match = /window id # (0x[0-9a-f]+)/i.exec(output);
  return match && match[1] !== '0x0' ? match[1]! : null;
}

export async function readX11Fullscreen(
  run: RunCommand,
  env: NodeJS.ProcessEnv,
): Promise<SignalReading> {
  if (env.XDG_SESSION_TYPE === 'wayland' || (!env.DISPLAY && env.WAYLAND_DISPLAY)) {
    return unknown('Wayland does not tell other apps about full-screen windows');
  }
  if (!env.DISPLAY) return unknown('no X display');
  try {
    const active = parseActiveWindow(await run('xprop', ['-root', '_NET_ACTIVE_WINDOW']));
    if (!active) return { state: 'free', detail: 'no window is in front' };
    const wmState = await run('xprop', ['-id', active, '_NET_WM_STATE']);
    return /_NET_WM_STATE_FULLSCREEN/.test(wmState)
      ? { state: 'busy', detail: 'the window in front is full screen' }
      : { state: 'free', detail: 'the window in front is not full screen' };
  } catch (error) {
    return unknown(`the window manager did not answer (${shortError(error)})`);
  }
}

export function linuxReaders(run: RunCommand, env: NodeJS.ProcessEnv): SignalReader[] {
  return [
    {
      id: 'do_not_disturb',
      source: 'freedesktop notifications (D-Bus) and GNOME show-banners',
      read: async () =>
        combineReadings(
          await Promise.all([readNotificationsInhibited(run), readGnomeBanners(run)]),
        ),
    },
    {
      id: 'microphone',
      source: 'PulseAudio / PipeWire capture streams (pactl)',
      read: () => readPulseMicrophone(run),
    },
    {
      id: 'fullscreen',
      source: 'X11 window state (xprop)',
      read: () => readX11Fullscreen(run, env),
    },
    {
      id: 'presenting',
      source: 'not detectable on Linux',
      read: async () => unknown('Linux has no common way to tell that you are presenting'),
    },
  ];
}
