// Where the check-in window goes: next to the tray icon, inside the work area of the display the
// icon is on (top bar → below it, bottom taskbar → above it). Pure, so it is tested without a screen.
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const MARGIN = 8;

export function checkInWindowPosition(
  size: { width: number; height: number },
  workArea: Rect,
  trayBounds: Rect | null,
): { x: number; y: number } {
  const clampX = (x: number) =>
    Math.min(Math.max(x, workArea.x + MARGIN), workArea.x + workArea.width - size.width - MARGIN);
  const clampY = (y: number) =>
    Math.min(Math.max(y, workArea.y + MARGIN), workArea.y + workArea.height - size.height - MARGIN);
  if (!trayBounds) {
    // No tray position known (common on Linux): top-right corner of the work area.
    return {
      x: clampX(workArea.x + workArea.width - size.width - MARGIN),
      y: clampY(workArea.y + MARGIN),
    };
  }
  const centreX = trayBounds.x + trayBounds.width / 2 - size.width / 2;
  const trayInUpperHalf = trayBounds.y + trayBounds.height / 2 < workArea.y + workArea.height / 2;
  const y = trayInUpperHalf
    ? trayBounds.y + trayBounds.height + MARGIN
    : trayBounds.y - size.height - MARGIN;
  return { x: Math.round(clampX(centreX)), y: Math.round(clampY(y)) };
}
