// The built-in coaching strategies: evidence-grounded ADHD supports, each with a short rationale
// (fed to the wording prompt), a step size (used after `stuck` to offer something smaller) and
// several library phrasings with a {task} slot (the offline wording and the fallback for Gemini).
import { STRATEGY_IDS, clampText, type StrategyId } from '../../shared/domain';
import { pick, type Random } from './random';

/**
 * How big a step a strategy asks for: 1 = a minute or two of effort (or none), 2 = a small chunk
 * or a change of setting, 3 = a longer commitment. After `stuck` the coach only offers smaller sizes.
 */
export type StepSize = 1 | 2 | 3;

export interface Strategy {
  id: StrategyId;
  /** Shown in the check-in window, e.g. "Tiny first step". */
  label: string;
  /** Used in statistics sentences: "Tiny first steps worked 4 of 5 times". */
  plural: string;
  /** Why it helps, in one line (goes into the wording prompt). */
  rationale: string;
  size: StepSize;
  /** Library wordings; `{task}` is replaced by the person's task. At most 2 sentences each. */
  phrasings: readonly string[];
}

const LIBRARY: readonly Strategy[] = [
  {
    id: 'implementation_intention',
    label: 'If-then plan',
    plural: 'If-then plans',
    rationale:
      'Deciding “when X happens, I will do Y” in advance hands the start-up decision to a cue instead of willpower.',
    size: 2,
    phrasings: [
      'Try an if-then plan for {task}: “When I finish this sip of water, I open the file.” Want to pick your cue?',
      'What could be your cue for {task}? For example: “When the kettle clicks, I start the first line.”',
      "Let's make a small plan: “If I notice I've drifted, then I come back to {task} for one minute.” Does that fit?",
      'Pick a moment that is about to happen and tie {task} to it, like “When this song ends, I begin.”',
      'Choose one trigger for {task}, such as “When I sit back down, I write one line.” What trigger would you use?',
      'Link {task} to something you do anyway: “After I close my email, I open the notes.” Which link fits today?',
    ],
  },
  {
    id: 'tiny_first_step',
    label: 'Tiny first step',
    plural: 'Tiny first steps',
    rationale:
      'Starting is the hardest part; a two-minute start lowers the barrier and momentum usually follows.',
    size: 1,
    phrasings: [
      'How about just two minutes on {task}? You can stop after that if you want.',
      'What is the smallest possible start on {task}? Give it two minutes and see how it feels.',
      'Set the bar low: two minutes of {task}, nothing more expected.',
      "Could you open {task} and do the very first bit, about two minutes' worth? That counts.",
      'Start {task} with one small action that takes under two minutes. What will it be?',
      'Give {task} a two-minute try, with a timer if that helps. Stopping after two minutes is fine.',
    ],
  },
  {
    id: 'next_physical_action',
    label: 'Next physical action',
    plural: 'Naming the next physical action',
    rationale:
      'A concrete, physical next move (“open the doc”, “pick up the pen”) is easier to start than an abstract task.',
    size: 1,
    phrasings: [
      'What is the very next physical move for {task}? Maybe opening the file or picking up a pen.',
      'Name one thing your hands will do next for {task}, like clicking the document open.',
      'Forget the whole of {task} for a moment. What is the first thing you would physically touch?',
      'For {task}, the next move might be as simple as putting the right window in front of you. Want to try that?',
      'Which object or window do you need for {task}? Get it in front of you, and that is the first step done.',
      'Picture your hands starting {task}. What do they do first: type, click or pick something up?',
    ],
  },
  {
    id: 'time_box',
    label: 'Time-box',
    plural: 'Time-boxes',
    rationale: 'A clear, self-chosen end point makes effort feel bounded and safe to begin.',
    size: 3,
    phrasings: [
      'How long could you give {task} right now: 10, 15 or 25 minutes? Pick what feels doable and set a timer.',
      'Choose a time-box for {task} that feels comfortable to you. When the timer ends, you are free to stop.',
      'What length of focus feels right for {task} today? Set a timer for it, and stop when it rings.',
      'Pick your own time-box for {task}, even a short one. Knowing when you will stop makes it easier to start.',
      'Give {task} a fixed amount of time, for example 15 minutes. After that you decide again.',
      'Set a timer for a short block of {task}. When it ends, you can take a break with a clear conscience.',
    ],
  },
  {
    id: 'body_doubling',
    label: 'Body doubling',
    plural: 'Body doubling sessions',
    rationale:
      'Working alongside someone, in person or online, provides gentle accountability and makes starting easier.',
    size: 3,
    phrasings: [
      'Would it help to work on {task} alongside someone? A friend on a call or a focus room both count.',
      'Try body doubling for {task}: have someone nearby or join an online co-working room while you work.',
      'Is there someone who could keep you company while you do {task}? Quiet company is enough.',
      'How about a virtual co-working session for {task}? Having someone there often makes starting easier.',
      'Could you tell someone you are starting {task} now and check back with them later?',
      'Working near other people can help with {task}. Is there a shared space or a video call you could join?',
    ],
  },
  {
    id: 'movement_break',
    label: 'Movement break',
    plural: 'Movement breaks',
    rationale:
      'A short burst of movement raises alertness and dopamine, which helps attention come back.',
    size: 2,
    phrasings: [
      'Take a quick movement break: stand up, stretch or walk for two minutes. Then come back to {task}.',
      'Your body might need a reset. A minute of moving around, then a fresh look at {task}?',
      'How about ten jumping jacks or a lap around the room before returning to {task}?',
      'Shake out your hands, roll your shoulders, take a short walk. {task} will be there when you are back.',
      'Stand up and walk to the window and back. Then take one small step on {task}.',
      'Move for one minute: stretch your arms, your back and your legs. After that, return to {task}.',
    ],
  },
  {
    id: 'change_environment',
    label: 'Change of environment',
    plural: 'Changes of environment',
    rationale: 'A new setting breaks stale cues and can reset attention.',
    size: 2,
    phrasings: [
      'Would a change of scene help with {task}? Another room, a café or even a different chair.',
      'Try moving somewhere new for {task}, even a few steps away. Fresh surroundings can reset focus.',
      'Could you take {task} to a different spot? A new place often brings a fresh start.',
      'Sometimes the room is the problem, not you. Want to try {task} somewhere else for a while?',
      'Could you clear one small area of your desk before you go on with {task}? A tidy spot can help.',
      'Try changing one thing around you for {task}: the light, the chair or the sound. Which one would help?',
    ],
  },
  {
    id: 'reward_pairing',
    label: 'Pair with a reward',
    plural: 'Reward pairings',
    rationale:
      'Pairing a task with something enjoyable adds the immediate reward the ADHD brain looks for.',
    size: 2,
    phrasings: [
      'What could make {task} a little nicer? Your favourite drink or a playlist you love might help.',
      'Pair {task} with something you enjoy, like a snack, music or a cosy spot.',
      'Set up a small treat for after a chunk of {task}. What would feel good?',
      'How about a reward for making a start on {task}? Pick something small you are looking forward to.',
      'Decide on a small reward for 15 minutes of {task}. What would you choose?',
      'Put on music you like while you work on {task}. Does that sound good?',
    ],
  },
  {
    id: 'self_compassion',
    label: 'Self-compassion',
    plural: 'Self-compassion reframes',
    rationale:
      'Self-criticism feeds avoidance; kindness toward yourself lowers the stress that blocks starting.',
    size: 1,
    phrasings: [
      'It is okay that {task} feels hard right now. Be as kind to yourself as you would be to a friend.',
      'Struggling with {task} does not say anything bad about you. What would help you feel a little supported?',
      'Many people find it hard to get going, and that is okay. What is one gentle way to approach {task}?',
      'Take a breath; {task} can feel big and that is understandable. Whatever you manage next is enough.',
      'Finding {task} difficult is normal. One small step is enough for now.',
      'You are allowed to start {task} slowly. What would a gentle first step be?',
    ],
  },
  {
    id: 'break_down',
    label: 'Break it down',
    plural: 'Breakdowns into smaller parts',
    rationale:
      'Splitting a big task into small concrete parts makes the first one visible and less overwhelming.',
    size: 2,
    phrasings: [
      'Could you break {task} into three small parts? Then pick just the first one.',
      'What are the smaller pieces inside {task}? Jot down two or three and start with one.',
      "Let's split {task} up. What is one part you could finish in ten minutes?",
      'A big task is easier as a list of small steps. Write the first two steps of {task} on a sticky note.',
      'List the parts of {task} you can see right now. Which one is the shortest?',
      'Split {task} into steps of about ten minutes each. What is the first step?',
    ],
  },
  {
    id: 'restate_goal',
    label: 'Restate the goal',
    plural: 'Restating the goal',
    rationale:
      'Saying what “done” looks like, and why it matters, reconnects the task to its purpose.',
    size: 2,
    phrasings: [
      'What does “done” look like for {task}? Saying it out loud can make it clearer.',
      'Remind yourself why {task} matters to you. What will feel better once it is done?',
      'In one sentence, what are you trying to get out of {task}?',
      'Picture {task} finished. What is the first thing that is different?',
      'Who is {task} for, and what do they need from it? Keeping that in mind can help you choose what to do first.',
      'Write one line about why {task} is worth doing. Then look at the first step with that in mind.',
    ],
  },
  {
    id: 'easiest_piece',
    label: 'Start with the easiest piece',
    plural: 'Easiest-piece starts',
    rationale: 'An early, easy win builds momentum and makes the harder parts feel more reachable.',
    size: 1,
    phrasings: [
      'What is the easiest part of {task}? Start there; momentum can carry you into the rest.',
      'Pick the piece of {task} that feels least daunting and do that first.',
      'Is there a quick win in {task}? Something that takes a couple of minutes is a great place to start.',
      'Skip the hard bits of {task} for now. Which part could you do without much thought?',
      'Which part of {task} do you already know how to do? Start with that one.',
      'Do the simplest part of {task} first, even if it is not the most important. It gets you moving.',
    ],
  },
];

