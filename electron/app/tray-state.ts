// The tray's one-word state, derived from the scheduler, the coach and memory health.
// Precedence: a check-in waiting for a reply is what the person should act on first ("due"); a
// memory problem comes next ("offline": records are queued, nothing is lost, but it deserves a look);
// then an explicit pause; otherwise "active".
import type { TrayState } from '../../shared/settings';

export interface TrayInputs {
  checkInAwaitingReply: boolean;
  memoryHealthy: boolean;
  paused: boolean;
}

export function deriveTrayState(inputs: TrayInputs): TrayState {
  if (inputs.checkInAwaitingReply) return 'due';
  if (!inputs.memoryHealthy) return 'offline';
  if (inputs.paused) return 'paused';
  return 'active';
}
