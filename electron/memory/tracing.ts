// Optional W&B Weave tracing of memory and model calls. Opt-in: nothing happens unless
// WANDB_API_KEY is set (traces include the op's inputs, e.g. task text, so they leave the machine).
//
// Weave 0.11.1 is fragile offline, so it is fenced in:
//  - its op wrapper awaits the trace server (with retries for ~30 s) before returning the op's value,
//    so `traced` hands the caller the value as soon as the op itself settles and lets the trace
//    finish in the background — a trace is never awaited on the hot path;
//  - its batch uploader calls process.exit(1) after 10 failed uploads, so on the first tracing
//    failure Keel stops tracing and empties and disarms that uploader;
//  - init can hang (entity lookup) or fail (no network): the trace server is probed first and init
//    runs under a time limit. Any failure leaves tracing off and every op untraced.
// Without a key, `traced` is a pass-through costing one property check per call.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { KeelConfig } from '../base/config';
import { createLogger, registerSecret, type Logger } from '../base/logger';
import { describeError } from '../base/redact';

type AnyAsyncFn = (...args: never[]) => Promise<unknown>;
interface WeaveModule {
  init(project: string): Promise<unknown>;
  op<F extends AnyAsyncFn>(fn: F, options?: { name?: string }): F;
}

type TracingState =
  | { kind: 'off'; reason: string }
  | { kind: 'starting' }
  | { kind: 'ready'; weave: WeaveModule; client: unknown; project: string }
  | { kind: 'failed'; reason: string };

export interface TracingStatus {
  enabled: boolean;
  /** Why tracing is off or failed; the project when it is on. */
  detail: string;
}

export interface TracingOptions {
  /** W&B project, "entity/project" avoids a network lookup. Default KEEL_WEAVE_PROJECT or "keel". */
  project?: string;
  /** Limit for the health probe and for weave.init each; default 5 s. */
  initTimeoutMs?: number;
  logger?: Logger;
}

let state: TracingState = { kind: 'off', reason: 'tracing not initialised' };
let log: Logger = createLogger('tracing');

/** Per call: lets the op body report its own settlement past weave's wrapper. */
interface PendingCall {
  entered: boolean;
  settle(result: Promise<unknown>): void;
}
const pendingCall = new AsyncLocalStorage<PendingCall>();

export function tracingStatus(): TracingStatus {
  switch (state.kind) {
    case 'ready':
      return { enabled: true, detail: `tracing to W&B project ${state.project}` };
    case 'starting':
      return { enabled: false, detail: 'tracing is starting' };
    default:
      return { enabled: false, detail: state.reason };
  }
}

