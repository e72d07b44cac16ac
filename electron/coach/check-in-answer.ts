// Answering a check-in: which check-in the reply is for, what the reply means (button, words —
// with the person's corrections and, when the rules are unsure, Gemini — silence or Esc), and the
// follow-up it gets — the check-in's view moves to its closed state.
import type { z } from 'zod';
import {
  CheckInReplySchema,
  QUICK_REPLIES,
  type CheckInReply,
  type CheckInView,
  type Classification,
} from '../../shared/checkin';
import {
  InvalidInputError,
  OutcomeSchema,
  describeZodError,
  type Outcome,
  type StrategyId,
} from '../../shared/domain';
import { classifyQuickReply } from '../../shared/outcome';
import type { Logger } from '../base/logger';
import type { OpenCheckIn } from './check-in-opening';
import { followUpFor, strategiesWithFreshSteps } from './follow-ups';
import { chooseStrategy } from './learner';
import { understandReply } from './model-classifier';
import type { ReplyCorrections } from './reply-corrections';
import { CONCRETE_STEP_STRATEGIES, getStrategy } from './strategies';
import type { TextGenerator } from '../gemini/text-generator';
import { validateNudge } from './wording';

/** The check-in with this id, or a clear error. */
export function findCheckIn(open: OpenCheckIn | null, checkInId: string): OpenCheckIn {
  if (!open || open.view.id !== checkInId) {
    throw new InvalidInputError(
      `No check-in with id ${JSON.stringify(String(checkInId)).slice(0, 80)} is open`,
    );
  }
  return open;
}

/** The check-in with this id if it still waits for a reply, or a clear error. */
export function awaitingCheckIn(open: OpenCheckIn | null, checkInId: string): OpenCheckIn {
  const found = findCheckIn(open, checkInId);
  if (found.view.state !== 'awaiting_reply') {
    throw new InvalidInputError(
      `This check-in is already closed (${found.view.state.replace('_', ' ')})`,
    );
  }
  return found;
}

/** A reply after validation (its text cleaned by the schema). */
export type ValidReply = z.output<typeof CheckInReplySchema>;

