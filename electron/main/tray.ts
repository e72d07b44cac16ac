// The tray icon: its image and tooltip follow the tray state, its menu is rebuilt from the latest
// status and session (tray-menu.ts). On Linux some desktops never deliver clicks on the icon, so the
// menu carries every action; a click (where delivered) opens the check-in window.
import { Menu, Tray, nativeImage } from 'electron';
import { buildTrayMenu, type TrayActions, type TrayMenuState } from './tray-menu';
import { trayIconPath, trayTooltip } from './tray-icons';

export class TrayController {
  private readonly tray: Tray;
  private lastIcon = '';

  constructor(
    private readonly resourcesDir: string,
    private readonly actions: TrayActions,
    onClick: () => void,
  ) {
    this.tray = new Tray(nativeImage.createFromPath(trayIconPath('active', resourcesDir)));
    this.lastIcon = 'active';
    this.tray.setToolTip(trayTooltip('active'));
    this.tray.on('click', onClick);
  }

  update(state: TrayMenuState): void {
    const trayState = state.status.trayState;
    if (trayState !== this.lastIcon) {
      this.tray.setImage(nativeImage.createFromPath(trayIconPath(trayState, this.resourcesDir)));
      this.lastIcon = trayState;
    }
    this.tray.setToolTip(trayTooltip(trayState));
    this.tray.setContextMenu(Menu.buildFromTemplate(buildTrayMenu(state, this.actions)));
  }

  /** Where the icon is on screen (for placing the check-in window); empty on some Linux desktops. */
  bounds(): Electron.Rectangle | null {
    const b = this.tray.getBounds();
    return b.width > 0 && b.height > 0 ? b : null;
  }

  destroy(): void {
    this.tray.destroy();
  }
}