/** Where weave sends traces (mirrors weave's own resolution in urls.js). */
function traceServerUrl(env: NodeJS.ProcessEnv): string {
  if (env.WF_TRACE_SERVER_URL) return env.WF_TRACE_SERVER_URL.replace(/\/+$/, '');
  if (env.WANDB_BASE_URL) return `${env.WANDB_BASE_URL.replace(/\/+$/, '')}/traces`;
  return 'https://trace.wandb.ai';
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/**
 * Starts tracing when the config has a W&B key. Never throws: on any problem tracing stays off and
 * the returned status says why. Safe to call more than once (later calls return the current status).
 */
export async function initTracing(
  config: Pick<KeelConfig, 'wandbApiKey'>,
  options: TracingOptions = {},
): Promise<TracingStatus> {
  if (options.logger) log = options.logger;
  if (state.kind === 'ready' || state.kind === 'starting') return tracingStatus();
  const apiKey = config.wandbApiKey?.trim();
  if (!apiKey) {
    state = { kind: 'off', reason: 'tracing off: WANDB_API_KEY not set' };
    return tracingStatus();
  }
  registerSecret(apiKey);
  state = { kind: 'starting' };
  const timeoutMs = options.initTimeoutMs ?? 5_000;
  const project = options.project ?? process.env.KEEL_WEAVE_PROJECT ?? 'keel';
  try {
    const server = traceServerUrl(process.env);
    const probe = await fetch(`${server}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!probe.ok) throw new Error(`trace server ${server} answered HTTP ${probe.status}`);
    // weave reads the key from the environment (or ~/.netrc) only; the resolved config wins.
    process.env.WANDB_API_KEY = apiKey;
    const imported = (await import('weave')) as unknown as WeaveModule & { default?: WeaveModule };
    const weave = typeof imported.init === 'function' ? imported : imported.default!;
    const client = await withTimeout(weave.init(project), timeoutMs, 'weave.init');
    hardenClient(client);
    state = { kind: 'ready', weave, client, project };
    log.info(`tracing to W&B project ${project}`);
  } catch (error) {
    const why = describeError(error, [apiKey]).replace(/\s+/g, ' ').trim();
    state = { kind: 'failed', reason: `tracing off: ${why}` };
    log.warn(state.reason);
  }
  return tracingStatus();
}

/** The parts of weave 0.11.1's WeaveClient that Keel hardens (checked at run time, all optional). */
interface WeaveClientInternals {
  callQueue?: unknown[];
  errorCount?: number;
  processBatch?: () => Promise<void>;
  saveOp?: (...args: unknown[]) => Promise<unknown>;
}

/**
 * Fixes weave's two process-killers on the client instance:
 *  - createCall() calls saveOp() without awaiting its promise, so a failed op upload becomes an
 *    unhandled rejection (Node then exits). Marking that promise handled changes nothing for the
 *    code that does await the op reference, which still sees the failure.
 *  - processBatch() swallows upload errors but exits the process after 10; count them instead and
 *    stop tracing at the first one.
 */
function hardenClient(client: unknown): void {
  if (!client || typeof client !== 'object') return;
  const c = client as WeaveClientInternals;
  const saveOp = c.saveOp;
  if (typeof saveOp === 'function') {
    c.saveOp = (...args: unknown[]) => {
      const saving = saveOp.apply(client, args);
      saving.catch((error: unknown) => disableTracing(error));
      return saving;
    };
  }
  const processBatch = c.processBatch;
  if (typeof processBatch === 'function') {
    c.processBatch = async () => {
      const before = c.errorCount ?? 0;
      await processBatch.call(client);
      if ((c.errorCount ?? 0) > before) disableTracing(new Error('uploading traces failed'));
    };
  }
}

/**
 * Turns tracing off for the rest of the run after a tracing failure, and stops weave's uploader
 * from retrying what is queued (its 11th failed upload would exit the process).
 */
function disableTracing(error: unknown): void {
  if (state.kind !== 'ready') return;
  const client = state.client as WeaveClientInternals | null;
  const why = describeError(error).replace(/\s+/g, ' ').trim();
  state = { kind: 'failed', reason: `tracing stopped after a failure: ${why}` };
  log.warn(state.reason);
  if (client && Array.isArray(client.callQueue)) {
    const queue = client.callQueue;
    queue.length = 0;
    // A batch in flight puts its items back when it fails; drop them instead of retrying forever.
    client.processBatch = async () => {
      queue.length = 0;
    };
  }
}

/**
 * Wraps an async function so each call is traced as a Weave op named `name` when tracing is on.
 * The result (value or error) is always the function's own, delivered as soon as it settles.
 */
export function traced<A extends unknown[], R>(
  name: string,
  fn: (...a: A) => Promise<R>,
): (...a: A) => Promise<R> {
  let op: ((...a: A) => Promise<R>) | null = null;
  let opWeave: WeaveModule | null = null;

  return (...args: A): Promise<R> => {
    const current = state;
    if (current.kind !== 'ready') return fn(...args);

    if (!op || opWeave !== current.weave) {
      const body = (...a: A): Promise<R> => {
        let result: Promise<R>;
        try {
          result = fn(...a);
        } catch (error) {
          result = Promise.reject(error);
        }
        pendingCall.getStore()?.settle(result);
        return result;
      };
      op = current.weave.op(body as unknown as AnyAsyncFn, { name }) as unknown as (
        ...a: A
      ) => Promise<R>;
      opWeave = current.weave;
    }

    let ownResult: Promise<R> | undefined;
    const call: PendingCall = {
      entered: false,
      settle(result) {
        call.entered = true;
        ownResult = result as Promise<R>;
      },
    };
    let background: Promise<R>;
    try {
      background = pendingCall.run(call, () => op!(...args));
    } catch (error) {
      disableTracing(error);
      return fn(...args);
    }

    if (!call.entered) {
      // weave 0.11.1 calls the op body synchronously; if a later version does not, fall back to
      // awaiting it this once (running fn ourselves could run it twice) and stop tracing.
      disableTracing(new Error('weave did not start the op synchronously'));
      return background;
    }
    const own = ownResult!;
    background.catch((traceError: unknown) => {
      // The op's own rejection comes back through weave unchanged; anything else is weave failing.
      void own.then(
        () => disableTracing(traceError),
        (opError: unknown) => {
          if (opError !== traceError) disableTracing(traceError);
        },
      );
    });
    return own;
  };
}

/** Test-only: forget tracing state between tests. */
export function resetTracingForTests(): void {
  state = { kind: 'off', reason: 'tracing not initialised' };
}
