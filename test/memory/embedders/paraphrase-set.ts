// The paraphrase retrieval set (test/fixtures/paraphrase-moments.json) and recall@k over it, shared
// by the recall test and `npm run eval:embedder`. Each side of a pair is a query; the corpus is
// every other moment (both sides of all other pairs, the partner, and the distractors); a query
// scores when its partner is among the k nearest. Pairs with an even index form the dev half.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { momentText } from '../../../electron/memory/types';
import { dot } from '../../../electron/memory/vector-math';

const MomentSchema = z.object({ task: z.string().min(1), context: z.string() });
const SetSchema = z.object({
  pairs: z.array(z.tuple([MomentSchema, MomentSchema])).min(60),
  distractors: z.array(MomentSchema),
});

export interface RecallReport {
  dev: number;
  heldOut: number;
  all: number;
}

export function loadParaphraseSet() {
  const file = new URL('../../fixtures/paraphrase-moments.json', import.meta.url);
  return SetSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

export function recallAtK(
  embed: (text: string) => Float32Array,
  k = 3,
  set = loadParaphraseSet(),
): RecallReport {
  const texts = [
    ...set.pairs.flatMap(([a, b]) => [
      momentText(a.task, a.context),
      momentText(b.task, b.context),
    ]),
    ...set.distractors.map((d) => momentText(d.task, d.context)),
  ];
  const vectors = texts.map(embed);
  const hits = { dev: 0, heldOut: 0 };
  for (let q = 0; q < set.pairs.length * 2; q++) {
    const partner = q ^ 1;
    const mine = dot(vectors[q]!, vectors[partner]!);
    // Rank of the partner: how many other moments score higher (ties count against it).
    let above = 0;
    vectors.forEach((v, i) => {
      if (i !== q && i !== partner && dot(vectors[q]!, v) >= mine) above++;
    });
    if (above < k) hits[(q >> 1) % 2 === 0 ? 'dev' : 'heldOut']++;
  }
  const half = set.pairs.length; // queries per half: two per pair, half the pairs
  return {
    dev: hits.dev / half,
    heldOut: hits.heldOut / half,
    all: (hits.dev + hits.heldOut) / (2 * half),
  };
}
