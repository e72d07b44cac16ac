// Real platform services for the availability tests: a private D-Bus session bus with a small
// freedesktop notifications service of our own (its `Inhibited` property is what Keel reads), and a
// PulseAudio server with a null microphone that a real recording client can capture from.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dbus from 'dbus-next';

/** Why a service cannot run here (printed by the test that skips), or null. */
export function missingTool(...tools: string[]): string | null {
  for (const tool of tools) {
    const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
    if (found.status !== 0)
      return `${tool} is not installed (scripts/install-test-deps.sh installs it)`;
  }
  return null;
}

function firstLine(child: ChildProcess, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl).trim());
    });
    child.once('exit', (code) =>
      reject(new Error(`${what} exited with ${code} before it was ready`)),
    );
    child.once('error', reject);
  });
}

export interface NotificationService {
  address: string;
  setInhibited(value: boolean): void;
  stop(): Promise<void>;
}

/** A private session bus, and org.freedesktop.Notifications on it with an `Inhibited` property. */
export async function startNotificationService(): Promise<NotificationService> {
  const daemon = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const address = await firstLine(daemon, 'dbus-daemon');
  const bus = dbus.sessionBus({ busAddress: address });
  let inhibited = false;

  class Notifications extends dbus.interface.Interface {
    get Inhibited(): boolean {
      return inhibited;
    }
  }
  Notifications.configureMembers({
    properties: { Inhibited: { signature: 'b', access: dbus.interface.ACCESS_READ } },
  });
  const iface = new Notifications('org.freedesktop.Notifications');
  await bus.requestName('org.freedesktop.Notifications', 0);
  bus.export('/org/freedesktop/Notifications', iface);

  return {
    address,
    setInhibited(value) {
      inhibited = value;
      dbus.interface.Interface.emitPropertiesChanged(iface, { Inhibited: value }, []);
    },
    async stop() {
      bus.disconnect();
      daemon.kill('SIGTERM');
      await new Promise((resolve) => daemon.once('exit', resolve));
    },
  };
}

export interface SoundServer {
  env: NodeJS.ProcessEnv;
  /** Starts a real capture client (parecord) on `device`; resolves to a function that stops it. */
  record(device: string): () => Promise<void>;
  stop(): Promise<void>;
}

/** A PulseAudio server in a private runtime folder: a null sink, and a null source as microphone. */
export async function startSoundServer(): Promise<SoundServer> {
  const runtimeDir = await mkdtemp(join(tmpdir(), 'keel-pulse-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_RUNTIME_DIR: runtimeDir,
    HOME: runtimeDir,
    PULSE_RUNTIME_PATH: join(runtimeDir, 'pulse'),
  };
  delete env.PULSE_SERVER;
  const server = spawn(
    'pulseaudio',
    [
      '-n',
      '--daemonize=no',
      '--exit-idle-time=-1',
      '--use-pid-file=no',
      '--disallow-exit',
      '-L',
      'module-null-sink sink_name=speakers',
      '-L',
      'module-null-source source_name=mic',
      '-L',
      'module-native-protocol-unix',
    ],
    { env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  server.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  // Ready when pactl gets an answer (bounded: a server that never answers fails the set-up).
  for (let i = 0; ; i++) {
    if (server.exitCode !== null) throw new Error(`pulseaudio exited: ${stderr.trim()}`);
    if (spawnSync('pactl', ['info'], { env, stdio: 'ignore' }).status === 0) break;
    if (i > 100) throw new Error(`pulseaudio did not answer: ${stderr.trim()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const recorders = new Set<ChildProcess>();
  return {
    env,
    record(device) {
      const recorder = spawn('parecord', ['-d', device, '/dev/null'], { env, stdio: 'ignore' });
      recorders.add(recorder);
      return async () => {
        recorders.delete(recorder);
        if (recorder.exitCode !== null) return;
        const exited = new Promise((resolve) => recorder.once('exit', resolve));
        recorder.kill('SIGTERM');
        await exited;
      };
    },
    async stop() {
      for (const r of recorders) r.kill('SIGKILL');
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
      await rm(runtimeDir, { recursive: true, force: true });
    },
  };
}
