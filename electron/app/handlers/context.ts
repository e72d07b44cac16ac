// What every feature's handlers share: settings, secrets, the live core + coach, the check-in loop.
import type { AppStatus, Settings } from '../../../shared/settings';
import type { KeelConfig } from '../../base/config';
import type { Logger } from '../../base/logger';
import type { SecretStore } from '../../secrets/secret-store';
import type { Availability } from '../availability/signals';
import type { CheckInLoop } from '../check-in-loop';
import type { PacingLog } from '../pacing';
import type { CoreRuntime } from '../core-runtime';
import type { SettingsStore } from '../settings-store';
import type { KeelAppOptions } from '../types';

export interface AppContext {
  options: KeelAppOptions;
  env: NodeJS.ProcessEnv;
  clock: () => number;
  logger: Logger;
  settings: SettingsStore;
  secrets: SecretStore;
  runtime: CoreRuntime;
  loop: CheckInLoop;
  availability: Availability;
  /** When check-ins opened and whether they got answers (the loop writes it; History reads it). */
  pacing: PacingLog;
  /** The configuration these settings (and the current secrets) give; throws InvalidInputError if invalid. */
  resolveConfig(settings: Settings): Promise<KeelConfig>;
  /** Remembers the current task across restarts and core rebuilds. */
  rememberTask(task: string | null | undefined): Promise<void>;
  status(): Promise<AppStatus>;
  /** Sends `status:changed` (always) — after anything the tray or windows show has changed. */
  announceStatus(): Promise<AppStatus>;
}
