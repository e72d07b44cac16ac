// Step 2b: evidence from the form of words no phrase took. People say progress and completion in
// endless ways, but the grammar is small: a progressive "-ing" ("answering emails one at a time")
// reports doing, a past tense or passive "-ed" ("emailed the landlord", "the plants are watered")
// reports a finished act. The nudge's task, when known, says which activities are the task itself:
// "cleaning the kitchen" is progress when the task is the kitchen, and "cooking" is then no meal break.
import { NEGATION_SCOPE, NEGATORS, type LexiconClass } from './lexicon';
import type { PhraseMatch } from './match';
import { foldWord, normaliseText } from './text';

/** Base forms of irregular verbs, so "wrote" and "write" share a stem. */
const IRREGULAR_BASE: Readonly<Record<string, string>> = {
  wrote: 'write',
  written: 'write',
  sent: 'send',
  made: 'make',
  paid: 'pay',
  took: 'take',
  taken: 'take',
  ran: 'run',
  did: 'do',
  done: 'do',
  bought: 'buy',
  built: 'build',
  drew: 'draw',
  drawn: 'draw',
  sold: 'sell',
  swept: 'sweep',
  went: 'go',
  gave: 'give',
  given: 'give',
  found: 'find',
  told: 'tell',
  spoke: 'speak',
  spoken: 'speak',
  began: 'begin',
  begun: 'begin',
  ate: 'eat',
  eaten: 'eat',
  hung: 'hang',
  brought: 'bring',
};
/** Irregular past forms that report a finished act. */
const COMPLETIVE_IRREGULAR = new Set(['bought', 'built', 'drew', 'drawn', 'sold', 'swept', 'hung']);

/** "-ing" words that are not an activity in progress: nouns, adjectives, light verbs ("taking a break"). */
const ING_NOT_VERB = new Set(
  `morning evening thing things nothing something anything everything during ceiling building wedding
  pudding spring string king ring wing sibling feeling being boring amazing interesting annoying
  exhausting frustrating daunting terrifying missing darling lightning clothing bring sing swing sting
  sling cling fling wring
  taking having getting making going grabbing`.split(/\s+/),
);
/** "-ed" words that report a state of the person or an attempt, not a finished act. */
const ED_NOT_DONE = new Set(
  `wanted needed tried planned decided started looked opened seemed ended used supposed hoped asked
  waited wondered expected liked loved hated preferred intended attempted struggled stopped paused failed
  missed delayed wasted worked tired bored stressed worried annoyed excited scared interested confused
  frustrated overwhelmed exhausted drained motivated unmotivated bothered depressed relaxed focused
  organized prepared wired fried jammed swamped slammed tied occupied ashamed embarrassed disappointed
  pissed messed screwed hundred sacred naked wicked wretched beloved crooked rugged ragged aged biased
  talented skilled determined concerned involved required allowed advanced detailed limited distracted
  sidetracked zoned spaced wandered drifted procrastinated scrolled watched played reorganized rearranged`.split(
    /\s+/,
  ),
);
/** A word just before an "-ed" word that makes it describe a feeling ("so tired", "feel drained"). */
const STATE_BEFORE = new Set([
  'so',
  'too',
  'very',
  'feel',
  'feeling',
  'felt',
  'seem',
  'seems',
  'kinda',
]);
/** Past forms spelled like the present ("read", "put") or too common to count without the task ("got"). */
const AMBIGUOUS_PAST = new Set(['read', 'put', 'cut', 'set', 'got', 'did', 'made', 'took', 'have']);
/** Words before a verb that make it a plan, not a report ("going to read"). */
const FUTURE_BEFORE = new Set([
  'to',
  'will',
  'can',
  'could',
  'should',
  'must',
  'gonna',
  'let',
  'us',
  'need',
]);
/** Subjects that are not the person: "it is raining", "are you asking". */
const OTHER_SUBJECTS = new Set(['it', 'there', 'you', 'this', 'that', 'they', 'he', 'she']);
const BE = new Set(['is', 'was', 'are', 'were']);
/** Words of a task that say nothing about what it is. */
const TASK_STOP = new Set(
  `the a an my our your his her their to for of and or on in at with up out off do get make some all it
  this that from about into by me be is are task stuff things thing`.split(/\s+/),
);

