import { describe, expect, it } from 'vitest';
import { OfflineEmbedder, stem, tokenize } from '../../../electron/memory/embedders/offline';
import { dot } from '../../../electron/memory/vector-math';
import { OFFLINE_EMBEDDING_MODEL } from '../../../shared/settings';

const embedder = new OfflineEmbedder(768);
async function similarity(a: string, b: string): Promise<number> {
  const [x, y] = await embedder.embed([a, b]);
  return dot(x!, y!);
}

describe('OfflineEmbedder', () => {
  it('identifies itself with the offline model id and the configured dimension', async () => {
    const e = new OfflineEmbedder(256);
    expect([e.kind, e.model, e.dim]).toEqual(['offline', OFFLINE_EMBEDDING_MODEL, 256]);
    const [v] = await e.embed(['write the report']);
    expect(v).toHaveLength(256);
  });

  it('is deterministic across instances', async () => {
    const [a] = await new OfflineEmbedder(768).embed(['Writing the quarterly report']);
    const [b] = await new OfflineEmbedder(768).embed(['Writing the quarterly report']);
    expect(Array.from(a!)).toEqual(Array.from(b!));
  });

  it('returns unit-length vectors, also for empty and punctuation-only text', async () => {
    for (const v of await embedder.embed([
      'a long task description about planning',
      '',
      '?!…',
      'the',
    ])) {
      expect(Math.sqrt(dot(v, v))).toBeCloseTo(1, 5);
      expect(v.every(Number.isFinite)).toBe(true);
    }
  });

  it('ranks similar wording clearly above unrelated text', async () => {
    const anchor = 'Writing the quarterly report for finance';
    const similar = await similarity(anchor, 'write quarterly finance report');
    const unrelated = await similarity(anchor, 'Feeding the cat and doing laundry');
    expect(similar).toBeGreaterThan(0.4);
    expect(unrelated).toBeLessThan(0.15);
    expect(similar - unrelated).toBeGreaterThan(0.3);
  });

  it('orders neighbours by shared wording', async () => {
    const query = 'stuck answering emails in my inbox';
    const candidates = [
      'answering emails',
      'cleaning the inbox of emails later',
      'debugging the login page crash',
    ];
    const scores = await Promise.all(candidates.map((c) => similarity(query, c)));
    expect(scores[0]).toBeGreaterThan(scores[2]!);
    expect(scores[1]).toBeGreaterThan(scores[2]!);
  });

  it('is insensitive to case, punctuation and simple inflection', async () => {
    expect(await similarity('Plan the week!', 'plan the week')).toBeCloseTo(1, 5);
    expect(await similarity('emails', 'email')).toBeCloseTo(1, 5);
    expect(await similarity('debugging crashes', 'debug crash')).toBeCloseTo(1, 5);
  });

  it('rejects a nonsensical dimension', () => {
    expect(() => new OfflineEmbedder(0)).toThrow(RangeError);
    expect(() => new OfflineEmbedder(12.5)).toThrow(RangeError);
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
