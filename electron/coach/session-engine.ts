// The coach engine: one focus session at a time and its check-in cycle, as a small state machine.
//
//   checkInNow ─► awaiting_reply ─┬─ answer(button | text) ─► answered  (or snoozed for not_now)
//                                 ├─ timeout(id) ───────────► timed_out (no_response)
//                                 └─ snooze(minutes) ───────► snoozed   (recorded as not_now)
//   answered | snoozed ── correct(id, outcome) ──► the same state for the outcome meant ("Not quite?")
//
// Opening a check-in embeds the moment ONCE; that vector drives recall (what worked, and all similar
// outcomes for the learner) and is stored with the record that follows. Wording makes at most one
// generation call, and a doubtful free-text reply one more (outcome + follow-up together).
// Recording is fire-and-forget: a reply never waits for the store; flush() does.
//
// This file wires the parts together: session bookkeeping (focus-session), opening a check-in
// (check-in-opening, moment-recall), answering it (check-in-answer), recording it
// (check-in-recorder); a session's state and every change to it live in focus-session.
import type {
  AnswerResult,
  CheckInReply,
  CheckInView,
  Classification,
  EndSessionResult,
  SessionView,
} from '../../shared/checkin';
import {
  InvalidInputError,
  type Outcome,
  type SimilarIntervention,
  type StrategyId,
} from '../../shared/domain';
import { classifyReply } from '../../shared/outcome';
import { silentLogger, type Logger } from '../base/logger';
import { describeError } from '../base/redact';
import {
  awaitingCheckIn,
  findCheckIn,
  correctionOf,
  interpretReply,
  noReplyClassification,
  understandText,
  parseReply,
  settleCheckIn,
  snoozedClassification,
} from './check-in-answer';
import { openCheckIn, type CheckInOpener, type OpenCheckIn } from './check-in-opening';
import { CheckInRecorder } from './check-in-recorder';
import type { CoachEngine, CoachEngineOptions } from './engine-types';
import type { ReplyClassifier } from './engine-types';
import { DEFAULT_SNOOZE_MINUTES } from '../../shared/settings';
import {
  FocusSessions,
  applyStoredCorrection,
  beginTurn,
  correctTurn,
  markSaid,
  noteTurn,
  nudgeTask,
  parseSessionRequest,
  plannedEnd,
  reflectOnEndedSession,
  type ActiveSession,
} from './focus-session';
import { DEFAULT_MODEL_THRESHOLD } from './model-classifier';
import { MomentRecall } from './moment-recall';
import { getStrategy, saidKey } from './strategies';
import { DEFAULT_WORDING_TIMEOUT_MS, type WordedNudge } from './wording';

// Part of this module's API since before the split: importers keep importing them from here.

/** How long a check-in waits for a reply before the host calls timeout(id). */
export const DEFAULT_REPLY_TIMEOUT_MS = 5 * 60_000;

export function createCoachEngine(options: CoachEngineOptions): CoachEngine {
  return new SessionEngine(options);
}

class SessionEngine implements CoachEngine {
  readonly replyTimeoutMs: number;
  private readonly clock: () => number;
  private readonly random: () => number;
  private readonly logger: Logger;
  private readonly classify: ReplyClassifier;
  private readonly sessions: FocusSessions;
  private readonly recall: MomentRecall;
  private readonly opener: CheckInOpener;
  private readonly recorder: CheckInRecorder;
  private open: OpenCheckIn | null = null;
  private opening: Promise<CheckInView> | null = null;

  constructor(private readonly options: CoachEngineOptions) {
    this.clock = options.clock ?? Date.now;
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? silentLogger;
    this.classify = options.classifier ?? classifyReply;
    this.replyTimeoutMs = options.replyTimeoutMs ?? DEFAULT_REPLY_TIMEOUT_MS;
    this.sessions = new FocusSessions(this.clock);
    this.recall = new MomentRecall(options.memory, options.userId, this.logger);
    this.opener = {
      recall: this.recall,
      generator: options.generator,
      random: this.random,
      wordingTimeoutMs: options.wordingTimeoutMs,
      logger: this.logger,
      learner: options.learner,
    };
    this.recorder = new CheckInRecorder(options.memory, options.userId, this.logger);
  }

