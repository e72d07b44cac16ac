// Prints the offline embedders' figures quoted in the README, measured in one run on this machine:
// paraphrase recall@3 (dev and held-out halves) for the lexical baseline and the semantic embedder,
// the time to load the word-vector file, and the time to embed one moment with each.
// Run: npm run eval:embedder
import { readFileSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { LexicalEmbedder, OfflineEmbedder } from '../electron/memory/embedders/offline';
import {
  decodeWordVectors,
  wordVectorsCandidates,
} from '../electron/memory/embedders/word-vectors';
import { momentText } from '../electron/memory/types';
import { loadParaphraseSet, recallAtK } from '../test/memory/embedders/paraphrase-set';

const DIM = 768;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(6);

function timeIt(runs: number, fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

const file = wordVectorsCandidates().find((p) => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
});
if (!file) throw new Error('resources/word-vectors.bin not found');
const loadMs = timeIt(15, () => decodeWordVectors(readFileSync(file)));

const set = loadParaphraseSet();
const lexical = new LexicalEmbedder(DIM);
const semantic = new OfflineEmbedder(DIM);
const texts = [...set.pairs.flat(), ...set.distractors].map((m) => momentText(m.task, m.context));
// Per moment: median over rounds of the mean over all moments (after a warm-up round).
const perMoment = (embed: (t: string) => Float32Array) => {
  for (const t of texts) embed(t);
  return (timeIt(30, () => texts.forEach(embed)) / texts.length) * 1000;
};

const rows = [lexical, semantic].map((e) => {
  const r = recallAtK((t) => e.embedOne(t), 3, set);
  const us = perMoment((t) => e.embedOne(t));
  return `  ${e.model.padEnd(24)} ${pct(r.dev)}   ${pct(r.heldOut)}   ${us.toFixed(1).padStart(6)} µs`;
});
console.log(
  [
    `paraphrase recall@3: ${set.pairs.length} pairs (dev = even, held-out = odd), ${set.distractors.length} distractors, ${DIM} dims`,
    `  ${'embedder'.padEnd(24)}    dev   held-out   per moment`,
    ...rows,
    `word vectors: ${file} (${(statSync(file).size / 1e6).toFixed(2)} MB), read + decode ${loadMs.toFixed(1)} ms (median of 15)`,
  ].join('\n'),
);
