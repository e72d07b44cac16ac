// The availability readers for the platform Keel runs on.
import { linuxReaders } from './linux';
import { macosReaders } from './macos';
import { Availability, commandRunner, type RunCommand, type SignalReader } from './signals';
import { windowsReaders } from './windows';

export * from './signals';

export function platformReaders(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  run: RunCommand = commandRunner(env),
): SignalReader[] {
  switch (platform) {
    case 'linux':
      return linuxReaders(run, env);
    case 'win32':
      return windowsReaders(run);
    case 'darwin':
      return macosReaders(run);
    default:
      return [];
  }
}

export function createAvailability(options: {
  clock: () => number;
  readers?: readonly SignalReader[];
}): Availability {
  return new Availability({ clock: options.clock, readers: options.readers ?? platformReaders() });
}
