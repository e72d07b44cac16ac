// Child process for tracing.test.ts: exercises real weave against a trace server that is either
// unreachable or broken, in its own process so a hang or a crash cannot take the test runner down.
// Usage: tsx tracing.child.ts <traceServerUrl> ; prints one JSON line, then lingers to prove it survives.
import { initTracing, traced, tracingStatus } from '../../electron/memory/tracing';

const [, , traceServerUrl, lingerMs = '1500'] = process.argv;
process.env.WF_TRACE_SERVER_URL = traceServerUrl;
process.env.WANDB_BASE_URL = traceServerUrl;

const double = traced('double', async (x: number) => x * 2);
const fails = traced('fails', async () => {
  throw new Error('op failure');
});

const init = await initTracing(
  { wandbApiKey: 'a'.repeat(40) },
  { project: 'test-entity/keel', initTimeoutMs: 2_000 },
);
const value = await double(21);
const error = await fails().then(
  () => null,
  (e: unknown) => (e as Error).message,
);
// Let weave's background uploads run into the broken server.
await new Promise((r) => setTimeout(r, Number(lingerMs)));
process.stdout.write(JSON.stringify({ init, value, error, after: tracingStatus() }) + '\n');
// weave's own retry timers may still be pending; the parent only needs to see that we got here.
process.exit(0);
