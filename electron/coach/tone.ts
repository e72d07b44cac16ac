// Tone rules for every nudge, follow-up and insight Keel shows: kind, brief, never shaming.
// The strategy library is tested against these, and model-written nudges are rejected when they
// break them (the library wording is used instead).

/** Phrases that blame or shame. Matched case-insensitively on word boundaries. */
export const SHAMING_PATTERNS: readonly RegExp[] = [
  /\bshould(?:n['’]t)? have\b/i,
  /\bagain\s*\?/i,
  /\bwhy (?:haven['’]t|didn['’]t|aren['’]t|don['’]t|can['’]t|won['’]t) you\b/i,
  /\blazy\b/i,
  /\blaziness\b/i,
  /\bstill (?:haven['’]t|not)\b/i,
  /\bsupposed to\b/i,
  /\bfail(?:ed|ure|ing)?\b/i,
  /\bexcuses?\b/i,
  /\bdisappoint/i,
  /\bwast(?:e|ed|ing) (?:time|the day)\b/i,
  /\bprocrastinat/i,
  /\bunproductive\b/i,
  /\bjust do it\b/i,
  /\bcome on\b/i,
];

/** The shaming phrases a text contains (empty = fine). */
export function shamingPhrases(text: string): string[] {
  const found: string[] = [];
  for (const pattern of SHAMING_PATTERNS) {
    const match = pattern.exec(text);
    if (match) found.push(match[0]);
  }
  return found;
}

/**
 * Counts sentences: runs of text ending in . ! ? or … (or the end). Decimal points ("2.5") and
 * common abbreviations do not end a sentence.
 */
export function countSentences(text: string): number {
  const cleaned = text
    .replace(/\b(e\.g|i\.e|etc|vs|min|approx)\./gi, '$1')
    .replace(/(\d)\.(\d)/g, '$1$2')
    .trim();
  if (!cleaned) return 0;
  return cleaned.split(/(?<=[.!?…])\s+/).filter((part) => /[A-Za-z0-9]/.test(part)).length;
}

/** How many emoji a text holds (a nudge may have one at most). */
export function countEmoji(text: string): number {
  return (text.match(/\p{Extended_Pictographic}/gu) ?? []).length;
}
