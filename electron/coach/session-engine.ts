// The coach engine: one focus session at a time and its check-in cycle, as a small state machine.
//
//   checkInNow ─► awaiting_reply ─┬─ answer(button | text) ─► answered  (or snoozed for not_now)
//                                 ├─ timeout(id) ───────────► timed_out (no_response)
//                                 └─ snooze(minutes) ───────► snoozed   (recorded as not_now)
//
// Opening a check-in embeds the moment ONCE; that vector drives recall (what worked, and all similar
// outcomes for the learner) and is stored with the record that follows. Wording makes at most one
// generation call. Recording is fire-and-forget: a reply never waits for the store; flush() does.
import { randomUUID } from 'node:crypto';
import {
  CheckInReplySchema,
  QUICK_REPLIES,
  StartSessionSchema,
  type AnswerResult,
  type CheckInReply,
  type CheckInView,
  type Classification,
  type EndSessionResult,
  type SessionView,
} from '../../shared/checkin';
import {
  InvalidInputError,
  LIMITS,
  clampText,
  describeZodError,
  type Insight,
  type Outcome,
  type SimilarIntervention,
  type StrategyId,
} from '../../shared/domain';
import { classifyQuickReply, classifyReply } from '../../shared/outcome';
import { silentLogger, type Logger } from '../core/logger';
import { describeError } from '../core/redact';
import type { Memory } from '../memory/types';
import { describeMoment } from './context';
import type { CoachEngine, CoachEngineOptions } from './engine-types';
import { followUpFor } from './follow-ups';
import { LEARNING_RECALL_K, OUTCOME_CREDIT, chooseStrategy } from './learner';
import {
  DEFAULT_REFLECTION_TIMEOUT_MS,
  reflectOnSession,
  type TranscriptEntry,
} from './reflection';
import { CONCRETE_STEP_STRATEGIES, getStrategy, libraryNudge, type StepSize } from './strategies';
import { DEFAULT_WORDING_TIMEOUT_MS, wordNudge, type ConversationTurn } from './wording';

/** How long a check-in waits for a reply before the host calls timeout(id). */
export const DEFAULT_REPLY_TIMEOUT_MS = 5 * 60_000;
/** How long `not_now` (and Esc) pause check-ins. */
export const DEFAULT_SNOOZE_MINUTES = 15;
/** The "what worked before" list: this many, at least this similar. */
export const SIMILAR_SHOWN = 3;
export const SIMILAR_MIN = 0.3;
/** Used when a check-in opens with no task set. */
export const FALLBACK_TASK = 'what you are working on';
/** How many earlier exchanges the wording prompt sees. */
const RECENT_TURNS = 3;

interface ActiveSession {
  id: string;
  task: string;
  startedAt: number;
  plannedMinutes: number | null;
  checkIns: number;
  transcript: TranscriptEntry[];
  lastReply: { text: string; outcome: Outcome } | null;
  /** The strategy whose check-in did not work: not offered again straight away. */
  lastFailed: StrategyId | null;
  /** Set after `stuck`: the next strategy must be smaller than this. */
  smallerThan: StepSize | null;
}

/** A check-in plus what the engine keeps about it (never shown): the vector, context and evidence. */
interface OpenCheckIn {
  view: CheckInView;
  sessionId: string;
  strategy: StrategyId;
  context: string;
  vector: Float32Array | null;
  evidence: SimilarIntervention[];
}

export function createCoachEngine(options: CoachEngineOptions): CoachEngine {
  return new SessionEngine(options);
}

