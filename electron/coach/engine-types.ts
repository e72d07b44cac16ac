// The coach engine's API: what the desktop app (over IPC), the browser preview and the
// `keel checkin` CLI call. Implemented by createCoachEngine in session-engine.ts.
import type {
  AnswerResult,
  CheckInReply,
  Classification,
  CheckInView,
  EndSessionResult,
  SessionView,
} from '../../shared/checkin';
import type { Outcome, SimilarIntervention } from '../../shared/domain';
import type { Logger } from '../base/logger';
import type { Memory } from '../memory/types';
import type { LearnerSettings } from './learner';
import type { ReplyCorrections } from './reply-corrections';
import type { ReplyContext } from '../../shared/outcome';
import type { TextGenerator } from '../gemini/text-generator';

export interface CoachEngine {
  /** How long a check-in waits for a reply before the host should call timeout(id). */
  readonly replyTimeoutMs: number;
  /** The current session (a view; never null — `active: false` when no session runs). */
  session(): SessionView;
  /** Starts a focus session (optionally with a task and a length in minutes). */
  startSession(options: { task?: string; minutes?: number }): Promise<SessionView>;
  /** Ends the session and writes a reflection insight (null when there was nothing to reflect on). */
  endSession(): Promise<EndSessionResult>;
  setTask(task: string): SessionView;
  /** The check-in awaiting a reply, or the last one shown, or null. */
  current(): CheckInView | null;
  /**
   * Opens a check-in now: embeds the moment once, recalls similar past interventions, chooses a
   * strategy. Resolves at once with the library wording (and the similar list); with a generator the
   * model's wording follows through `onCheckInUpdated` (`wordingPending` says one is coming).
   * Returns the existing one if a check-in is already awaiting a reply.
   * Never throws for model or memory failures (falls back to the library wording, empty recall).
   * Outside a session it starts one: a focus block when the person asked for the check-in
   * (`byPerson`), a session of its own for a scheduled one.
   */
  checkInNow(options?: { byPerson?: boolean }): Promise<CheckInView>;
  /**
   * The check-in with this id once its wording is final (the model's, or the library's after the
   * deadline or a failure): for hosts that show a check-in only once, such as the CLI.
   */
  wordingSettled(checkInId: string): Promise<CheckInView>;
  /**
   * Answers a check-in (button or text): classify → follow-up → record (fire-and-forget).
   * `seenWording` is which wording the person saw; that text is what is recorded. A wording that
   * arrives after the answer is dropped.
   */
  answer(
    checkInId: string,
    reply: CheckInReply,
    seenWording?: CheckInView['wordingSource'],
  ): Promise<AnswerResult>;
  /**
   * "Not quite?": the outcome the person meant for the check-in they just answered. Updates the
   * follow-up, the session, the stored record (so the learner counts it) and, for a reply in their
   * own words, their personal corrections (a later reply close to it takes this outcome).
   */
  correct(checkInId: string, outcome: Outcome): Promise<AnswerResult>;
  /** A stored check-in was changed (outcome) or deleted (null) in History: the running session's
   *  transcript follows, so its reflection reads what the person said; a reply typed in this
   *  session teaches the person's classifier, as "Not quite?" does. */
  storedCorrection(key: string, outcome: Outcome | null): Promise<void>;
  /** No reply came in time: records `no_response`. */
  timeout(checkInId: string): Promise<CheckInView>;
  /** Snoozes check-ins for `minutes` (also what `not_now` and Esc do). */
  snooze(minutes: number): SessionView;
  /** Drops a pending snooze (a pause or a resume replaces it). */
  clearSnooze(): void;
  /** Similar past interventions that worked, for the current moment (the window's "what worked before"). */
  similarForCurrent(): Promise<SimilarIntervention[]>;
  /** Waits for fire-and-forget recordings to settle (tests, shutdown). */
  flush(): Promise<void>;
}

export interface CoachEngineOptions {
  userId: string;
  memory: Memory;
  /** Gemini text generator, or null offline (library wording, rule-based reflection). */
  generator: TextGenerator | null;
  /** Defaults to the local rule-based classifier (shared/outcome). */
  classifier?: ReplyClassifier;
  clock?: () => number;
  /** Random source for exploration (seedable in tests). */
  random?: () => number;
  logger?: Logger;
  /** How long a check-in waits for a reply (default 5 minutes); the host schedules timeout(id). */
  replyTimeoutMs?: number;
  /** Bound on the one wording call per check-in (default 4 s); the library wording is used after it. */
  wordingTimeoutMs?: number;
  /** Told when the open check-in's wording becomes final (the host sends `checkin:updated`). */
  onCheckInUpdated?: (view: CheckInView) => void;
  /** Bound on the reflection call at the end of a session (default 8 s). */
  reflectionTimeoutMs?: number;
  /** Learner switches (the simulation's ablation turns task-similarity weighting off). */
  learner?: LearnerSettings;
  /** Snooze length for `not_now` and Esc (default 15 minutes); a function follows a setting. */
  snoozeMinutes?: number | (() => number);
  /** The person's corrected replies: a reply close to one of them takes its outcome. */
  corrections?: ReplyCorrections;
  /** With a generator: free-text replies the rules are less sure of than this are understood by
   *  the model, in the same request that words the follow-up (default 0.6). */
  modelThreshold?: number;
}

/**
 * Classifies a free-text reply to a nudge. The local classifier is pure and synchronous; the
 * context (the nudge's task) is optional and only sharpens replies that name the task.
 */
export type ReplyClassifier = (reply: string, context?: ReplyContext) => Classification;
