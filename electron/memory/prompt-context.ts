// Builds the memory section of a prompt: the most recent reflection insights, the nudges that worked
// recently (with their strategy) and per-strategy success counts, and the per-user cache of that text
// (dropped by every write). The text itself is built purely from what the memory service fetched.
import { SUCCESS_OUTCOMES, type Insight, type InterventionSummary } from '../../shared/domain';
import { LRUCache } from 'lru-cache';

export const PROMPT_CONTEXT_LIMITS = {
  insights: 5,
  worked: 5,
  /** How many recent interventions feed the per-strategy counts. */
  history: 200,
} as const;

export interface StrategyTally {
  strategy: string;
  tries: number;
  successes: number;
}

/**
 * Tries and successes per strategy (interventions without a strategy are not counted, and neither
 * is a snooze: "not now" says the moment was wrong, not the strategy).
 */
export function tallyStrategies(interventions: readonly InterventionSummary[]): StrategyTally[] {
  const tallies = new Map<string, StrategyTally>();
  for (const item of interventions) {
    if (!item.strategy || item.outcome === 'not_now') continue;
    const tally = tallies.get(item.strategy) ?? { strategy: item.strategy, tries: 0, successes: 0 };
    tally.tries += 1;
    if (SUCCESS_OUTCOMES.includes(item.outcome)) tally.successes += 1;
    tallies.set(item.strategy, tally);
  }
  return [...tallies.values()].sort(
    (a, b) =>
      b.successes - a.successes || b.tries - a.tries || a.strategy.localeCompare(b.strategy),
  );
}

/**
 * The prompt text. `insights` and `recent` are newest first. Returns '' when there is nothing to say,
 * so callers can leave the section out of the prompt entirely.
 */
export function buildPromptContext(
  insights: readonly Insight[],
  recent: readonly InterventionSummary[],
): string {
  const sections: string[] = [];
  const latestInsights = insights.slice(0, PROMPT_CONTEXT_LIMITS.insights);
  if (latestInsights.length) {
    sections.push(
      [
        'What we have learned about this person:',
        ...latestInsights.map((i) => `- ${oneLine(i.text)}`),
      ].join('\n'),
    );
  }
  const worked = recent
    .filter((r) => SUCCESS_OUTCOMES.includes(r.outcome))
    .slice(0, PROMPT_CONTEXT_LIMITS.worked);
  if (worked.length) {
    sections.push(
      [
        'Nudges that worked recently:',
        ...worked.map(
          (r) =>
            `- ${r.strategy ? `[${r.strategy}] ` : ''}"${oneLine(r.intervention)}" (task: ${oneLine(r.task)}; outcome: ${r.outcome})`,
        ),
      ].join('\n'),
    );
  }
  const tallies = tallyStrategies(recent);
  if (tallies.length) {
    sections.push(
      [
        'Strategy results so far (successes/tries):',
        ...tallies.map((t) => `- ${t.strategy}: ${t.successes}/${t.tries}`),
      ].join('\n'),
    );
  }
  return sections.join('\n\n');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

// The cached prompt context per user (recent insights and what has worked, as prompt text): kept five
// minutes, and dropped by every write for that user.
const CONTEXT_TTL_MS = 5 * 60_000;

export class PromptContextCache {
  private readonly cache: LRUCache<string, string>;
  /** Bumped by every write for a user, so a context computed before the write is not cached after it. */
  private readonly generations = new Map<string, number>();

  constructor(clock: () => number) {
    this.cache = new LRUCache<string, string>({
      max: 100,
      ttl: CONTEXT_TTL_MS,
      perf: { now: () => clock() },
    });
  }

  /**
   * The cached text, or `build()`'s. It is cached only if `cacheable()` still holds afterwards and no
   * write for the user happened meanwhile.
   */
  async get(user: string, build: () => Promise<string>, cacheable: () => boolean): Promise<string> {
    const cached = this.cache.get(user);
    if (cached !== undefined) return cached;
    const generation = this.generation(user);
    const text = await build();
    if (cacheable() && generation === this.generation(user)) this.cache.set(user, text);
    return text;
  }

  invalidate(user: string): void {
    this.cache.delete(user);
    this.generations.set(user, this.generation(user) + 1);
  }

  private generation(user: string): number {
    return this.generations.get(user) ?? 0;
  }
}