class SessionEngine implements CoachEngine {
  readonly replyTimeoutMs: number;
  private readonly memory: Memory;
  private readonly userId: string;
  private readonly clock: () => number;
  private readonly random: () => number;
  private readonly logger: Logger;
  private readonly classify: (reply: string) => Classification;
  private active: ActiveSession | null = null;
  /** Task set while no session runs: used by the next one. */
  private idleTask: string | null = null;
  private lastOutcome: Outcome | null = null;
  private snoozedUntil: number | null = null;
  private open: OpenCheckIn | null = null;
  private opening: Promise<CheckInView> | null = null;
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly options: CoachEngineOptions) {
    this.memory = options.memory;
    this.userId = options.userId;
    this.clock = options.clock ?? Date.now;
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? silentLogger;
    this.classify = options.classifier ?? classifyReply;
    this.replyTimeoutMs = options.replyTimeoutMs ?? DEFAULT_REPLY_TIMEOUT_MS;
  }

  session(): SessionView {
    const s = this.active;
    const now = this.clock();
    return {
      id: s?.id ?? null,
      active: s !== null,
      task: s?.task ?? this.idleTask,
      startedAt: s?.startedAt ?? null,
      endsAt: s && s.plannedMinutes ? s.startedAt + s.plannedMinutes * 60_000 : null,
      checkIns: s?.checkIns ?? 0,
      snoozedUntil:
        this.snoozedUntil !== null && this.snoozedUntil > now ? this.snoozedUntil : null,
      lastOutcome: this.lastOutcome,
    };
  }

  async startSession(input: { task?: string; minutes?: number }): Promise<SessionView> {
    const parsed = StartSessionSchema.safeParse(input);
    if (!parsed.success)
      throw new InvalidInputError(`Invalid session: ${describeZodError(parsed.error)}`);
    // Starting over while a session runs ends it properly (its check-ins are reflected on, not lost).
    if (this.active) await this.endSession();
    const now = this.clock();
    this.active = {
      id: `session-${now}-${randomUUID().slice(0, 8)}`,
      task: parsed.data.task || this.idleTask || FALLBACK_TASK,
      startedAt: now,
      plannedMinutes: parsed.data.minutes ?? null,
      checkIns: 0,
      transcript: [],
      lastReply: null,
      lastFailed: null,
      smallerThan: null,
    };
    this.open = null;
    this.lastOutcome = null;
    this.snoozedUntil = null;
    return this.session();
  }

  async endSession(): Promise<EndSessionResult> {
    const s = this.active;
    if (!s) return { session: this.session(), insight: null };
    // A check-in still waiting when the person ends the session is dropped, not recorded: they
    // chose to stop rather than ignore the nudge, so it must not count against its strategy.
    if (this.open?.view.state === 'awaiting_reply') {
      this.open = null;
      s.checkIns -= 1;
    }
    await this.flush();
    let insight: Insight | null = null;
    try {
      insight = await reflectOnSession({
        memory: this.memory,
        userId: this.userId,
        generator: this.options.generator,
        sessionId: s.id,
        transcript: s.transcript,
        now: this.clock(),
        timeoutMs: this.options.reflectionTimeoutMs ?? DEFAULT_REFLECTION_TIMEOUT_MS,
        logger: this.logger,
      });
    } catch (error) {
      this.logger.warn(`the session insight could not be stored: ${describeError(error)}`);
    }
    this.idleTask = s.task;
    this.active = null;
    // The ended session's id and count stay visible in the result; `active: false` says it is over.
    return { session: { ...this.session(), id: s.id, checkIns: s.checkIns }, insight };
  }

  setTask(task: string): SessionView {
    const clean = clampText(String(task ?? ''), LIMITS.task);
    if (!clean) throw new InvalidInputError('Invalid task: task must not be empty');
    if (this.active) this.active.task = clean;
    else this.idleTask = clean;
    return this.session();
  }

  current(): CheckInView | null {
    return this.open?.view ?? null;
  }

  checkInNow(): Promise<CheckInView> {
    if (this.open?.view.state === 'awaiting_reply') return Promise.resolve(this.open.view);
    // Two callers at once (scheduler and a click) share one check-in: one embedding, one nudge.
    this.opening ??= this.openCheckIn().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  async answer(checkInId: string, reply: CheckInReply): Promise<AnswerResult> {
    const parsed = CheckInReplySchema.safeParse(reply);
    if (!parsed.success)
      throw new InvalidInputError(`Invalid reply: ${describeZodError(parsed.error)}`);
    const open = this.awaiting(checkInId);
    const data = parsed.data;
    const classification =
      data.kind === 'quick' ? classifyQuickReply(data.id) : this.classify(data.text);
    const replyText =
      data.kind === 'quick' ? QUICK_REPLIES.find((q) => q.id === data.id)!.label : data.text;
    this.settle(open, replyText, classification);
    const { answer } = open.view;
    return { checkIn: open.view, classification, followUp: answer!.followUp };
  }

  async timeout(checkInId: string): Promise<CheckInView> {
    const open = this.find(checkInId);
    // A reply that won the race against the timer stands.
    if (open.view.state === 'awaiting_reply') this.closeWithoutReply(open);
    return open.view;
  }

  snooze(minutes: number): SessionView {
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 240) {
      throw new InvalidInputError('Invalid snooze: minutes must be a whole number from 1 to 240');
    }
    const open = this.open;
    if (open?.view.state === 'awaiting_reply') {
      // Esc on an open check-in: recorded as not_now (neutral for learning), with the chosen length.
      this.settle(
        open,
        '',
        {
          outcome: 'not_now',
          confidence: 1,
          signals: ['snoozed without a reply'],
          source: 'quick_reply',
        },
        minutes,
      );
    } else {
      this.snoozedUntil = this.clock() + minutes * 60_000;
    }
    return this.session();
  }

  async similarForCurrent(): Promise<SimilarIntervention[]> {
    const open = this.open;
    // The last check-in's recall already describes this moment: no second embedding.
    if (
      open &&
      this.active &&
      open.sessionId === this.active.id &&
      open.view.task === this.active.task
    ) {
      return open.view.similar;
    }
    const task = this.active?.task ?? this.idleTask ?? FALLBACK_TASK;
    const context = this.describeNow(this.clock());
    const vector = await this.safely(
      'embedding the moment',
      () => this.memory.embedMoment(task, context),
      null,
    );
    if (!vector) return [];
    return this.recallWorked(vector);
  }

  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  // ---------------------------------------------------------------------------------------------

  private async openCheckIn(): Promise<CheckInView> {
    if (!this.active) await this.startSession({});
    const session = this.active!;
    const now = this.clock();
    session.checkIns += 1;
    this.snoozedUntil = null;
    const task = session.task;
    const context = this.describeNow(now);

    // The vector and the prompt context do not depend on each other: fetch them together.
    const [vector, memoryContext] = await Promise.all([
      this.safely('embedding the moment', () => this.memory.embedMoment(task, context), null),
      this.options.generator
        ? this.safely(
            'reading the memory context',
            () => this.memory.getContextForPrompt(this.userId),
            '',
          )
        : Promise.resolve(''),
    ]);
    const [worked, evidence] = vector
      ? await Promise.all([
          this.recallWorked(vector),
          this.safely(
            'recalling similar moments',
            async () =>
              (
                await this.memory.findSimilar(this.userId, vector, {
                  outcomes: 'any',
                  k: LEARNING_RECALL_K,
                })
              ).matches,
            [] as SimilarIntervention[],
          ),
        ])
      : [[], []];

    const choice = chooseStrategy(evidence, {
      random: this.random,
      avoid: session.lastFailed,
      smallerThan: session.smallerThan,
    });
    session.smallerThan = null;
    const strategy = getStrategy(choice.strategy);
    const worded = await wordNudge(
      { task, strategy: strategy.id, recent: this.recentTurns(session), worked, memoryContext },
      {
        generator: this.options.generator,
        random: this.random,
        timeoutMs: this.options.wordingTimeoutMs ?? DEFAULT_WORDING_TIMEOUT_MS,
        logger: this.logger,
      },
    );
    const view: CheckInView = {
      id: `checkin-${now}-${randomUUID().slice(0, 8)}`,
      task,
      nudge: worded.text,
      strategy: strategy.id,
      strategyLabel: strategy.label,
      wordingSource: worded.source,
      createdAt: now,
      state: 'awaiting_reply',
      similar: worked,
    };
    this.open = { view, sessionId: session.id, strategy: strategy.id, context, vector, evidence };
    return view;
  }

  private recallWorked(vector: Float32Array): Promise<SimilarIntervention[]> {
    return this.safely(
      'recalling what worked',
      async () =>
        distinctNudges(
          (
            await this.memory.findSimilar(this.userId, vector, {
              // Room for repeats: the same library phrasing can have worked several times.
              k: SIMILAR_SHOWN * 4,
              minSimilarity: SIMILAR_MIN,
            })
          ).matches,
        ).slice(0, SIMILAR_SHOWN),
      [] as SimilarIntervention[],
    );
  }

  /** The check-in with this id, or a clear error. */
  private find(checkInId: string): OpenCheckIn {
    if (!this.open || this.open.view.id !== checkInId) {
      throw new InvalidInputError(
        `No check-in with id ${JSON.stringify(String(checkInId)).slice(0, 80)} is open`,
      );
    }
    return this.open;
  }

  private awaiting(checkInId: string): OpenCheckIn {
    const open = this.find(checkInId);
    if (open.view.state !== 'awaiting_reply') {
      throw new InvalidInputError(
        `This check-in is already closed (${open.view.state.replace('_', ' ')})`,
      );
    }
    return open;
  }

  private closeWithoutReply(open: OpenCheckIn): void {
    const minutes = Math.round(this.replyTimeoutMs / 60_000);
    this.settle(open, '', {
      outcome: 'no_response',
      confidence: 1,
      signals: [`no reply within ${minutes} min`],
      source: 'timeout',
    });
  }

  /** Outcome → follow-up → session bookkeeping → record (fire-and-forget). */
  private settle(
    open: OpenCheckIn,
    reply: string,
    classification: Classification,
    snoozeMinutes?: number,
  ): void {
    const now = this.clock();
    const outcome = classification.outcome;
    const session = this.active && this.active.id === open.sessionId ? this.active : null;
    const endsAt = session?.plannedMinutes
      ? session.startedAt + session.plannedMinutes * 60_000
      : null;
    const snooze = snoozeMinutes ?? this.options.snoozeMinutes ?? DEFAULT_SNOOZE_MINUTES;
    const strategy = getStrategy(open.strategy);

    let smallerStep: string | undefined;
    if (outcome === 'stuck') {
      // Reuses this check-in's evidence: a smaller step costs no extra embedding or model call.
      const smaller = chooseStrategy(open.evidence, {
        random: this.random,
        avoid: open.strategy,
        smallerThan: strategy.size,
        only: CONCRETE_STEP_STRATEGIES,
      });
      smallerStep = libraryNudge(smaller.strategy, open.view.task, this.random);
    }
    const followUp = followUpFor({
      outcome,
      task: open.view.task,
      random: this.random,
      sessionOver: endsAt !== null && now >= endsAt && outcome !== 'no_response',
      snoozeMinutes: snooze,
      smallerStep,
    });
    open.view = {
      ...open.view,
      state:
        outcome === 'no_response' ? 'timed_out' : outcome === 'not_now' ? 'snoozed' : 'answered',
      answer: { reply, classification, followUp },
    };
    if (outcome === 'not_now') this.snoozedUntil = now + snooze * 60_000;
    this.lastOutcome = outcome;

    if (session) {
      session.transcript.push({
        at: now,
        task: open.view.task,
        strategy: open.strategy,
        nudge: open.view.nudge,
        reply: reply || null,
        outcome,
      });
      if (reply) session.lastReply = { text: reply, outcome };
      session.lastFailed = OUTCOME_CREDIT[outcome].failure > 0 ? open.strategy : null;
      session.smallerThan = outcome === 'stuck' ? strategy.size : null;
    }
    this.recordInBackground(open, outcome, now);
  }

  private recordInBackground(open: OpenCheckIn, outcome: Outcome, now: number): void {
    const task = this.memory
      .record(
        this.userId,
        {
          intervention: open.view.nudge,
          context: open.context,
          task: open.view.task,
          outcome,
          strategy: open.strategy,
          timestamp: now,
        },
        open.vector,
      )
      .then((result) => {
        if (result.status === 'queued')
          this.logger.info(`check-in kept in the outbox: ${result.problem ?? 'store unavailable'}`);
      })
      .catch((error: unknown) =>
        this.logger.warn(`recording the check-in failed: ${describeError(error)}`),
      )
      .finally(() => this.pending.delete(task));
    this.pending.add(task);
  }

  private describeNow(now: number): string {
    const s = this.active;
    return describeMoment({
      now,
      sessionStartedAt: s?.startedAt ?? null,
      plannedMinutes: s?.plannedMinutes ?? null,
      checkInNumber: (s?.checkIns ?? 0) || 1,
      lastReply: s?.lastReply ?? null,
    });
  }

  private recentTurns(session: ActiveSession): ConversationTurn[] {
    return session.transcript
      .slice(-RECENT_TURNS)
      .map((e) => ({ nudge: e.nudge, reply: e.reply, outcome: e.outcome }));
  }

  /** Runs a memory call; on failure logs it and goes on with `fallback` (a check-in never breaks). */
  private async safely<T>(what: string, run: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await run();
    } catch (error) {
      this.logger.warn(`${what} failed: ${describeError(error)}`);
      return fallback;
    }
  }
}

/**
 * One entry per distinct nudge (the best-matching occurrence): "what worked before" should show
 * different things that helped, not the same sentence three times.
 */
export function distinctNudges(matches: readonly SimilarIntervention[]): SimilarIntervention[] {
  const seen = new Set<string>();
  return matches.filter((m) => {
    const key = m.intervention.trim().toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
