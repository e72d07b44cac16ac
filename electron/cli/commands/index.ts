// The `keel` command registry: one entry per command file. `keel help` lists them in this order.
// Commands owned elsewhere (classify.ts, checkin.ts) register here with one import and one entry.
import type { CliCommand } from '../command';
import { checkinCommand } from './checkin';
import { classifyCommand } from './classify';
import { doctorCommand } from './doctor';
import { exportCommand } from './export';
import { forgetCommand } from './forget';
import { importCommand } from './import';
import { recallCommand } from './recall';
import { reindexCommand } from './reindex';
import { rememberCommand } from './remember';

export const COMMANDS: readonly CliCommand[] = [
  doctorCommand,
  rememberCommand,
  recallCommand,
  importCommand,
  exportCommand,
  forgetCommand,
  reindexCommand,
  classifyCommand,
  checkinCommand,
  // classify, checkin: added by their owners.
];
