// Exporting (JSONL) and deleting everything Keel remembers about the person.
import { join } from 'node:path';
import { exportUserData } from '../data-export';
import type { AppHandlers } from '../types';
import type { AppContext } from './context';

export function dataHandlers(ctx: AppContext): Pick<AppHandlers, 'data:export' | 'data:delete'> {
  return {
    'data:export': async () => {
      const { core, config } = await ctx.runtime.get();
      return exportUserData({
        memory: core.memory,
        userId: config.userId,
        dir: ctx.options.exportDir ?? join(ctx.options.dataDir, 'exports'),
        now: ctx.clock(),
      });
    },
    // The request schema already demands the confirmation phrase; nothing reaches here without it.
    'data:delete': async () => {
      const { core, config, corrections } = await ctx.runtime.get();
      const deleted = await core.memory.forget(config.userId);
      await corrections.clear();
      await ctx.announceStatus();
      return { deleted };
    },
  };
}
