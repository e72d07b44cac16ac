// The tray menu as data (pure, tested without Electron): it reads top to bottom exactly like the menu —
// status line; Check in now; Current task; focus session; Pause check-ins; History & insights;
// Settings; Quit.
import type { MenuItemConstructorOptions } from 'electron';
import type { SessionView } from '../../shared/checkin';
import type { PauseRequest } from '../../shared/ipc';
import type { AppStatus } from '../../shared/settings';

export interface TrayMenuState {
  status: AppStatus;
  session: SessionView;
}

export interface TrayActions {
  checkInNow(): void;
  /** Opens the check-in window with its task field focused. */
  editTask(): void;
  /** Minutes, or undefined for an open-ended session. */
  startSession(minutes: number | undefined): void;
  stopSession(): void;
  pause(until: PauseRequest['until']): void;
  openHistory(): void;
  openSettings(): void;
  quit(): void;
}

export const FOCUS_LENGTHS: ReadonlyArray<{ label: string; minutes: number | undefined }> = [
  { label: '25 minutes', minutes: 25 },
  { label: '50 minutes', minutes: 50 },
  { label: '90 minutes', minutes: 90 },
  { label: 'Open-ended', minutes: undefined },
];

export const PAUSE_CHOICES: ReadonlyArray<{ label: string; until: PauseRequest['until'] }> = [
  { label: '30 minutes', until: { minutes: 30 } },
  { label: '1 hour', until: { minutes: 60 } },
  { label: '2 hours', until: { minutes: 120 } },
  { label: 'Until tomorrow', until: 'tomorrow' },
  { label: 'Indefinitely', until: 'indefinitely' },
];

/** HH:MM in local time (24 h, no locale surprises in a menu). */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** The first, disabled line: what Keel is doing right now. */
export function statusLine(status: AppStatus): string {
  switch (status.trayState) {
    case 'due':
      return 'Keel — a check-in is waiting for you';
    case 'offline':
      return `Keel — memory offline${status.memory.problem ? `: ${status.memory.problem}` : ''}`;
    case 'paused':
      return status.pausedUntil === -1 || status.pausedUntil === null
        ? 'Keel — paused'
        : `Keel — paused until ${clockTime(status.pausedUntil)}`;
    case 'active':
      if (status.hold) return `Keel — held: ${status.hold.reason}`;
      return status.nextCheckInAt === null
        ? 'Keel — active'
        : `Keel — next check-in at ${clockTime(status.nextCheckInAt)}`;
  }
}

/** Menus are short: a very long task is cut so the menu stays readable. */
export const TASK_IN_MENU_MAX = 40;

function taskLabel(task: string | null): string {
  if (!task) return 'Current task: none — set one…';
  const chars = Array.from(task);
  const shown =
    chars.length > TASK_IN_MENU_MAX ? chars.slice(0, TASK_IN_MENU_MAX - 1).join('') + '…' : task;
  return `Current task: ${shown} — change…`;
}

export function buildTrayMenu(
  state: TrayMenuState,
  actions: TrayActions,
): MenuItemConstructorOptions[] {
  const { status, session } = state;
  const paused = status.pausedUntil !== null;
  const focus: MenuItemConstructorOptions = session.active
    ? { id: 'focus', label: 'Stop focus session', click: () => actions.stopSession() }
    : {
        id: 'focus',
        label: 'Start focus session',
        submenu: FOCUS_LENGTHS.map(({ label, minutes }) => ({
          label,
          click: () => actions.startSession(minutes),
        })),
      };
  return [
    { id: 'status', label: statusLine(status), enabled: false },
    { type: 'separator' },
    { id: 'checkin', label: 'Check in now', click: () => actions.checkInNow() },
    { id: 'task', label: taskLabel(session.task), click: () => actions.editTask() },
    focus,
    {
      id: 'pause',
      label: paused ? 'Check-ins paused' : 'Pause check-ins',
      submenu: [
        ...PAUSE_CHOICES.map(({ label, until }) => ({ label, click: () => actions.pause(until) })),
        { type: 'separator' as const },
        {
          id: 'resume',
          label: 'Resume check-ins',
          enabled: paused,
          click: () => actions.pause('resume'),
        },
      ],
    },
    { type: 'separator' },
    { id: 'history', label: 'History & insights', click: () => actions.openHistory() },
    { id: 'settings', label: 'Settings', click: () => actions.openSettings() },
    { type: 'separator' },
    { id: 'quit', label: 'Quit Keel', click: () => actions.quit() },
  ];
}
