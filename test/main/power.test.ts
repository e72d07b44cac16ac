import { describe, expect, it, vi } from 'vitest';
vi.mock('electron', () => import('./electron-mock'));
import { watchPower } from '../../electron/main/power';
import { powerMonitor, resetElectronMock } from './electron-mock';

describe('power monitor wiring', () => {
  it('forwards lock, unlock, suspend, resume and polled idle time; stops cleanly', () => {
    resetElectronMock();
    vi.useFakeTimers();
    try {
      const states: unknown[] = [];
      const stop = watchPower(
        powerMonitor as never,
        { setSystemState: (s) => states.push(s) },
        1000,
      );
      powerMonitor.emit('lock-screen');
      powerMonitor.emit('unlock-screen');
      powerMonitor.emit('suspend');
      powerMonitor.emit('resume');
      powerMonitor.idle = 42;
      vi.advanceTimersByTime(1000);
      expect(states).toEqual([
        { locked: true },
        { locked: false },
        { suspended: true },
        { suspended: false },
        { idleSeconds: 42 },
      ]);
      stop();
      powerMonitor.emit('lock-screen');
      vi.advanceTimersByTime(5000);
      expect(states).toHaveLength(5);
    } finally {
      vi.useRealTimers();
    }
  });
});