  session(): SessionView {
    return this.sessions.view();
  }

  /** A focus session the person starts (tray, window, CLI). */
  startSession(input: { task?: string; minutes?: number }): Promise<SessionView> {
    return this.beginSession(input, true);
  }

  private async beginSession(
    input: { task?: string; minutes?: number },
    byPerson: boolean,
  ): Promise<SessionView> {
    const request = parseSessionRequest(input);
    // Starting over while a session runs ends it properly (its check-ins are reflected on, not lost).
    if (this.sessions.active) await this.endSession();
    this.sessions.begin(request, byPerson);
    this.open = null;
    return this.session();
  }

  async endSession(): Promise<EndSessionResult> {
    const s = this.sessions.active;
    if (!s) return { session: this.session(), insight: null };
    // A check-in still waiting when the person ends the session is dropped, not recorded: they
    // chose to stop rather than ignore the nudge, so it must not count against its strategy.
    if (this.open?.view.state === 'awaiting_reply') {
      this.open = null;
      s.checkIns -= 1;
    }
    await this.flush();
    const insight = await reflectOnEndedSession(s, {
      memory: this.options.memory,
      userId: this.options.userId,
      generator: this.options.generator,
      now: this.clock(),
      timeoutMs: this.options.reflectionTimeoutMs,
      logger: this.logger,
    });
    this.sessions.finish(s);
    // The ended session's id and count stay visible in the result; `active: false` says it is over.
    return { session: { ...this.session(), id: s.id, checkIns: s.checkIns }, insight };
  }

  setTask(task: string): SessionView {
    this.sessions.setTask(task);
    return this.session();
  }

  current(): CheckInView | null {
    return this.open?.view ?? null;
  }

  checkInNow(options: { byPerson?: boolean } = {}): Promise<CheckInView> {
    if (this.open?.view.state === 'awaiting_reply') return Promise.resolve(this.open.view);
    // Two callers at once (scheduler and a click) share one check-in: one embedding, one nudge.
    this.opening ??= this.openCheckIn(options.byPerson ?? false).finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  async wordingSettled(checkInId: string): Promise<CheckInView> {
    const open = findCheckIn(this.open, checkInId);
    await open.wording;
    return open.view;
  }

  async answer(
    checkInId: string,
    reply: CheckInReply,
    seenWording?: CheckInView['wordingSource'],
  ): Promise<AnswerResult> {
    const data = parseReply(reply);
    const open = awaitingCheckIn(this.open, checkInId);
    // The record keeps the words the person answered, even if the model's arrived a moment later.
    if (seenWording === 'library' && open.view.wordingSource !== 'library') {
      open.view = { ...open.view, nudge: open.libraryNudge, wordingSource: 'library' };
    }
    // The task lets the classifier read "cleaned the kitchen" as done when the kitchen is the task.
    const task = open.view.task;
    const interpreted = interpretReply(data, (reply) => this.classify(reply, { task }));
    let { classification } = interpreted;
    let wording: string | null = null;
    if (data.kind === 'text') {
      const understood = await understandText(open, interpreted.text, classification, {
        corrections: this.options.corrections,
        generator: this.options.generator,
        threshold: this.options.modelThreshold ?? DEFAULT_MODEL_THRESHOLD,
        timeoutMs: this.options.wordingTimeoutMs ?? DEFAULT_WORDING_TIMEOUT_MS,
        logger: this.logger,
      });
      classification = understood.classification;
      wording = understood.followUp;
      // A button, a second reply or the timeout may have closed it while the reply was understood.
      if (awaitingCheckIn(this.open, checkInId) !== open)
        throw new InvalidInputError('This check-in was replaced');
    }
    this.settle(open, interpreted.text, classification, undefined, wording);
    const { answer } = open.view;
    return { checkIn: open.view, classification, followUp: answer!.followUp };
  }

  async correct(checkInId: string, outcome: Outcome): Promise<AnswerResult> {
    const open = findCheckIn(this.open, checkInId);
    const { before, classification } = correctionOf(open, outcome);
    const was = before.classification.outcome;
    if (was !== classification.outcome) {
      this.resettle(open, before.reply, classification, was);
      // A reply in the person's own words teaches their classifier; a button press says nothing new.
      if (before.classification.source !== 'quick_reply' && before.reply) {
        await this.teach(before.reply, classification.outcome);
      }
      await this.recorder.correct(open, classification.outcome);
    }
    const answer = open.view.answer!;
    return { checkIn: open.view, classification: answer.classification, followUp: answer.followUp };
  }

  async timeout(checkInId: string): Promise<CheckInView> {
    const open = findCheckIn(this.open, checkInId);
    // A reply that won the race against the timer stands.
    if (open.view.state === 'awaiting_reply') {
      this.settle(open, '', noReplyClassification(this.replyTimeoutMs));
    }
    return open.view;
  }

  snooze(minutes: number): SessionView {
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 240) {
      throw new InvalidInputError('Invalid snooze: minutes must be a whole number from 1 to 240');
    }
    const open = this.open;
    if (open?.view.state === 'awaiting_reply') {
      // Esc on an open check-in: recorded as not_now (neutral for learning), with the chosen length.
      this.settle(open, '', snoozedClassification(), minutes);
    } else {
      this.sessions.snoozeFor(minutes, this.clock());
    }
    return this.session();
  }

