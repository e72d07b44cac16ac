// @vitest-environment happy-dom
// The check-in view's keyboard contract, against an in-memory KeelApi: focus lands on the first
// quick reply, 1-5 answer (but not while typing in the reply box), Enter sends text, Esc snoozes.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckInView } from '../../shared/checkin';
import type { KeelApi } from '../../shared/ipc';
import { createKeelClient } from '../../renderer/src/api/client';
import { ClientProvider } from '../../renderer/src/api/context';
import { CheckInScreen } from '../../renderer/src/views/checkin/CheckInScreen';

const checkIn: CheckInView = {
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
const session = {
  id: 's1',
  active: true,
  task: 'write the summary',
  startedAt: 1_700_000_000_000,
  endsAt: null,
  checkIns: 1,
  snoozedUntil: null,
  lastOutcome: null,
};

function fakeApi() {
  const calls: Array<{ channel: string; request: unknown }> = [];
  const api: KeelApi = {
    async invoke(channel, request) {
      calls.push({ channel, request });
      const values: Record<string, unknown> = {
        'session:get': session,
        'checkin:current': checkIn,
        'checkin:similar': [],
        'checkin:snooze': { ...session, snoozedUntil: 1_700_000_600_000 },
        'window:hide': { ok: true },
        'checkin:answer': {
          checkIn: { ...checkIn, state: 'answered' },
          classification: {
            outcome: 'distracted',
            confidence: 1,
            signals: [],
            source: 'quick_reply',
          },
          followUp: { kind: 'refocus', text: 'Close one tab and come back.' },
        },
      };
      return { ok: true, value: values[channel] } as never;
    },
    on: () => () => undefined,
  };
  return { api, calls };
}

async function renderScreen() {
  const { api, calls } = fakeApi();
  render(
    <ClientProvider client={createKeelClient(api)}>
      <CheckInScreen dueCheckIn={null} />
    </ClientProvider>,
  );
  const done = await screen.findByRole('button', { name: 'Done' });
  await waitFor(() => expect(document.activeElement).toBe(done));
  return calls;
}

const answers = (calls: Array<{ channel: string; request: unknown }>) =>
  calls.filter((call) => call.channel === 'checkin:answer').map((call) => call.request);

afterEach(cleanup);

describe('check-in keyboard use', () => {
  it('answers with a number key and shows the follow-up in the live region', async () => {
    const calls = await renderScreen();
    await act(async () => {
      fireEvent.keyDown(document.activeElement as Element, { key: '3' });
    });
    const status = await screen.findByRole('status');
    await waitFor(() => expect(status.textContent).toContain('Close one tab and come back.'));
    expect(answers(calls)).toEqual([
      { checkInId: 'c1', reply: { kind: 'quick', id: 'distracted' } },
    ]);
  });

  it('treats digits typed in the reply box as text, and Enter sends it', async () => {
    const calls = await renderScreen();
    const box = screen.getByLabelText('Your reply');
    box.focus();
    fireEvent.keyDown(box, { key: '3' });
    fireEvent.change(box, { target: { value: 'stuck on part 3' } });
    expect(answers(calls)).toEqual([]);
    await act(async () => {
      fireEvent.keyDown(box, { key: 'Enter' });
    });
    await waitFor(() =>
      expect(answers(calls)).toEqual([
        { checkInId: 'c1', reply: { kind: 'text', text: 'stuck on part 3' } },
      ]),
    );
  });

  it('snoozes with Esc', async () => {
    const calls = await renderScreen();
    await act(async () => {
      fireEvent.keyDown(document.activeElement as Element, { key: 'Escape' });
    });
    await screen.findByText(/Snoozed/);
    expect(calls.some((call) => call.channel === 'checkin:snooze')).toBe(true);
    expect(answers(calls)).toEqual([]);
  });

  it('closes the window with Esc once the check-in is answered (and not before)', async () => {
    const calls = await renderScreen();
    const hides = () => calls.filter((call) => call.channel === 'window:hide').length;
    await act(async () => {
      fireEvent.keyDown(document.activeElement as Element, { key: '2' });
    });
    await screen.findByText('Close one tab and come back.');
    expect(hides()).toBe(0);
    await act(async () => {
      fireEvent.keyDown(document.body, { key: 'Escape' });
    });
    await waitFor(() => expect(hides()).toBe(1));
    expect(calls.some((call) => call.channel === 'checkin:snooze')).toBe(false);
  });
});
