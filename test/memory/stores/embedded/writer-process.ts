// Runs hold-writer.ts as a real child process (node --import tsx, no wrapper) and talks to it: each
// command resolves once the child answered "ok", i.e. once the write is committed to the database.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./hold-writer.ts', import.meta.url));

export class WriterProcess {
  private buffered = '';
  private stderr = '';
  private waiting: Array<{ resolve: (line: string) => void; reject: (e: Error) => void }> = [];
  private exited = false;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => {
      this.buffered += chunk.toString();
      const lines = this.buffered.split('\n');
      this.buffered = lines.pop()!;
      for (const line of lines) this.waiting.shift()?.resolve(line);
    });
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    child.once('exit', (code) => {
      this.exited = true;
      const error = new Error(`writer exited (${code}): ${this.stderr}`);
      for (const w of this.waiting.splice(0)) w.reject(error);
    });
  }

  /** Starts the writer on `storeDir` and resolves once it has the store open. */
  static async start(storeDir: string, userId: string, dim: number): Promise<WriterProcess> {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', SCRIPT, storeDir, userId, String(dim)],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const writer = new WriterProcess(child);
    const first = await writer.nextLine();
    if (first !== 'open') throw new Error(`writer did not open the store: ${first}`);
    return writer;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Sends one command and waits for its durable "ok". */
  async send(command: string): Promise<void> {
    const answer = this.nextLine();
    this.child.stdin.write(command + '\n');
    const line = await answer;
    if (line !== 'ok') throw new Error(`writer answered ${JSON.stringify(line)} to ${command}`);
  }

  /** Closes the writer's store and waits for the process to end. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const closed = new Promise((resolve) => this.child.once('close', resolve));
    this.child.stdin.end();
    await closed;
  }

  private nextLine(): Promise<string> {
    if (this.exited) return Promise.reject(new Error(`writer has exited: ${this.stderr}`));
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }
}
