// Simulated people for the learner simulation: who they are (which strategies work for them, on
// which kind of task), the tasks they set and the replies they write. Every random outcome is drawn
// up front per person, per check-in and per strategy (common random numbers), so Keel and the
// baselines meet exactly the same person and the same luck.
import { STRATEGY_IDS, type StrategyId } from '../shared/domain';
import { seededRandom, type Random } from '../electron/coach/random';

export type TaskKind = 'writing' | 'email';

export interface Scenario {
  name: string;
  description: string;
  /** Success probability of the good strategies (per kind of task) and of all the others. */
  good: number;
  other: number;
  /** How many good strategies each kind of task has (default 1). */
  goodCount?: number;
  /** The good strategy depends on the kind of task (writing vs email). */
  byTaskKind?: boolean;
  /** The good strategy's family-mates succeed with this probability (default: `other`). */
  siblings?: number;
  /** Replies in words (through the real classifier) instead of buttons. */
  freeText?: boolean;
}

export const CHECK_INS = 60;
export const SESSION_LENGTH = 6;
/** Share of check-ins at which the person is not available (not now / no reply). */
export const UNAVAILABLE = 0.1;

/** Varied wordings per kind of task: a session's task is one of these, a new one after "done". */
export const TASKS: Readonly<Record<TaskKind, readonly string[]>> = {
  writing: [
    'write the quarterly report',
    'draft the blog post about our launch',
    'write chapter two of my thesis',
    'draft the project proposal',
    'write up the meeting notes',
    'edit the essay draft',
    'write the cover letter',
    'finish the grant application text',
    'draft the newsletter',
    'write the README for the tool',
  ],
  email: [
    'reply to the client emails',
    'answer emails from the team',
    'clear my email inbox',
    'email the landlord about the lease',
    'send the follow-up emails',
    'write back to the email from Sam',
    'sort the unread emails',
    'answer the email about the invoice',
    'reply to the recruiter email',
    'go through the emails from this week',
  ],
};

/**
 * Free-text replies per true outcome, written for this simulation (not taken from the classifier's
 * corpora): plain, casual, with typos, with and without the obvious keywords.
 */
export const REPLIES = {
  task_completed: [
    'done!',
    'finished it, sent it off',
    'all done with that one',
    'just wrapped it up',
    'got it finished finally',
    'yep, completed',
    'that part is finished',
    'it is done and submitted',
    'finally finished, feels good',
    'ok done, ticked it off the list',
    'submitted it a minute ago',
    'complete!! thanks',
  ],
  re_engaged: [
    'ok I am on it',
    'back at it now',
    'working on it',
    'started, going ok',
    'yeah making progress',
    'good idea, doing that now',
    'alright, starting now',
    'I got going again',
    'im working on the first bit',
    'on it',
    'back to work',
    'getting into it now',
  ],
  distracted: [
    'got distracted by my phone',
    'ugh, I was on youtube',
    'sorry, I drifted off into reddit',
    'I ended up scrolling twitter',
    'lost focus again',
    'was checking the news instead',
    'got sidetracked by something else',
    'i zoned out',
    'been watching videos oops',
    'I wandered off to the kitchen and forgot',
    'distracted, sorry',
    'my mind keeps wandering',
  ],
  stuck: [
    "I'm stuck",
    "i don't know where to start",
    'no idea how to do this part',
    'I keep staring at it',
    "it's too much, can't start",
    'I am blocked on this',
    'stuck on the first step',
    'I dont know what to do next',
    'overwhelmed, cannot get going',
    'I tried but I am stuck',
    "can't figure out how to begin",
    'feel frozen with this',
  ],
  not_now: ['not now', 'later please', 'not right now', 'in a bit', 'busy, later', 'ask me later'],
} as const;

export type SimOutcome = keyof typeof REPLIES | 'no_response';

