// Recall@3 of the offline embedders on the paraphrase set: prints the figures the README quotes.
// The meaning weight and SIF constant were chosen on the dev half; the held-out half is reported.
import { describe, expect, it } from 'vitest';
import { LexicalEmbedder, OfflineEmbedder } from '../../../electron/memory/embedders/offline';
import { loadParaphraseSet, recallAtK } from './paraphrase-set';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

describe('paraphrase recall@3', () => {
  it('the semantic offline embedder beats the lexical one by at least 25 points', () => {
    const set = loadParaphraseSet();
    const lexical = new LexicalEmbedder(768);
    const semantic = new OfflineEmbedder(768);
    const old = recallAtK((t) => lexical.embedOne(t), 3, set);
    const now = recallAtK((t) => semantic.embedOne(t), 3, set);
    console.log(
      [
        `paraphrase recall@3 (${set.pairs.length} pairs, ${set.distractors.length} distractors, 768 dims)`,
        `  ${lexical.model.padEnd(24)} dev ${pct(old.dev)}  held-out ${pct(old.heldOut)}`,
        `  ${semantic.model.padEnd(24)} dev ${pct(now.dev)}  held-out ${pct(now.heldOut)}`,
      ].join('\n'),
    );
    expect(now.heldOut - old.heldOut).toBeGreaterThanOrEqual(0.25);
    expect(now.dev - old.dev).toBeGreaterThanOrEqual(0.25);
  });
});