/** Validates a reply, or throws a clear InvalidInputError. */
export function parseReply(reply: CheckInReply): ValidReply {
  const parsed = CheckInReplySchema.safeParse(reply);
  if (!parsed.success)
    throw new InvalidInputError(`Invalid reply: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

/** What a valid reply means: a button by its id, words by `classify`; and the reply as text. */
export function interpretReply(
  reply: ValidReply,
  classify: (reply: string) => Classification,
): { text: string; classification: Classification } {
  const classification =
    reply.kind === 'quick' ? classifyQuickReply(reply.id) : classify(reply.text);
  const text =
    reply.kind === 'quick' ? QUICK_REPLIES.find((q) => q.id === reply.id)!.label : reply.text;
  return { text, classification };
}

/**
 * "Not quite?": the answer being corrected and the classification the person meant, or a clear
 * error (no answer yet; "no reply" is not something a reply can mean).
 */
export function correctionOf(
  open: OpenCheckIn,
  outcome: Outcome,
): { before: NonNullable<CheckInView['answer']>; classification: Classification } {
  const meant = OutcomeSchema.safeParse(outcome);
  if (!meant.success || meant.data === 'no_response') {
    throw new InvalidInputError('Invalid correction: pick one of the outcomes a reply can have');
  }
  const before = open.view.answer;
  if (open.view.state === 'awaiting_reply' || !before) {
    throw new InvalidInputError('This check-in has no answer to correct yet');
  }
  const was = before.classification.outcome;
  return {
    before,
    classification: {
      outcome: meant.data,
      confidence: 1,
      signals: [`corrected by you (Keel heard ${was.replace('_', ' ')})`],
      source: 'correction',
    },
  };
}

/** No reply came within the reply timeout. */
export function noReplyClassification(replyTimeoutMs: number): Classification {
  const minutes = Math.round(replyTimeoutMs / 60_000);
  return {
    outcome: 'no_response',
    confidence: 1,
    signals: [`no reply within ${minutes} min`],
    source: 'timeout',
  };
}

/** Esc on an open check-in: recorded as not_now (neutral for learning). */
export function snoozedClassification(): Classification {
  return {
    outcome: 'not_now',
    confidence: 1,
    signals: ['snoozed without a reply'],
    source: 'quick_reply',
  };
}

export interface Settlement {
  reply: string;
  classification: Classification;
  now: number;
  random: () => number;
  /** When the check-in's session is planned to end (null: open-ended or no longer running). */
  sessionEndsAt: number | null;
  snoozeMinutes: number;
  /** What the session has already said (saidKey form): the follow-up says something new. */
  said?: ReadonlySet<string>;
  /** A follow-up already worded for this reply (Gemini, checked); facts such as a snooze's length
   *  or the end of the block always come from the library. */
  wording?: string;
}

/**
 * Gives the check-in its follow-up and closes its view (answered, snoozed or timed out). Returns the
 * concrete-step strategy and the step offered after `stuck` (null otherwise), so the session never
 * offers them again.
 */
export function settleCheckIn(
  open: OpenCheckIn,
  settlement: Settlement,
): { offered: StrategyId | null; step: string | null } {
  const { reply, classification, now, random, sessionEndsAt } = settlement;
  const outcome = classification.outcome;
  const strategy = getStrategy(open.strategy);

  let smallerStep: StrategyId | null = null;
  const said = settlement.said ?? new Set<string>();
  if (outcome === 'stuck') {
    // Only steps not offered yet in this session (all of them again once every one was offered).
    const fresh = strategiesWithFreshSteps(CONCRETE_STEP_STRATEGIES, open.view.task, said);
    // Reuses this check-in's evidence: a smaller step costs no extra embedding or model call.
    smallerStep = chooseStrategy(open.evidence, {
      random,
      avoid: open.strategy,
      smallerThan: strategy.size,
      only: fresh.length > 0 ? fresh : CONCRETE_STEP_STRATEGIES,
    }).strategy;
  }
  const { step, ...followUp } = followUpFor({
    outcome,
    task: open.view.task,
    random,
    sessionOver: sessionEndsAt !== null && now >= sessionEndsAt && outcome !== 'no_response',
    snoozeMinutes: settlement.snoozeMinutes,
    ...(smallerStep ? { smallerStep } : {}),
    said,
  });
  const sessionOver = followUp.kind === 'end';
  if (settlement.wording && !sessionOver && outcome !== 'not_now' && outcome !== 'no_response') {
    followUp.text = settlement.wording;
  }
  open.view = {
    ...open.view,
    state: outcome === 'no_response' ? 'timed_out' : outcome === 'not_now' ? 'snoozed' : 'answered',
    answer: { reply, classification, followUp },
  };
  return { offered: smallerStep, step: step ?? null };
}

export interface UnderstandingDeps {
  corrections: ReplyCorrections | undefined;
  generator: TextGenerator | null;
  /** Below this local confidence the model is asked (with a generator). */
  threshold: number;
  timeoutMs: number;
  logger: Logger;
}

/**
 * What a free-text reply means beyond the local rules: close to a reply the person corrected
 * before → their outcome; otherwise, when the rules are unsure and Gemini is there, one request
 * gives the outcome and the follow-up. Any failure keeps the local reading.
 */
export async function understandText(
  open: OpenCheckIn,
  reply: string,
  local: Classification,
  deps: UnderstandingDeps,
): Promise<{ classification: Classification; followUp: string | null }> {
  const { corrections, generator } = deps;
  if (corrections && corrections.size > 0) {
    const match = await corrections.match(reply).catch(() => null);
    if (match) {
      return {
        classification: {
          outcome: match.outcome,
          confidence: Math.min(1, Math.round(match.similarity * 100) / 100),
          signals: [`close to a reply you corrected before: “${match.reply}”`],
          source: 'correction',
        },
        followUp: null,
      };
    }
  }
  if (!generator || local.confidence >= deps.threshold)
    return { classification: local, followUp: null };
  const understood = await understandReply(
    generator,
    reply,
    { task: open.view.task, nudge: open.view.nudge, local },
    {
      timeoutMs: deps.timeoutMs,
      logger: deps.logger,
      checkFollowUp: (text) => {
        const checked = validateNudge(text);
        return checked.ok ? checked.text : null;
      },
    },
  );
  return understood ?? { classification: local, followUp: null };
}