  clearSnooze(): void {
    this.sessions.clearSnooze();
  }

  async storedCorrection(key: string, outcome: Outcome | null): Promise<void> {
    if (!this.sessions.active) return;
    const reply = applyStoredCorrection(this.sessions.active, key, outcome);
    // Changed in History, typed in this session: it teaches the person's classifier like
    // "Not quite?" does. (Older check-ins keep no reply text in memory, so they cannot teach.)
    if (reply && outcome) await this.teach(reply, outcome);
  }

  private async teach(reply: string, outcome: Outcome): Promise<void> {
    await this.options.corrections
      ?.remember(reply, outcome, this.clock())
      .catch((error: unknown) =>
        this.logger.warn(`the correction could not be kept: ${describeError(error)}`),
      );
  }

  async similarForCurrent(): Promise<SimilarIntervention[]> {
    const open = this.open;
    const active = this.sessions.active;
    // The last check-in's recall already describes this moment: no second embedding.
    if (open && active && open.sessionId === active.id && open.view.task === nudgeTask(active)) {
      return open.view.similar;
    }
    const task = active ? nudgeTask(active) : this.sessions.currentTask();
    const context = this.sessions.describeNow(this.clock());
    const vector = await this.recall.embed(task, context);
    if (!vector) return [];
    return this.recall.worked(vector, {
      task,
      sessionStartedAt: active?.startedAt ?? null,
      ...(active ? { said: active.said } : {}),
    });
  }

  flush(): Promise<void> {
    return this.recorder.flush();
  }

  // ---------------------------------------------------------------------------------------------

  private async openCheckIn(byPerson: boolean): Promise<CheckInView> {
    // Outside a session: a check-in the person asked for starts a focus block (coach me now, even
    // in the evening); a scheduled one opens a session of its own, which lifts no working hours.
    if (!this.sessions.active) await this.beginSession({}, byPerson);
    const session = this.sessions.active!;
    const now = this.clock();
    const turn = beginTurn(session);
    this.sessions.clearSnooze();
    const context = this.sessions.describeNow(now);
    const open = await openCheckIn(session, turn, now, context, this.opener);
    this.open = open;
    if (open.wording) open.wording = this.applyWording(open, session, open.wording);
    return open.view;
  }