const BY_ID = new Map<StrategyId, Strategy>(LIBRARY.map((s) => [s.id, s]));

/** All built-in strategies, in STRATEGY_IDS order. */
export const STRATEGIES: readonly Strategy[] = STRATEGY_IDS.map((id) => BY_ID.get(id)!);

export function getStrategy(id: StrategyId): Strategy {
  const strategy = BY_ID.get(id);
  if (!strategy) throw new Error(`unknown strategy ${id}`);
  return strategy;
}

export function isStrategyId(value: unknown): value is StrategyId {
  return typeof value === 'string' && BY_ID.has(value as StrategyId);
}

/** Label for any stored strategy name (custom names are shown as they are). */
export function strategyLabel(name: string): string {
  return isStrategyId(name) ? getStrategy(name).label : name;
}

/** How much of the task text goes into a library phrasing, so a long task cannot bloat a nudge. */
export const TASK_IN_NUDGE_MAX = 80;

/** Fills a phrasing's {task} slot with the quoted task (shortened to TASK_IN_NUDGE_MAX characters). */
export function fillPhrasing(phrasing: string, task: string): string {
  const shortTask = clampText(task, TASK_IN_NUDGE_MAX);
  // Tasks arrive as verb phrases ("write the report") or nouns ("the report"); quoting them reads
  // naturally either way ("two minutes on “write the report”"). One kind of quotation mark: “ ”.
  const filled = phrasing.replace(/\{task\}/g, (_slot, offset: number) => {
    if (!shortTask) return startsSentence(phrasing, offset) ? 'Your task' : 'your task';
    // A task that starts a sentence starts with a capital letter, inside its quotes.
    const text = startsSentence(phrasing, offset) ? capitalise(shortTask) : shortTask;
    return `“${text}”`;
  });
  return capitalise(filled);
}

