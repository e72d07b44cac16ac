// @vitest-environment happy-dom
// The check-in view's keyboard contract, against an in-memory KeelApi: focus lands in the reply box
// (never on a button that answers), Enter there sends text and does nothing when it is empty, 1-5
// answer once focus is outside the box, Esc snoozes; and the nudge is announced once.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckInView } from '../../shared/checkin';
import { createKeelClient } from '../../renderer/src/api/client';
import { ClientProvider } from '../../renderer/src/api/context';
import { CheckInScreen } from '../../renderer/src/views/checkin/CheckInScreen';
import { checkIn, fakeApi, session } from './fake-keel';

function keyboardApi(current: CheckInView = checkIn) {
  return fakeApi({
    'session:get': session,
    'checkin:current': current,
    'checkin:similar': [],
    'checkin:snooze': { ...session, snoozedUntil: 1_700_000_600_000 },
    'checkin:answer': {
      checkIn: { ...checkIn, state: 'answered' },
      classification: { outcome: 'distracted', confidence: 1, signals: [], source: 'quick_reply' },
      followUp: { kind: 'refocus', text: 'Close one tab and come back.' },
    },
  });
}

async function renderScreen(current: CheckInView = checkIn) {
  const { api, calls, emit } = keyboardApi(current);
  render(
    <ClientProvider client={createKeelClient(api)}>
      <CheckInScreen dueCheckIn={null} />
    </ClientProvider>,
  );
  const box = await screen.findByLabelText('Your reply');
  await waitFor(() => expect(document.activeElement).toBe(box));
  return Object.assign(calls, { emit });
}

const answers = (calls: Array<{ channel: string; request: unknown }>) =>
  calls.filter((call) => call.channel === 'checkin:answer').map((call) => call.request);

afterEach(cleanup);

describe('check-in keyboard use', () => {
  it('a stray Enter answers nothing: focus is in the reply box, and an empty box ignores it', async () => {
    const calls = await renderScreen();
    const box = screen.getByLabelText('Your reply');
    await act(async () => {
      fireEvent.keyDown(box, { key: 'Enter' });
    });
    expect(answers(calls)).toEqual([]);
    expect(screen.getByText(/Enter sends/)).toBeTruthy();
    expect(document.activeElement).toBe(box);
  });

  it('answers with a number key once focus is outside the reply box', async () => {
    const calls = await renderScreen();
    screen.getByRole('button', { name: 'Done' }).focus();
    await act(async () => {
      fireEvent.keyDown(document.activeElement as Element, { key: '3' });
    });
    const status = document.querySelector('.answer-status') as HTMLElement;
    await waitFor(() => expect(status.textContent).toContain('Close one tab and come back.'));
    expect(answers(calls)).toEqual([
      { checkInId: 'c1', reply: { kind: 'quick', id: 'distracted' }, seenWording: 'library' },
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
        {
          checkInId: 'c1',
          reply: { kind: 'text', text: 'stuck on part 3' },
          seenWording: 'library',
        },
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
      fireEvent.keyDown(document.body, { key: '2' });
    });
    await screen.findByText('Close one tab and come back.');
    expect(hides()).toBe(0);
    await act(async () => {
      fireEvent.keyDown(document.body, { key: 'Escape' });
    });
    await waitFor(() => expect(hides()).toBe(1));
    expect(calls.some((call) => call.channel === 'checkin:snooze')).toBe(false);
  });

  it('announces the nudge once: when the final wording arrives, not the library text first', async () => {
    const pending = { ...checkIn, wordingPending: true };
    const calls = await renderScreen(pending);
    const region = document.querySelector('p[role="status"]') as HTMLElement;
    const seen: string[] = [];
    const observer = new MutationObserver(() => seen.push(region.textContent ?? ''));
    observer.observe(region, { childList: true, subtree: true, characterData: true });
    expect(region.textContent).toBe('');
    expect(screen.getByRole('heading', { level: 2, name: checkIn.nudge })).toBeTruthy();

    const worded = {
      ...checkIn,
      nudge: 'Open the summary and write one line.',
      wordingSource: 'gemini',
      wordingPending: false,
    };
    await act(async () => {
      calls.emit('checkin:updated', worded);
    });
    await screen.findByRole('heading', { level: 2, name: worded.nudge });
    // Focus stays where the person is typing.
    expect(document.activeElement).toBe(screen.getByLabelText('Your reply'));
    await act(async () => {
      fireEvent.keyDown(document.body, { key: '1' });
    });
    await waitFor(() => expect(answers(calls)).toHaveLength(1));
    observer.disconnect();
    expect(seen.filter((text) => text !== '')).toEqual([worded.nudge]);
    // The answer says which wording the person saw.
    expect(answers(calls)[0]).toMatchObject({ seenWording: 'gemini' });
  });
});