/** A crude stem shared by a word's forms: "cleaning", "cleaned", "clean" → "clean"; "wrote" → "writ". */
export function stem(word: string): string {
  let w = IRREGULAR_BASE[word] ?? word;
  if (w.length > 4 && /ie[sd]$/.test(w)) w = w.slice(0, -3) + 'y';
  else if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 4 && /(?:sh|ch|x|ss)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  // "running" → "run", "planned" → "plan"; but "call", "press" keep their doubles.
  if (/([b-df-hj-km-rtv-z])\1$/.test(w)) w = w.slice(0, -1);
  return w.replace(/e$/, '');
}

/** The stems of the task's content words ("Clean the kitchen" → clean, kitchen). */
export function taskStems(task: string | undefined): ReadonlySet<string> {
  if (!task) return new Set();
  const words = normaliseText(task).match(/[a-z0-9]+(?:'[a-z]+)*/g) ?? [];
  return new Set(
    words
      .flatMap((w) => foldWord(w))
      .filter((w) => w.length >= 3 && !TASK_STOP.has(w))
      .map(stem),
  );
}

export function isGerund(word: string): boolean {
  return /^[a-z]{2,}ing$/.test(word) && !ING_NOT_VERB.has(word);
}

function isFinishedForm(word: string): boolean {
  if (COMPLETIVE_IRREGULAR.has(word)) return true;
  return /^[a-z]{3,}ed$/.test(word) && !word.endsWith('eed') && !ED_NOT_DONE.has(word);
}

function evidence(
  cls: LexiconClass,
  weight: number,
  tokens: string[],
  i: number,
  why: string,
): PhraseMatch {
  return {
    cls,
    lexiconClass: cls,
    weight,
    text: `${tokens[i]!} (${why})`,
    negatedBy: null,
    rest: false,
    tag: undefined,
    start: i,
    end: i + 1,
  };
}

/** Evidence from the verb forms of a clause's free tokens (those no phrase took). */
export function formEvidence(
  tokens: string[],
  taken: readonly boolean[],
  task: ReadonlySet<string>,
): PhraseMatch[] {
  const found: PhraseMatch[] = [];
  tokens.forEach((word, i) => {
    if (taken[i]) return;
    const before = tokens.slice(Math.max(0, i - NEGATION_SCOPE), i);
    if (before.some((w, j) => NEGATORS.has(w) && !taken[i - before.length + j])) return;
    const ofTask = task.has(stem(word));
    if (isGerund(word)) {
      // "was fiddling with" narrates a detour as easily as work: only the task's own verbs count there.
      const narrated = ['was', 'were', 'been'].includes(tokens[i - 1] ?? '');
      // "the dog is barking": a gerund after "is" or "was" tells of something else.
      const described = tokens[i - 1] === 'is' || tokens[i - 1] === 'was';
      // "why are you asking", "it is raining": someone or something else is doing it.
      const [two, one] = [tokens[i - 2] ?? '', tokens[i - 1] ?? ''];
      const otherSubject =
        (OTHER_SUBJECTS.has(two) && BE.has(one)) || (BE.has(two) && OTHER_SUBJECTS.has(one));
      if (otherSubject && !ofTask) return;
      if (ofTask) found.push(evidence('re_engaged', 2.5, tokens, i, 'doing the task'));
      else if (!narrated && !described && !STATE_BEFORE.has(tokens[i - 1] ?? ''))
        found.push(evidence('re_engaged', 2, tokens, i, 'doing something'));
    } else if (
      AMBIGUOUS_PAST.has(word) &&
      !FUTURE_BEFORE.has(tokens[i - 1] ?? '') &&
      (ofTask || tokens.slice(i + 1, i + 4).some((w) => task.has(stem(w))))
    ) {
      // "read all of it", "got the groceries": a past tense only the task can tell apart.
      found.push(evidence('task_completed', 2.5, tokens, i, 'the task, done'));
    } else if (isFinishedForm(word) && !STATE_BEFORE.has(tokens[i - 1] ?? '')) {
      found.push(
        evidence('task_completed', ofTask ? 3 : 2, tokens, i, ofTask ? 'the task, done' : 'done'),
      );
    }
  });
  return found;
}

/** Whether a phrase is about the task itself (then it is no detour and no deferral). */
export function isAboutTask(
  match: PhraseMatch,
  tokens: string[],
  task: ReadonlySet<string>,
): boolean {
  if (task.size === 0) return false;
  return tokens.slice(match.start, match.end).some((w) => task.has(stem(w)));
}
