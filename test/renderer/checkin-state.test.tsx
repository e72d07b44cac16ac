// The check-in view's reducer, without rendering: opening, the wording update, answering, a
// correction, snoozing, and what is shown or announced in each state.
import { describe, expect, it } from 'vitest';
import type { AnswerResult, CheckInView, SessionView } from '../../shared/checkin';
import type { SimilarIntervention } from '../../shared/domain';
import {
  checkInReducer,
  initialCheckInState,
  nudgeAnnouncement,
  shownSimilar,
  waitingCheckIn,
  type CheckInAction,
  type CheckInState,
} from '../../renderer/src/views/checkin/checkin-state';
import { checkIn } from './fake-keel';

const similar = (intervention: string): SimilarIntervention => ({
  key: `k:${intervention}`,
  intervention,
  context: '',
  task: 'write the summary',
  outcome: 'task_completed',
  timestamp: 1,
  similarity: 0.8,
  score: 0.8,
});
const session: SessionView = {
  id: 's1',
  active: true,
  focus: true,
  taskDone: false,
  task: 'write the summary',
  startedAt: 1,
  endsAt: null,
  checkIns: 1,
  snoozedUntil: null,
  lastOutcome: null,
};
const pending: CheckInView = {
  ...checkIn,
  wordingPending: true,
  createdAt: 1,
  similar: [similar('Two minutes on it?')],
};
const worded: CheckInView = {
  ...pending,
  nudge: 'Open the summary and write one line.',
  wordingSource: 'gemini',
  wordingPending: false,
};
const answered = (checkIn: CheckInView, outcome: 'stuck' | 'distracted'): AnswerResult => ({
  checkIn: { ...checkIn, state: 'answered', wordingPending: false },
  classification: { outcome, confidence: 0.7, signals: [], source: 'rules' },
  followUp: { kind: 'smaller_step', text: 'Try one sentence.' },
});

const run = (...actions: CheckInAction[]): CheckInState =>
  actions.reduce(checkInReducer, initialCheckInState(0));

