// Windows: one shell call, SHQueryUserNotificationState (the API Windows itself uses to decide
// whether to show a notification), tells full-screen apps, presentation mode and quiet hours apart;
// the microphone from the capability-access consent store, where Windows marks an app that is using
// the microphone right now with LastUsedTimeStop = 0. Both are read through built-in tools (reg,
// PowerShell), so no native module has to be rebuilt for Electron. Focus Assist's "priority only"
// and Windows 11 focus sessions have no documented API: they count only where Windows reports them
// as quiet time.
import type { RunCommand, SignalReader, SignalReading } from './signals';
import { shortError } from './signals';

const unknown = (detail: string): SignalReading => ({ state: 'unknown', detail });

/** SHQueryUserNotificationState's QUERY_USER_NOTIFICATION_STATE values. */
export const QUNS = {
  NOT_PRESENT: 1,
  BUSY: 2,
  RUNNING_D3D_FULL_SCREEN: 3,
  PRESENTATION_MODE: 4,
  ACCEPTS_NOTIFICATIONS: 5,
  QUIET_TIME: 6,
  APP: 7,
} as const;

const NOTIFICATION_STATE_SCRIPT =
  'Add-Type -Namespace Keel -Name Shell -MemberDefinition \'[DllImport("shell32.dll")] public static extern int SHQueryUserNotificationState(out int state);\'; ' +
  '$s = 0; [void][Keel.Shell]::SHQueryUserNotificationState([ref]$s); $s';

export function parseNotificationState(output: string): number | null {
  const value = Number.parseInt(output.trim(), 10);
  return value >= 1 && value <= 7 ? value : null;
}

/** What one notification state means for each signal it covers. */
export function notificationStateReadings(
  state: number | null,
): Record<'do_not_disturb' | 'presenting' | 'fullscreen', SignalReading> {
  if (state === null) {
    const r = unknown('Windows gave an unexpected notification state');
    return { do_not_disturb: r, presenting: r, fullscreen: r };
  }
  const free = (detail: string): SignalReading => ({ state: 'free', detail });
  return {
    do_not_disturb:
      state === QUNS.QUIET_TIME
        ? { state: 'busy', detail: 'Windows is in quiet hours' }
        : free('Windows accepts notifications'),
    presenting:
      state === QUNS.PRESENTATION_MODE
        ? { state: 'busy', detail: 'presentation mode is on' }
        : free('presentation mode is off'),
    fullscreen:
      state === QUNS.BUSY || state === QUNS.RUNNING_D3D_FULL_SCREEN || state === QUNS.APP
        ? { state: 'busy', detail: 'a full-screen app is in front' }
        : free('no full-screen app is in front'),
  };
}

/**
 * `reg query …\ConsentStore\microphone /s` prints one block per app (a key line, then its values).
 * An app is using the microphone when its LastUsedTimeStart is set and LastUsedTimeStop is 0.
 */
export function microphoneAppsInUse(output: string): string[] {
  const inUse: string[] = [];
  let key = '';
  let start = 0n;
  let stop: bigint | null = null;
  const flush = () => {
    if (key && start > 0n && stop === 0n) inUse.push(appName(key));
    start = 0n;
    stop = null;
  };
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trim();
    if (/^HKEY_/i.test(line)) {
      flush();
      key = line;
      continue;
    }
    const value = /^LastUsedTime(Start|Stop)\s+REG_QWORD\s+(0x[0-9a-f]+)/i.exec(line);
    if (!value) continue;
    if (value[1] === 'Start') start = BigInt(value[2]!);
    else stop = BigInt(value[2]!);
  }
  flush();
  return inUse;
}

function appName(key: string): string {
  const last = key.split('\\').pop() ?? key;
  // NonPackaged apps are stored as their path with '#' for '\'.
  const file = last.split('#').pop() ?? last;
  return file.replace(/_[a-z0-9]{13}$/i, '').replace(/\.exe$/i, '');
}

export function windowsReaders(run: RunCommand): SignalReader[] {
  let pending: { at: number; result: Promise<number | null> } | null = null;
  // The three notification-state signals are read in the same check: one PowerShell call for all.
  const notificationState = (): Promise<number | null> => {
    const now = Date.now();
    if (!pending || now - pending.at > 1_000) {
      pending = {
        at: now,
        result: run('powershell.exe', [
          '-NoProfile',
          '-NonInteractive',
          '-Command',
          NOTIFICATION_STATE_SCRIPT,
        ]).then(parseNotificationState),
      };
    }
    return pending.result;
  };
  const fromState =
    (id: 'do_not_disturb' | 'presenting' | 'fullscreen') => async (): Promise<SignalReading> => {
      try {
        return notificationStateReadings(await notificationState())[id];
      } catch (error) {
        return unknown(`Windows notification state not readable (${shortError(error)})`);
      }
    };
  return [
    { id: 'do_not_disturb', source: 'Windows quiet hours', read: fromState('do_not_disturb') },
    {
      id: 'microphone',
      source: 'Windows microphone privacy log',
      read: async () => {
        try {
          const apps = microphoneAppsInUse(
            await run('reg', [
              'query',
              'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\CapabilityAccessManager\\ConsentStore\\microphone',
              '/s',
            ]),
          );
          return apps.length > 0
            ? { state: 'busy', detail: `${apps.join(', ')} is using the microphone` }
            : { state: 'free', detail: 'no app is using the microphone' };
        } catch (error) {
          return unknown(`microphone log not readable (${shortError(error)})`);
        }
      },
    },
    { id: 'presenting', source: 'Windows presentation mode', read: fromState('presenting') },
    { id: 'fullscreen', source: 'Windows full-screen apps', read: fromState('fullscreen') },
  ];
}
