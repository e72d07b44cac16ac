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
  fed: 'feed',
};
/** Irregular past forms that report a finished act. */
const COMPLETIVE_IRREGULAR = new Set(['bought', 'built', 'drew', 'drawn', 'sold', 'swept', 'hung']);
/** Irregular participles that report a result after "is" or "got": "the chapter is read". */
const IRREGULAR_PARTICIPLES = new Set(
  'read put set cut shut built bought sold given taken found made paid hung swept drawn written done sent'.split(
    ' ',
  ),
);

/** "-ing" words that are not an activity in progress: nouns, adjectives, light verbs ("taking a break"). */
const ING_NOT_VERB = new Set(
  `morning evening thing things nothing something anything everything during ceiling building wedding
  pudding spring string king ring wing sibling feeling being boring amazing interesting annoying
  exhausting frustrating daunting terrifying missing darling lightning clothing bring sing swing sting
  sling cling fling wring
  taking having getting making going grabbing wearing standing lying living hoping wishing loving liking
  hating needing wanting`.split(/\s+/),
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
  sidetracked zoned spaced wandered drifted procrastinated scrolled watched played reorganized rearranged
  unrelated unexpected unfinished undecided unmotivated unorganized noticed realized realised
  remembered guessed spiralled spiraled pencilled penciled`.split(/\s+/),
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
const BE = new Set(['is', 'was', 'are', 'were']);
/** Words between a subject and its verb: auxiliaries and adverbs ("it keeps crashing", "i just did"). */
const BETWEEN = new Set(
  `am is are was were be been being have has had do does did keep keeps kept will would can could just
  still also already finally now then really totally all`.split(/\s+/),
);
/** Words a reply may open with before a verb that has no subject ("finally emailed", "ok sent it"). */
const LEAD_INS = new Set(
  'ok yes sure sorry well oh yay phew so finally just already also then now first quickly all both'.split(
    ' ',
  ),
);
/** Who else may be the subject of a past act: pronouns and the people (and pets) around a person. */
const AGENTS = new Set(
  `he she they it you someone somebody everyone mom mum dad mother father sister brother wife husband
  partner boss friend kid kids baby son daughter roommate flatmate colleague coworker teacher manager
  neighbour neighbor client cat dog`.split(/\s+/),
);
const CAUSATIVE = new Set(['got', 'get', 'have', 'had', 'gotten']);
const OBJECTS = new Set(['it', 'them', 'this', 'that', 'everything']);
const PASSIVE_BEFORE = new Set([
  'am',
  'is',
  'are',
  'was',
  'were',
  'been',
  'be',
  'got',
  'get',
  'gets',
]);

/**
 * Whether the verb at `i` has a subject other than the person: "my sister called", "it keeps
 * crashing", "the dog is barking". A verb with no subject ("emailed the landlord") or one joined by
 * "and" is the person's. With `passiveCounts`, "the plants are watered" is a result, whoever did it.
 */
export function someoneElse(tokens: string[], i: number, passiveCounts: boolean): boolean {
  let j = i - 1;
  while (j >= 0 && (BETWEEN.has(tokens[j]!) || isAdverb(tokens[j]!))) {
    if (passiveCounts && PASSIVE_BEFORE.has(tokens[j]!)) return false;
    j--;
  }
  if (j < 0 || tokens[j] === 'and') return false;
  // "got it all packed", "have them sent": the person had it done.
  if (passiveCounts && CAUSATIVE.has(tokens[j - 1] ?? '') && OBJECTS.has(tokens[j]!)) return false;
  if (tokens[j] === 'i' || tokens[j] === 'we') return false;
  // Only lead-in words before the verb: no subject at all.
  if (tokens.slice(0, j + 1).every((w) => LEAD_INS.has(w) || isAdverb(w))) return false;
  // "email sent", "order placed": a thing before a past form is what was done, not who did it.
  return !passiveCounts || AGENTS.has(tokens[j]!);
}

function isAdverb(word: string): boolean {
  return word.length > 4 && word.endsWith('ly');
}

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
      // "why are you asking", "it keeps crashing": someone or something else is doing it.
      const asked = BE.has(tokens[i - 2] ?? '') && tokens[i - 1] === 'you';
      if ((asked || someoneElse(tokens, i, false)) && !ofTask) return;
      if (ofTask) found.push(evidence('re_engaged', 2.5, tokens, i, 'doing the task'));
      else if (!narrated && !STATE_BEFORE.has(tokens[i - 1] ?? ''))
        found.push(evidence('re_engaged', 2, tokens, i, 'doing something'));
    } else if (IRREGULAR_PARTICIPLES.has(word) && PASSIVE_BEFORE.has(tokens[i - 1] ?? '')) {
      found.push(evidence('task_completed', 2, tokens, i, 'done'));
    } else if (
      AMBIGUOUS_PAST.has(word) &&
      !FUTURE_BEFORE.has(tokens[i - 1] ?? '') &&
      (ofTask || tokens.slice(i + 1, i + 4).some((w) => task.has(stem(w))))
    ) {
      // "read all of it", "got the groceries": a past tense only the task can tell apart.
      found.push(evidence('task_completed', 2.5, tokens, i, 'the task, done'));
    } else if (
      isFinishedForm(word) &&
      !STATE_BEFORE.has(tokens[i - 1] ?? '') &&
      !someoneElse(tokens, i, true)
    ) {
      // A plain past tense is weaker than a listed one: it also tells stories ("we talked for ages").
      found.push(
        evidence('task_completed', ofTask ? 3 : 1.5, tokens, i, ofTask ? 'the task, done' : 'done'),
      );
    }
  });
  return found;
}

/** Words that put a clause in the past: "was making a snack", "had a meeting". */
const PAST_MARKERS = new Set(['was', 'were', 'had', 'been']);

/** Whether the clause tells of the past before `i` ("I was in a meeting" is no meeting now). */
export function pastBefore(tokens: string[], i: number): boolean {
  return tokens.slice(0, i).some((w) => PAST_MARKERS.has(w));
}

/** Words that put what follows in the future or in a wish: "will", "going to", "should". */
const PLAN_WORDS = new Set([
  'will',
  'should',
  'would',
  'might',
  'must',
  'hope',
  'hopefully',
  'gonna',
]);

/** Whether the clause plans, rather than reports, what starts at `i` ("i'll get it done by friday"). */
export function plannedBefore(tokens: string[], i: number): boolean {
  const before = tokens.slice(0, i);
  return before.some((w, j) => PLAN_WORDS.has(w) || (w === 'going' && before[j + 1] === 'to'));
}

/** Words that make a finished act only part of the task: "the first few pages are done". */
const PARTIAL = new Set('chunk portion bit some half most few couple section except'.split(' '));
const WHOLE = new Set(['all', 'every', 'whole', 'everything', 'entire']);

/** Whether a clause says only part of the work is finished. */
export function onlyPart(tokens: string[]): boolean {
  return tokens.some((w) => PARTIAL.has(w)) && !tokens.some((w) => WHOLE.has(w));
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
