// System state for the scheduler: screen lock, suspend/resume and idle time. Idle time is polled at
// a low frequency (check-ins are minutes apart). On Wayland getSystemIdleTime always reads 0; the
// scheduler treats "0 forever" as unknown, so lock and suspend events are what count there.
import type { PowerMonitor } from 'electron';
import type { KeelApp } from '../app/types';

export const IDLE_POLL_MS = 60_000;

export function watchPower(
  powerMonitor: Pick<PowerMonitor, 'on' | 'removeListener' | 'getSystemIdleTime'>,
  app: Pick<KeelApp, 'setSystemState'>,
  pollMs: number = IDLE_POLL_MS,
): () => void {
  const onLock = () => app.setSystemState({ locked: true });
  const onUnlock = () => app.setSystemState({ locked: false });
  const onSuspend = () => app.setSystemState({ suspended: true });
  const onResume = () => app.setSystemState({ suspended: false });
  powerMonitor.on('lock-screen', onLock);
  powerMonitor.on('unlock-screen', onUnlock);
  powerMonitor.on('suspend', onSuspend);
  powerMonitor.on('resume', onResume);
  const poll = setInterval(
    () => app.setSystemState({ idleSeconds: powerMonitor.getSystemIdleTime() }),
    pollMs,
  );
  poll.unref?.();
  return () => {
    clearInterval(poll);
    powerMonitor.removeListener('lock-screen', onLock);
    powerMonitor.removeListener('unlock-screen', onUnlock);
    powerMonitor.removeListener('suspend', onSuspend);
    powerMonitor.removeListener('resume', onResume);
  };
}
