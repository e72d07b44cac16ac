import { beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('electron', () => import('./electron-mock'));
import type { MenuItemConstructorOptions } from 'electron';
import type { SessionView } from '../../shared/checkin';
import type { AppStatus, TrayState } from '../../shared/settings';
import { TrayController } from '../../electron/main/tray';
import { buildTrayMenu, statusLine, type TrayActions } from '../../electron/main/tray-menu';
import { TRAY_STATES, trayIconPath } from '../../electron/main/tray-icons';
import { Tray, resetElectronMock } from './electron-mock';

const NOON = new Date(2026, 0, 5, 12, 0).getTime();

function status(patch: Partial<AppStatus> = {}): AppStatus {
  return {
    trayState: 'active',
    pausedUntil: null,
    nextCheckInAt: NOON + 20 * 60_000,
    memory: {
      store: 'embedded',
      reason: 'default',
      healthy: true,
      problem: null,
      outboxPending: 0,
      embedder: { kind: 'offline', model: 'keel-offline-hash-v1', dim: 256 },
      mismatch: null,
      reembedding: null,
    },
    onboardingDone: true,
    host: 'electron',
    hold: null,
    ...patch,
  };
}

const idleSession: SessionView = {
  id: null,
  active: false,
  task: null,
  startedAt: null,
  endsAt: null,
  checkIns: 0,
  snoozedUntil: null,
  lastOutcome: null,
  taskDone: false,
  focus: false,
};

function recordingActions() {
  const calls: string[] = [];
  const actions: TrayActions = {
    checkInNow: () => calls.push('checkInNow'),
    editTask: () => calls.push('editTask'),
    startSession: (m) => calls.push(`start:${m ?? 'open'}`),
    stopSession: () => calls.push('stop'),
    pause: (until) => calls.push(`pause:${JSON.stringify(until)}`),
    openHistory: () => calls.push('history'),
    openSettings: () => calls.push('settings'),
    quit: () => calls.push('quit'),
  };
  return { calls, actions };
}

const labels = (items: MenuItemConstructorOptions[]) =>
  items.filter((i) => i.type !== 'separator').map((i) => i.label);
const click = (item: MenuItemConstructorOptions | undefined) =>
  (item?.click as (() => void) | undefined)?.();

beforeEach(() => resetElectronMock());

describe('tray menu', () => {
  it('reads top to bottom: status, check in, task, focus, pause, history, settings, quit', () => {
    const { actions } = recordingActions();
    const menu = buildTrayMenu({ status: status(), session: idleSession }, actions);
    expect(labels(menu)).toEqual([
      'Keel — next check-in at 12:20',
      'Check in now',
      'Current task: none — set one…',
      'Start focus session',
      'Pause check-ins',
      'History & insights',
      'Settings',
      'Quit Keel',
    ]);
    expect(menu[0]!.enabled).toBe(false);
  });

  it('wires each item to its action', () => {
    const { calls, actions } = recordingActions();
    const menu = buildTrayMenu({ status: status(), session: idleSession }, actions);
    const byId = (id: string) => menu.find((i) => i.id === id);
    for (const id of ['checkin', 'task', 'history', 'settings', 'quit']) click(byId(id));
    const focus = byId('focus')!.submenu as MenuItemConstructorOptions[];
    expect(focus.map((i) => i.label)).toEqual([
      '25 minutes',
      '50 minutes',
      '90 minutes',
      'Open-ended',
    ]);
    focus.forEach(click);
    const pause = byId('pause')!.submenu as MenuItemConstructorOptions[];
    expect(labels(pause)).toEqual([
      '30 minutes',
      '1 hour',
      '2 hours',
      'Until tomorrow',
      'Indefinitely',
      'Resume check-ins',
    ]);
    pause.forEach(click);
    expect(calls).toEqual([
      'checkInNow',
      'editTask',
      'history',
      'settings',
      'quit',
      'start:25',
      'start:50',
      'start:90',
      'start:open',
      'pause:{"minutes":30}',
      'pause:{"minutes":60}',
      'pause:{"minutes":120}',
      'pause:"tomorrow"',
      'pause:"indefinitely"',
      'pause:"resume"',
    ]);
  });

  it('shows the current task (shortened) and a stop item during a session', () => {
    const { calls, actions } = recordingActions();
    const session = {
      ...idleSession,
      active: true,
      task: 'Write the quarterly report for the board and the auditors',
    };
    const menu = buildTrayMenu({ status: status(), session }, actions);
    const task = menu.find((i) => i.id === 'task')!;
    expect(task.label).toBe('Current task: Write the quarterly report for the boar… — change…');
    const focus = menu.find((i) => i.id === 'focus')!;
    expect(focus.label).toBe('Stop focus session');
    click(focus);
    expect(calls).toEqual(['stop']);
  });

  it('offers resume only while paused', () => {
    const { actions } = recordingActions();
    const resumeOf = (s: AppStatus) =>
      (
        buildTrayMenu({ status: s, session: idleSession }, actions).find((i) => i.id === 'pause')!
          .submenu as MenuItemConstructorOptions[]
      ).find((i) => i.id === 'resume')!;
    expect(resumeOf(status()).enabled).toBe(false);
    expect(resumeOf(status({ trayState: 'paused', pausedUntil: -1 })).enabled).toBe(true);
  });

  it('says what each state means in the status line', () => {
    expect(statusLine(status({ trayState: 'paused', pausedUntil: NOON + 3_600_000 }))).toBe(
      'Keel — paused until 13:00',
    );
    expect(statusLine(status({ trayState: 'paused', pausedUntil: -1 }))).toBe('Keel — paused');
    expect(statusLine(status({ trayState: 'due' }))).toBe('Keel — a check-in is waiting for you');
    const offline = status({ trayState: 'offline' });
    offline.memory = { ...offline.memory, healthy: false, problem: 'Redis unreachable' };
    expect(statusLine(offline)).toBe('Keel — memory offline: Redis unreachable');
  });
});

describe('tray icons', () => {
  it('has a distinct icon per state, Template images on macOS', () => {
    const linux = TRAY_STATES.map((s) => trayIconPath(s, '/res', 'linux'));
    expect(new Set(linux).size).toBe(4);
    expect(trayIconPath('due', '/res', 'darwin')).toBe('/res/tray/keel-dueTemplate.png');
    expect(trayIconPath('offline', '/res', 'win32')).toBe('/res/tray/keel-offline.png');
  });

  it('the controller swaps the icon and tooltip as the state changes', () => {
    const { actions } = recordingActions();
    const controller = new TrayController('/res', actions, () => undefined);
    const tray = (controller as unknown as { tray: Tray }).tray;
    const seen: string[] = [];
    for (const trayState of ['due', 'paused', 'offline', 'active'] as TrayState[]) {
      controller.update({ status: status({ trayState }), session: idleSession });
      seen.push((tray.image as { path: string }).path);
      expect(tray.tooltip).toMatch(/^Keel — /);
    }
    expect(seen).toEqual(
      ['due', 'paused', 'offline', 'active'].map((s) => trayIconPath(s as TrayState, '/res')),
    );
    expect((tray.menu as { template: MenuItemConstructorOptions[] }).template[0]!.label).toBe(
      'Keel — next check-in at 12:20',
    );
  });
});
