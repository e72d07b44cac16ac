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
      if (status.hold) return holdSentence(status.hold);
      if (status.nextCheckInAt && status.nextCheckInAt > now) {
        return `Next check-in around ${clockTime(status.nextCheckInAt)}.`;
      }
      return 'Keel is on.';
  }
}

/** Why nothing opened, and what happens next: one calm sentence each. */
export function holdSentence(hold: NonNullable<AppStatus['hold']>): string {
  switch (hold.kind) {
    case 'availability':
      return `Held: ${hold.reason}. Keel will check in a little after.`;
    case 'budget':
      return `Held: ${hold.reason}. Keel is quiet until tomorrow.`;
    case 'timing':
      return 'Keel is waiting a few minutes for a moment that usually suits you.';
  }
}
