// One calm sentence about what Keel is doing right now, for the header.
import type { AppStatus } from '../../../shared/settings';
import { clockTime } from './time';

export function describeStatus(status: AppStatus, now = Date.now()): string {
  switch (status.trayState) {
    case 'paused':
      if (status.pausedUntil === -1 || status.pausedUntil === null) return 'Check-ins are paused.';
      return `Check-ins are paused until ${clockTime(status.pausedUntil)}.`;
    case 'due':
      return 'A check-in is waiting for you.';
    case 'offline':
      return status.memory.problem ?? 'Memory is offline; check-ins still work.';
    case 'active':
      if (status.nextCheckInAt && status.nextCheckInAt > now) {
        return `Next check-in around ${clockTime(status.nextCheckInAt)}.`;
      }
      return 'Keel is on.';
  }
}
