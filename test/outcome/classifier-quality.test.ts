// Quality of outcome detection on the labelled corpus, against floors, and against the reference's
// keyword-substring approach. Print the figures with:
//   npx vitest run test/outcome/classifier-quality.test.ts
// holdout.jsonl is never tuned on (see test/fixtures/corpus/README.md).
import { describe, expect, it } from 'vitest';
import { classifyReply } from '../../shared/outcome';
import { formatScores, loadCorpus, score } from './corpus';
import { keywordBaseline } from './keyword-baseline';

const FLOORS = { dev: 0.9, holdout: 0.85, independent: 0.9 } as const;
const FAIR_SHARE = { dev: 70, holdout: 25, independent: 10 } as const;
const rules = (reply: string) => classifyReply(reply).outcome;

describe.each(['dev', 'holdout', 'independent'] as const)(
  'outcome classifier on %s.jsonl',
  (name) => {
    const rows = loadCorpus(name);
    const ours = score(rows, rules);
    const baseline = score(rows, keywordBaseline);
    console.log(
      [
        formatScores(`${name} (${rows.length} replies) — rules classifier`, ours),
        formatScores(`${name} — reference keyword-substring baseline`, baseline),
        ours.misses.length
          ? `${name} misses:\n${ours.misses.map((m) => `  ${m.gold} → ${m.predicted}: ${JSON.stringify(m.reply)}`).join('\n')}`
          : '',
      ].join('\n'),
    );

    it('covers every class with a fair share of replies', () => {
      for (const cls of [
        'task_completed',
        're_engaged',
        'distracted',
        'stuck',
        'not_now',
        'unclear',
      ]) {
        expect(rows.filter((r) => r.outcome === cls).length).toBeGreaterThanOrEqual(
          FAIR_SHARE[name],
        );
      }
    });

    it(`reaches macro-F1 >= ${FLOORS[name]}`, () => {
      expect(ours.macroF1).toBeGreaterThanOrEqual(FLOORS[name]);
    });

    it('beats the keyword-substring baseline by a wide margin', () => {
      expect(ours.macroF1 - baseline.macroF1).toBeGreaterThan(0.3);
    });
  },
);

describe('the corpus files', () => {
  it('share no reply', () => {
    const dev = new Set(loadCorpus('dev').map((r) => r.reply.trim().toLowerCase()));
    for (const other of ['holdout', 'independent'] as const) {
      const shared = loadCorpus(other).filter((r) => dev.has(r.reply.trim().toLowerCase()));
      expect(shared).toEqual([]);
    }
  });
});
