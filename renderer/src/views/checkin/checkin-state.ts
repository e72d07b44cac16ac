// The check-in view's state in one place: the session, the check-in on screen (waiting or last
// answered), what Keel heard in the answer, the similar moments, the note and insight after an
// action. A pure reducer, so every transition is tested without rendering (test/renderer/
// checkin-state.test.ts); useCheckIn.ts makes the calls and dispatches their results.
import type {
  AnswerResult,
  CheckInView,
  EndSessionResult,
  SessionView,
} from '../../../../shared/checkin';
import type { Insight, SimilarIntervention } from '../../../../shared/domain';

export interface CheckInState {
  session: SessionView | null;
  /** The check-in on screen: awaiting a reply, or the one just answered. */
  checkIn: CheckInView | null;
  /**
   * What Keel heard in the last answer (outcome, follow-up). A correction ("Not quite?") replaces
   * it through the `corrected` action.
   */
  heard: AnswerResult | null;
  /** A short note after an action that has no answer ("Snoozed", "Task set"). */
  note: string | null;
  /** Similar moments for the current task when no check-in waits (a waiting one carries its own). */
  similar: SimilarIntervention[];
  insight: Insight | null;
  /** When the relative times were last computed. */
  now: number;
  /** Bumped after an answer or a snooze: focus moves to the result's heading. */
  resultFocus: number;
  /** The one snooze length (the setting; shown in the hint and the notes). */
  snoozeMinutes: number;
  /** Bumped to ask the task field for focus ("Set a new task" after done). */
  taskFocus: number;
}

/** Shown until Settings have loaded; the core uses the real setting whatever this says. */
export const DEFAULT_SNOOZE_MINUTES = 15;

export type CheckInAction =
  | {
      type: 'loaded';
      session: SessionView;
      current: CheckInView | null;
      similar: SimilarIntervention[];
      now: number;
    }
  | { type: 'opened'; checkIn: CheckInView; now: number }
  /** `checkin:updated`: the open check-in's final wording arrived. */
  | { type: 'updated'; checkIn: CheckInView }
  | { type: 'answered'; result: AnswerResult }
  /** The person corrected what Keel heard: the corrected result replaces it. */
  | { type: 'corrected'; result: AnswerResult }
  | { type: 'snoozed'; session: SessionView; note?: string }
  /** The snooze length setting was read. */
  | { type: 'snoozeLength'; minutes: number }
  /** "Set a new task" after done: the task field takes focus. */
  | { type: 'focusTask' }
  /** The session changed (a task set, a refresh); `note` says what happened, if anything. */
  | { type: 'session'; session: SessionView; note?: string }
  | { type: 'sessionStarted'; session: SessionView; note: string }
  | { type: 'sessionEnded'; result: EndSessionResult; note: string };

export function initialCheckInState(now: number): CheckInState {
  return {
    session: null,
    checkIn: null,
    heard: null,
    note: null,
    similar: [],
    insight: null,
    now,
    resultFocus: 0,
    snoozeMinutes: DEFAULT_SNOOZE_MINUTES,
    taskFocus: 0,
  };
}

export function checkInReducer(state: CheckInState, action: CheckInAction): CheckInState {
  switch (action.type) {
    case 'loaded': {
      // A waiting check-in shows up (or its final wording, if the view still shows the first).
      const current = action.current?.state === 'awaiting_reply' ? action.current : null;
      return {
        ...state,
        session: action.session,
        similar: action.similar,
        now: action.now,
        checkIn: current ? latest(state.checkIn, current) : state.checkIn,
      };
    }
    case 'opened': {
      const checkIn = latest(state.checkIn, action.checkIn);
      if (checkIn === state.checkIn) return state; // an echo of what is already on screen
      return { ...state, checkIn, heard: null, note: null, now: action.now };
    }
    case 'updated':
      // Only the check-in still waiting on screen takes its new wording; anything else is stale.
      if (state.checkIn?.id !== action.checkIn.id || state.checkIn.state !== 'awaiting_reply') {
        return state;
      }
      return { ...state, checkIn: action.checkIn };
    case 'answered':
    case 'corrected':
      if (action.type === 'corrected' && state.heard?.checkIn.id !== action.result.checkIn.id) {
        return state;
      }
      return {
        ...state,
        checkIn: action.result.checkIn,
        heard: action.result,
        note: null,
        resultFocus: state.resultFocus + (action.type === 'answered' ? 1 : 0),
      };
    case 'snoozed':
      return {
        ...state,
        session: action.session,
        checkIn: null,
        heard: null,
        note:
          action.note ??
          `Snoozed. The next check-in comes in about ${state.snoozeMinutes} minutes.`,
        resultFocus: state.resultFocus + 1,
      };
    case 'snoozeLength':
      return { ...state, snoozeMinutes: action.minutes };
    case 'focusTask':
      return { ...state, taskFocus: state.taskFocus + 1 };
    case 'session':
      return {
        ...state,
        session: action.session,
        ...(action.note !== undefined ? { note: action.note } : {}),
      };
    // Ending a session (or starting a new one, which ends the old) drops a check-in still waiting.
    case 'sessionStarted':
      return {
        ...state,
        session: action.session,
        note: action.note,
        insight: null,
        checkIn: dropWaiting(state.checkIn),
      };
    case 'sessionEnded':
      return {
        ...state,
        checkIn: dropWaiting(state.checkIn),
        session: action.result.session,
        insight: action.result.insight,
        note: action.note,
      };
  }
}

/**
 * Which of two views to show when `next` arrives: another check-in replaces the shown one; for the
 * same check-in, an answered view or a final wording is never replaced by an earlier snapshot (the
 * events and calls that carry them can arrive in either order).
 */
function latest(shown: CheckInView | null, next: CheckInView): CheckInView {
  if (!shown || shown.id !== next.id) return next;
  if (shown.state !== 'awaiting_reply') return shown;
  if (!shown.wordingPending && next.wordingPending) return shown;
  return next;
}

function dropWaiting(checkIn: CheckInView | null): CheckInView | null {
  return checkIn?.state === 'awaiting_reply' ? null : checkIn;
}

/** The check-in waiting for a reply, if any. */
export function waitingCheckIn(state: CheckInState): CheckInView | null {
  return state.checkIn?.state === 'awaiting_reply' ? state.checkIn : null;
}

/**
 * The nudge for screen readers, once it is final: while the model's wording may still replace the
 * library's, nothing, so the live region changes once per check-in and not twice.
 */
export function nudgeAnnouncement(state: CheckInState): string {
  const waiting = waitingCheckIn(state);
  return waiting && !waiting.wordingPending ? waiting.nudge : '';
}

/**
 * What worked before, for this moment: a waiting check-in's own recall, else the current task's.
 * Without a task there is nothing to compare with, so nothing is shown (not other tasks' moments),
 * even for a check-in opened on the stand-in task.
 */
export function shownSimilar(state: CheckInState): SimilarIntervention[] {
  if (state.session && !state.session.task) return [];
  return waitingCheckIn(state)?.similar ?? state.similar;
}
