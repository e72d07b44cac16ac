// The task the person said they are working on, remembered across restarts and core rebuilds (a
// saved API key or a new user id rebuilds the coach engine). It lives in `${dataDir}/task.json`,
// written atomically; a missing or damaged file simply means "no task yet".
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { LIMITS, boundedText } from '../../shared/domain';
import type { Logger } from '../base/logger';
import { describeError } from '../base/redact';
import { writeFileDurable } from '../base/durable-file';

export const TASK_FILE = 'task.json';

const TaskFileSchema = z.object({ task: boundedText(LIMITS.task), updatedAt: z.number() });

export class CurrentTask {
  private constructor(
    private readonly path: string,
    private value: string | null,
    private readonly logger: Logger,
  ) {}

  static async open(dataDir: string, logger: Logger): Promise<CurrentTask> {
    const path = join(dataDir, TASK_FILE);
    let value: string | null = null;
    try {
      const parsed = TaskFileSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
      if (parsed.success && parsed.data.task) value = parsed.data.task;
      else logger.warn(`${path} is not a valid task file; starting without a task`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        logger.warn(`reading ${path} failed (${describeError(error)}); starting without a task`);
    }
    return new CurrentTask(path, value, logger);
  }

  get(): string | null {
    return this.value;
  }

  /** Remembers a new task; a failed write is logged, never thrown (the task still applies now). */
  async remember(task: string | null | undefined, now: number): Promise<void> {
    const clean = task?.trim();
    if (!clean || clean === this.value) return;
    this.value = clean;
    try {
      await writeFileDurable(this.path, JSON.stringify({ task: clean, updatedAt: now }));
    } catch (error) {
      this.logger.warn(`saving the current task failed: ${describeError(error)}`);
    }
  }
}
