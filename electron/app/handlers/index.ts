// Every channel of the IPC contract, assembled from the per-feature handler files.
import type { AppHandlers } from '../types';
import type { AppContext } from './context';
import { secretsHandlers } from './secrets';
import { sessionHandlers } from './session';
import { settingsHandlers } from './settings';
import { pauseHandlers, statusHandlers } from './status';
import { dataHandlers, historyHandlers } from './your-data';

export function createHandlers(ctx: AppContext): AppHandlers {
  return {
    ...statusHandlers(ctx),
    ...settingsHandlers(ctx),
    ...sessionHandlers(ctx),
    ...pauseHandlers(ctx),
    ...secretsHandlers(ctx),
    ...historyHandlers(ctx),
    ...dataHandlers(ctx),
  };
}
