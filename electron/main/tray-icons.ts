// Which icon file shows each tray state. macOS gets monochrome "Template" images (the system tints
// them for light/dark menu bars); other platforms get coloured ones. Electron picks the @2x file
// itself on high-density displays. Drawn by resources/make-icons.ts.
import { join } from 'node:path';
import type { TrayState } from '../../shared/settings';

export const TRAY_STATES: readonly TrayState[] = ['active', 'paused', 'due', 'offline'];

export function trayIconPath(
  state: TrayState,
  resourcesDir: string,
  platform: string = process.platform,
): string {
  const name = platform === 'darwin' ? `keel-${state}Template.png` : `keel-${state}.png`;
  return join(resourcesDir, 'tray', name);
}

export function trayTooltip(state: TrayState): string {
  return {
    active: 'Keel — check-ins on',
    paused: 'Keel — check-ins paused',
    due: 'Keel — a check-in is waiting',
    offline: 'Keel — memory offline (nothing is lost)',
  }[state];
}
