// Every channel of the IPC contract, assembled from the per-feature handler files.
import type { AppHandlers } from '../types';
import type { AppContext } from './context';
import { dataHandlers } from './data';
import { historyHandlers } from './history';
import { pauseHandlers } from './pause';
import { secretsHandlers } from './secrets';
import { sessionHandlers } from './session';
import { settingsHandlers } from './settings';
import { statusHandlers } from './status';

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
