// An in-memory KeelApi for the check-in view's tests: each channel answers with the value given
// for it, every call (and every host action) is recorded in order, and events can be emitted.
import type { CheckInView } from '../../shared/checkin';
import type { KeelApi } from '../../shared/ipc';

export const checkIn: CheckInView = {
  id: 'c1',
  task: 'write the summary',
  nudge: 'What is the smallest next step?',
  strategy: 'tiny_first_step',
  strategyLabel: 'Tiny first step',
  wordingSource: 'library',
  createdAt: 1_700_000_000_000,
  state: 'awaiting_reply',
  similar: [],
};

export const session = {
  id: 's1',
  active: true,
  task: 'write the summary',
  startedAt: 1_700_000_000_000,
  endsAt: null,
  checkIns: 1,
  snoozedUntil: null,
  lastOutcome: null,
  taskDone: false,
  focus: false,
};

export type Call = { channel: string; request: unknown };

export function fakeApi(values: Record<string, unknown>) {
  const calls: Call[] = [];
  const listeners = new Map<string, (payload: unknown) => void>();
  const api: KeelApi = {
    async invoke(channel, request) {
      calls.push({ channel, request });
      return { ok: true, value: values[channel] } as never;
    },
    // Host actions are recorded beside the channels: the tests count hides the same way.
    async host(action) {
      calls.push({ channel: action, request: null });
    },
    on: (event, listener) => {
      listeners.set(event, listener as (payload: unknown) => void);
      return () => listeners.delete(event);
    },
  };
  const emit = (event: string, payload: unknown) => listeners.get(event)?.(payload);
  return { api, calls, emit };
}
