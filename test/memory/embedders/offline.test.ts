import { describe, expect, it } from 'vitest';
import {
  LexicalEmbedder,
  OfflineEmbedder,
  meaningTokens,
  stem,
  tokenize,
} from '../../../electron/memory/embedders/offline';
import { momentText } from '../../../electron/memory/types';
import { dot } from '../../../electron/memory/vector-math';
import { OFFLINE_EMBEDDING_MODEL } from '../../../shared/settings';

const embedder = new OfflineEmbedder(768);
const lexical = new LexicalEmbedder(768);
function similarity(a: string, b: string, e: OfflineEmbedder | LexicalEmbedder = embedder) {
  return dot(e.embedOne(a), e.embedOne(b));
}

describe('OfflineEmbedder', () => {
  it('identifies itself with the offline model id and the configured dimension', async () => {
    const e = new OfflineEmbedder(256);
    expect([e.kind, e.model, e.dim]).toEqual(['offline', OFFLINE_EMBEDDING_MODEL, 256]);
    expect(OFFLINE_EMBEDDING_MODEL).not.toBe(lexical.model);
    const [v] = await e.embed(['write the report']);
    expect(v).toHaveLength(256);
  });

  it('is deterministic across instances', async () => {
    const [a] = await new OfflineEmbedder(768).embed(['Writing the quarterly report']);
    const [b] = await new OfflineEmbedder(768).embed(['Writing the quarterly report']);
    expect(Array.from(a!)).toEqual(Array.from(b!));
  });

  it('returns unit-length vectors, also for empty, punctuation-only and unknown words', async () => {
    for (const dim of [16, 64, 768]) {
      const e = new OfflineEmbedder(dim);
      for (const v of await e.embed([
        'a long task about planning',
        '',
        '?!…',
        'the',
        'zxqv blorf',
      ])) {
        expect(v).toHaveLength(dim);
        expect(Math.sqrt(dot(v, v))).toBeCloseTo(1, 5);
        expect(v.every(Number.isFinite)).toBe(true);
      }
    }
  });

  it('finds a moment that means the same in other words, where the lexical embedder does not', () => {
    const query = momentText('Write the essay', "can't get into it");
    const paraphrase = momentText('History paper', 'stuck on the introduction');
    const unrelated = momentText('Feed the cat', 'she is hungry');
    expect(similarity(query, paraphrase)).toBeGreaterThan(similarity(query, unrelated) + 0.2);
    expect(similarity(query, paraphrase, lexical)).toBeLessThan(
      similarity(query, unrelated, lexical),
    );
  });

  it('keeps unrelated moments apart although every record carries the Task/Context labels', () => {
    const a = momentText('Reply to emails', 'inbox is full');
    const b = momentText('Fix the bike tyre', 'have the repair kit');
    expect(similarity(a, b)).toBeLessThan(0.15);
    expect(similarity(a, b, lexical)).toBeGreaterThan(0.15);
  });

  it('still ranks shared wording above unrelated text', () => {
    const anchor = 'Writing the quarterly report for finance';
    expect(similarity(anchor, 'write quarterly finance report')).toBeGreaterThan(0.6);
    expect(similarity(anchor, 'Feeding the cat and doing laundry')).toBeLessThan(0.15);
    // Words GloVe lacks (names, typos) still meet through the wording block.
    expect(similarity('fix Zorblax deploy', 'Zorblax deploy broke')).toBeGreaterThan(
      similarity('fix Zorblax deploy', 'Quuxly deploy broke'),
    );
  });

  it('rejects a nonsensical dimension or weight', () => {
    expect(() => new OfflineEmbedder(0)).toThrow(RangeError);
    expect(() => new OfflineEmbedder(12.5)).toThrow(RangeError);
    expect(() => new OfflineEmbedder(64, { meaningWeight: 1.5 })).toThrow(RangeError);
    expect(() => new OfflineEmbedder(64, { sifA: 0 })).toThrow(RangeError);
  });

  it('says clearly when the word-vector file is missing', () => {
    expect(() => new OfflineEmbedder(64, { wordVectorsPath: '/nonexistent/wv.bin' })).toThrow(
      /cannot read \/nonexistent\/wv\.bin/,
    );
  });
});

describe('meaning tokens', () => {
  it('drops the moment labels and spells out contractions, with or without the apostrophe', () => {
    expect(meaningTokens("Task: Essay\nContext: can't start, I'm stuck")).toEqual([
      'essay',
      'can',
      'not',
      'start',
      'i',
      'am',
      'stuck',
    ]);
    expect(meaningTokens("won't, shan't, didn't")).toEqual([
      'will',
      'not',
      'shall',
      'not',
      'did',
      'not',
    ]);
    expect(meaningTokens('dont know, wont help, the task is mine')).toEqual([
      'do',
      'not',
      'know',
      'will',
      'not',
      'help',
      'the',
      'task',
      'is',
      'mine',
    ]);
  });
});

describe('LexicalEmbedder (the first offline embedder, kept as the baseline)', () => {
  it('keeps its own model id', () => {
    expect([lexical.kind, lexical.model, lexical.dim]).toEqual([
      'offline',
      'keel-offline-hash-v1',
      768,
    ]);
  });

  it('is insensitive to case, punctuation and simple inflection', () => {
    expect(similarity('Plan the week!', 'plan the week', lexical)).toBeCloseTo(1, 5);
    expect(similarity('emails', 'email', lexical)).toBeCloseTo(1, 5);
    expect(similarity('debugging crashes', 'debug crash', lexical)).toBeCloseTo(1, 5);
  });

  it('orders neighbours by shared wording', () => {
    const query = 'stuck answering emails in my inbox';
    const scores = [
      'answering emails',
      'cleaning the inbox of emails later',
      'debugging the login page crash',
    ].map((c) => similarity(query, c, lexical));
    expect(scores[0]).toBeGreaterThan(scores[2]!);
    expect(scores[1]).toBeGreaterThan(scores[2]!);
  });
});

describe('tokenize and stem', () => {
  it('lowercases, strips accents and punctuation', () => {
    expect(tokenize("Café-crème, don't STOP!")).toEqual(['cafe', 'creme', 'dont', 'stop']);
  });

  it('stems plurals, -ing and -ed lightly', () => {
    expect(
      ['tasks', 'stories', 'boxes', 'planning', 'stopped', 'class', 'focus', 'ring'].map(stem),
    ).toEqual(['task', 'story', 'box', 'plan', 'stop', 'class', 'focus', 'ring']);
  });
});