/** Whether position `offset` of `text` begins a sentence (start of text, or after . ! ? …). */
function startsSentence(text: string, offset: number): boolean {
  return /(^|[.!?…]\s+)$/.test(text.slice(0, offset));
}

/** Upper-cases the first letter (after any opening quotation mark); "iOS" and the like stay as they are. */
export function capitalise(text: string): string {
  return text.replace(
    /^([“‘(]*)(\p{Ll})(?!\p{Lu})/u,
    (_m, open: string, first: string) => open + first.toUpperCase(),
  );
}

/**
 * A library nudge for a strategy: one of its phrasings, chosen by `random`, with the task filled in.
 * Phrasings whose text is in `avoid` (already said in this session) are skipped while others remain.
 */
export function libraryNudge(
  id: StrategyId,
  task: string,
  random: Random,
  avoid: ReadonlySet<string> = new Set(),
): string {
  return pickUnsaid(
    getStrategy(id).phrasings.map((p) => fillPhrasing(p, task)),
    random,
    avoid,
  );
}

/** Whether some phrasing of this strategy, for this task, has not been said yet. */
export function hasUnsaidPhrasing(
  id: StrategyId,
  task: string,
  said: ReadonlySet<string>,
): boolean {
  return getStrategy(id).phrasings.some((p) => !said.has(saidKey(fillPhrasing(p, task))));
}

/** The key under which a text counts as "already said" (case and spacing do not matter). */
export function saidKey(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** One of `texts` not yet said (by saidKey), or any of them when all have been said. */
export function pickUnsaid(
  texts: readonly string[],
  random: Random,
  avoid: ReadonlySet<string>,
): string {
  const fresh = texts.filter((t) => !avoid.has(saidKey(t)));
  // One random draw either way, so the sequence of choices stays reproducible with a seed.
  return pick(fresh.length > 0 ? fresh : texts, random);
}

/**
 * Strategies that name a concrete, doable step. After `stuck` the follow-up offers one of these
 * ("let's make it smaller: …"); a reframe such as self-compassion may come with the next nudge, but
 * it is not a step.
 */
export const CONCRETE_STEP_STRATEGIES: readonly StrategyId[] = [
  'tiny_first_step',
  'next_physical_action',
  'easiest_piece',
  'break_down',
];