  /**
   * The model's wording replaces the library's only while this check-in still waits for its reply;
   * otherwise (answered, timed out, snoozed, session ended) it is dropped. Either way the view is
   * final afterwards, and the host hears about it once.
   */
  private async applyWording(
    open: OpenCheckIn,
    session: ActiveSession,
    wording: Promise<WordedNudge>,
  ): Promise<WordedNudge> {
    const worded = await wording;
    if (this.open !== open || open.view.state !== 'awaiting_reply') {
      if (worded.source === 'gemini') this.logger.debug('a late nudge wording was dropped');
      return worded;
    }
    markSaid(session, worded.text);
    open.view = {
      ...open.view,
      nudge: worded.text,
      wordingSource: worded.source,
      wordingPending: false,
      // The shown nudge is not also listed as something that worked before.
      similar: open.view.similar.filter((m) => saidKey(m.intervention) !== saidKey(worded.text)),
    };
    try {
      this.options.onCheckInUpdated?.(open.view);
    } catch (error) {
      this.logger.warn(`telling the host about the wording failed: ${describeError(error)}`);
    }
    return worded;
  }

  /** Outcome → follow-up → session bookkeeping → record (fire-and-forget). */
  private settle(
    open: OpenCheckIn,
    reply: string,
    classification: Classification,
    snoozeMinutes?: number,
    wording?: string | null,
  ): void {
    // Closed now: whatever wording it showed is final (a later one is dropped).
    if (open.view.wordingPending) open.view = { ...open.view, wordingPending: false };
    const { now, session, offered } = this.close(open, reply, classification, {
      snoozeMinutes,
      wording,
    });
    const outcome = classification.outcome;
    this.sessions.lastOutcome = outcome;
    const key = this.recorder.record(open, outcome, now);
    if (session) {
      const entry = noteTurn(session, {
        at: now,
        task: open.view.task,
        strategy: open.strategy,
        size: getStrategy(open.strategy).size,
        nudge: open.view.nudge,
        reply,
        outcome,
        offered,
        typed: classification.source !== 'quick_reply',
      });
      // The stored key lets a later change in History reach this session's transcript too.
      void key.then((stored) => {
        if (stored) entry.key = stored;
      });
    }
  }

  /** A correction: the same check-in closed again with the outcome the person meant. */
  private resettle(
    open: OpenCheckIn,
    reply: string,
    classification: Classification,
    was: Outcome,
  ): void {
    const outcome = classification.outcome;
    const { session, offered } = this.close(open, reply, classification, {});
    if (outcome !== 'not_now' && was === 'not_now') this.sessions.clearSnooze();
    if (this.sessions.lastOutcome === was) this.sessions.lastOutcome = outcome;
    if (session) {
      correctTurn(session, {
        nudge: open.view.nudge,
        task: open.view.task,
        strategy: open.strategy,
        size: getStrategy(open.strategy).size,
        outcome,
        offered,
      });
    }
  }

  /** Closes the check-in's view with its follow-up; snoozes for not_now; marks what was said. */
  private close(
    open: OpenCheckIn,
    reply: string,
    classification: Classification,
    options: { snoozeMinutes?: number | undefined; wording?: string | null | undefined },
  ): { now: number; session: ActiveSession | null; offered: StrategyId | null } {
    const now = this.clock();
    const session = this.sessions.ownerOf(open.sessionId);
    const snooze = options.snoozeMinutes ?? this.snoozeMinutes();
    const { offered, step } = settleCheckIn(open, {
      reply,
      classification,
      now,
      random: this.random,
      sessionEndsAt: plannedEnd(session),
      snoozeMinutes: snooze,
      ...(session ? { said: session.said } : {}),
      ...(options.wording ? { wording: options.wording } : {}),
    });
    if (classification.outcome === 'not_now') this.sessions.snoozeFor(snooze, now);
    if (session) {
      markSaid(session, open.view.answer!.followUp.text);
      if (step) markSaid(session, step);
    }
    return { now, session, offered };
  }

  /** The snooze length in minutes: the setting when the host gives one, else the default. */
  private snoozeMinutes(): number {
    const setting = this.options.snoozeMinutes;
    const minutes = typeof setting === 'function' ? setting() : setting;
    return minutes ?? DEFAULT_SNOOZE_MINUTES;
  }
}