describe('check-in view state', () => {
  it('loads a waiting check-in with the session and the similar list', () => {
    const state = run({
      type: 'loaded',
      session,
      current: pending,
      similar: [similar('Other')],
      now: 5,
    });
    expect(waitingCheckIn(state)).toBe(pending);
    // A waiting check-in shows its own recall, not the general list.
    expect(shownSimilar(state).map((s) => s.intervention)).toEqual(['Two minutes on it?']);
    expect(state.now).toBe(5);
  });

  it('an answered check-in found on load is not shown as open', () => {
    const state = run({
      type: 'loaded',
      session,
      current: { ...pending, state: 'answered' },
      similar: [],
      now: 0,
    });
    expect(waitingCheckIn(state)).toBeNull();
  });

  it('announces the nudge once, when its wording is final', () => {
    const opened = run({ type: 'opened', checkIn: pending, now: 1 });
    expect(opened.checkIn?.nudge).toBe(pending.nudge);
    expect(nudgeAnnouncement(opened)).toBe('');
    const updated = checkInReducer(opened, { type: 'updated', checkIn: worded });
    expect(updated.checkIn?.nudge).toBe(worded.nudge);
    expect(nudgeAnnouncement(updated)).toBe(worded.nudge);
    // Offline, the first view is already final.
    const offline = run({ type: 'opened', checkIn: { ...pending, wordingPending: false }, now: 1 });
    expect(nudgeAnnouncement(offline)).toBe(pending.nudge);
  });

  it('keeps the final wording whichever order the opening and the update arrive in', () => {
    const updatedFirst = run(
      { type: 'opened', checkIn: worded, now: 1 },
      { type: 'opened', checkIn: pending, now: 2 },
      { type: 'loaded', session, current: pending, similar: [], now: 3 },
    );
    expect(updatedFirst.checkIn).toBe(worded);
    const loadedLater = run(
      { type: 'opened', checkIn: pending, now: 1 },
      { type: 'loaded', session, current: worded, similar: [], now: 2 },
    );
    expect(loadedLater.checkIn).toBe(worded);
  });

  it('drops a wording update for another check-in or one already answered', () => {
    const opened = run({ type: 'opened', checkIn: pending, now: 1 });
    expect(checkInReducer(opened, { type: 'updated', checkIn: { ...worded, id: 'c0' } })).toBe(
      opened,
    );
    const done = checkInReducer(opened, { type: 'answered', result: answered(pending, 'stuck') });
    expect(checkInReducer(done, { type: 'updated', checkIn: worded })).toBe(done);
    expect(done.checkIn?.nudge).toBe(pending.nudge);
  });

  it('an answer closes the check-in, keeps what Keel heard and asks for focus on the result', () => {
    const done = run(
      { type: 'opened', checkIn: pending, now: 1 },
      { type: 'answered', result: answered(pending, 'stuck') },
    );
    expect(waitingCheckIn(done)).toBeNull();
    expect(done.heard?.classification.outcome).toBe('stuck');
    expect(done.resultFocus).toBe(1);
    expect(nudgeAnnouncement(done)).toBe('');
    // A late echo of the opening does not reopen it.
    expect(checkInReducer(done, { type: 'opened', checkIn: pending, now: 2 })).toBe(done);
  });

  it('a correction replaces what Keel heard for that check-in only', () => {
    const done = run(
      { type: 'opened', checkIn: pending, now: 1 },
      { type: 'answered', result: answered(pending, 'stuck') },
    );
    const fixed = checkInReducer(done, {
      type: 'corrected',
      result: answered(pending, 'distracted'),
    });
    expect(fixed.heard?.classification.outcome).toBe('distracted');
    expect(fixed.resultFocus).toBe(done.resultFocus);
    const other = answered({ ...pending, id: 'c9' }, 'distracted');
    expect(checkInReducer(done, { type: 'corrected', result: other })).toBe(done);
  });

  it('a snooze closes the check-in with a note; a new check-in clears the note', () => {
    const snoozed = run(
      { type: 'snoozeLength', minutes: 20 },
      { type: 'opened', checkIn: pending, now: 1 },
      { type: 'snoozed', session },
    );
    expect(snoozed.checkIn).toBeNull();
    expect(snoozed.note).toMatch(/about 20 minutes/);
    expect(snoozed.resultFocus).toBe(1);
    const next = checkInReducer(snoozed, {
      type: 'opened',
      checkIn: { ...pending, id: 'c2' },
      now: 3,
    });
    expect(next.note).toBeNull();
    expect(next.heard).toBeNull();
  });

  it('shows no similar moments without a task (not other tasks’ history)', () => {
    const state = run({
      type: 'loaded',
      session: { ...session, task: null, active: false },
      current: null,
      similar: [similar('From another task')],
      now: 0,
    });
    expect(shownSimilar(state)).toEqual([]);
    const withTask = checkInReducer(state, { type: 'session', session, note: 'Task set.' });
    expect(shownSimilar(withTask).map((s) => s.intervention)).toEqual(['From another task']);
    expect(withTask.note).toBe('Task set.');
    // A check-in opened without a task (on the stand-in task) shows none either.
    const noTaskOpen = checkInReducer(state, { type: 'opened', checkIn: pending, now: 1 });
    expect(shownSimilar(noTaskOpen)).toEqual([]);
  });

  it('starting a session clears the last insight; ending one shows its insight', () => {
    const ended = run({
      type: 'sessionEnded',
      result: {
        session: { ...session, active: false },
        insight: { key: 'i', text: 'Short steps helped.', createdAt: 1 } as never,
      },
      note: 'Focus session ended.',
    });
    expect(ended.insight?.text).toBe('Short steps helped.');
    const started = checkInReducer(ended, { type: 'sessionStarted', session, note: 'Started.' });
    expect(started.insight).toBeNull();
    expect(started.session).toBe(session);
  });

  it('ending or starting a session drops a check-in still waiting', () => {
    const opened = run({ type: 'opened', checkIn: pending, now: 1 });
    expect(waitingCheckIn(opened)).not.toBeNull();
    const ended = checkInReducer(opened, {
      type: 'sessionEnded',
      result: { session: { ...session, active: false }, insight: null },
      note: 'ended',
    });
    expect(waitingCheckIn(ended)).toBeNull();
    const started = checkInReducer(opened, { type: 'sessionStarted', session, note: 'started' });
    expect(waitingCheckIn(started)).toBeNull();
  });
});
