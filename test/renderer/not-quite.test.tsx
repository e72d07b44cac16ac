// @vitest-environment happy-dom
// "Not quite?" in the check-in view, against an in-memory KeelApi: one press opens the other
// outcomes with focus on the first, Esc closes the list (not the window), a pick sends
// checkin:correct and the live region shows what Keel now heard. The snooze length comes from
// Settings.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnswerResult } from '../../shared/checkin';
import { createKeelClient } from '../../renderer/src/api/client';
import { ClientProvider } from '../../renderer/src/api/context';
import { CheckInScreen } from '../../renderer/src/views/checkin/CheckInScreen';
import { checkIn, fakeApi, session } from './fake-keel';

function answered(outcome: 'task_completed' | 'stuck', source: 'quick_reply' | 'correction') {
  return {
    checkIn: { ...checkIn, state: 'answered' },
    classification: { outcome, confidence: 1, signals: [], source },
    followUp:
      outcome === 'stuck'
        ? { kind: 'smaller_step', text: 'Okay, smaller. Open the file and stop there.' }
        : {
            kind: 'congratulate',
            text: 'Nice work, “write the summary” is done. What next?',
            next: ['new_task', 'break', 'end_session'],
          },
  } as AnswerResult;
}

function notQuiteApi() {
  return fakeApi({
    'session:get': session,
    'checkin:current': checkIn,
    'checkin:similar': [],
    'settings:get': undefined,
    'checkin:answer': answered('task_completed', 'quick_reply'),
    'checkin:correct': answered('stuck', 'correction'),
  });
}

afterEach(cleanup);

describe('Not quite?', () => {
  it('one press opens the other outcomes, a pick corrects, Esc only closes the list', async () => {
    const { api, calls } = notQuiteApi();
    render(
      <ClientProvider client={createKeelClient(api)}>
        <CheckInScreen dueCheckIn={null} />
      </ClientProvider>,
    );
    const done = await screen.findByRole('button', { name: 'Done' });
    // Focus starts in the reply box; the number keys answer once focus is on the buttons.
    await waitFor(() => expect(document.activeElement?.tagName).toBe('TEXTAREA'));
    act(() => done.focus());
    await act(async () => {
      fireEvent.keyDown(done, { key: '1' });
    });
    const status = await waitFor(() => document.querySelector('.answer-status') as HTMLElement);
    await waitFor(() => expect(status.textContent).toContain('Done'));
    // The next steps after "done".
    expect(screen.getByRole('button', { name: 'Set a new task' })).toBeTruthy();
    expect(screen.getByRole('button', { name: /Take a break/ })).toBeTruthy();

    const toggle = screen.getByRole('button', { name: 'Not quite?' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await act(async () => {
      fireEvent.click(toggle);
    });
    const options = screen.getByRole('group', { name: 'What did you mean?' });
    const names = [...options.querySelectorAll('button')].map((b) => b.textContent);
    expect(names).toEqual(['Back on it', 'Got distracted', 'Stuck', 'Not now', 'Unclear']);
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Back on it'));

    await act(async () => {
      fireEvent.keyDown(document.activeElement as Element, { key: 'Escape' });
    });
    expect(screen.queryByRole('group', { name: 'What did you mean?' })).toBeNull();
    expect(calls.some((c) => c.channel === 'window:hide')).toBe(false);

    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Not quite?' }));
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Stuck' }));
    });
    await waitFor(() => expect(status.textContent).toContain('Stuck'));
    expect(status.textContent).toContain('as you told me');
    expect(status.textContent).toContain('Open the file and stop there.');
    expect(calls.filter((c) => c.channel === 'checkin:correct').map((c) => c.request)).toEqual([
      { checkInId: 'c1', outcome: 'stuck' },
    ]);
  });
});