/** One check-in's pre-drawn luck, shared by every policy. */
export interface Draw {
  /** Whether the person can answer at all (otherwise not now / no reply, whatever is offered). */
  available: boolean;
  unavailableAs: 'not_now' | 'no_response';
  /** Strategy a succeeds at this check-in when `arm[a] < p(a)`. */
  arm: number[];
  /** Which success (done / on it) or failure (distracted / stuck) it is. */
  kindOfSuccess: number;
  kindOfFailure: number;
  /** Which reply wording (free text). */
  wording: number;
}

export interface Person {
  scenario: Scenario;
  seed: number;
  /** Success probability of each strategy on each kind of task. */
  p: Record<TaskKind, Record<StrategyId, number>>;
  /** The kind of task of each session, and the task wordings in order. */
  sessionKinds: TaskKind[];
  taskOrder: Record<TaskKind, string[]>;
  draws: Draw[];
}

function shuffled<T>(items: readonly T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A person for `scenario`; `families` (the learner's) is only read when `scenario.siblings` is set. */
export function makePerson(
  scenario: Scenario,
  seed: number,
  families?: Readonly<Record<StrategyId, string>>,
): Person {
  const random = seededRandom(0x5eed0000 + seed * 7919);
  const order = shuffled(STRATEGY_IDS, random);
  const count = scenario.goodCount ?? 1;
  const p = {} as Person['p'];
  (['writing', 'email'] as const).forEach((kind, k) => {
    // With byTaskKind each kind gets its own good strategies; otherwise they are the same.
    const start = scenario.byTaskKind ? k * count : 0;
    const good = new Set(order.slice(start, start + count));
    const row = {} as Record<StrategyId, number>;
    for (const id of STRATEGY_IDS) {
      row[id] = good.has(id) ? scenario.good : scenario.other;
      if (!good.has(id) && scenario.siblings !== undefined && families) {
        if ([...good].some((g) => families[g] === families[id])) row[id] = scenario.siblings;
      }
    }
    p[kind] = row;
  });
  const sessions = Math.ceil(CHECK_INS / SESSION_LENGTH);
  // Sessions switch between writing and email tasks either way; only byTaskKind makes it matter.
  const sessionKinds = Array.from({ length: sessions }, (): TaskKind =>
    random() < 0.5 ? 'writing' : 'email',
  );
  const taskOrder = {
    writing: shuffled(TASKS.writing, random),
    email: shuffled(TASKS.email, random),
  };
  const draws = Array.from({ length: CHECK_INS }, () => ({
    available: random() >= UNAVAILABLE,
    unavailableAs: random() < 0.5 ? ('not_now' as const) : ('no_response' as const),
    arm: STRATEGY_IDS.map(() => random()),
    kindOfSuccess: random(),
    kindOfFailure: random(),
    wording: random(),
  }));
  return { scenario, seed, p, sessionKinds, taskOrder, draws };
}

/** The best success probability on a kind of task, and whether a strategy is among the best. */
export function bestP(person: Person, kind: TaskKind): number {
  return Math.max(...Object.values(person.p[kind]));
}

export function isGood(person: Person, kind: TaskKind, strategy: string): boolean {
  const row = person.p[kind];
  return (row[strategy as StrategyId] ?? 0) >= bestP(person, kind);
}

/** What the person does at check-in `i` when offered `strategy` on a task of `kind`. */
export function respond(person: Person, i: number, kind: TaskKind, strategy: string): SimOutcome {
  const draw = person.draws[i]!;
  if (!draw.available) return draw.unavailableAs;
  const index = STRATEGY_IDS.indexOf(strategy as StrategyId);
  const p = person.p[kind][strategy as StrategyId] ?? 0;
  if (draw.arm[index]! < p) return draw.kindOfSuccess < 0.4 ? 'task_completed' : 're_engaged';
  return draw.kindOfFailure < 0.7 ? 'distracted' : 'stuck';
}

/** The words for an outcome (free-text people), chosen by the pre-drawn wording. */
export function replyText(outcome: keyof typeof REPLIES, draw: Draw): string {
  const pool = REPLIES[outcome];
  return pool[Math.floor(draw.wording * pool.length)]!;
}
