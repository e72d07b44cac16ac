// The outcome colours stay apart for the common colour-vision deficiencies: each colour is read from
// the stylesheet (base.css --outcome-*), seen as a person with full colour vision, protanopia,
// deuteranopia or tritanopia would see it (Machado, Oliveira & Fernandes 2009, full severity), and
// every pair must differ by at least MIN_DELTA_E (CIEDE2000). The Okabe-Ito palette Keel used
// before is measured the same way as the baseline. Run with `npx vitest run
// test/renderer/outcome-palette.test.ts` to print the figures.
import { readFileSync } from 'node:fs';
import {
  differenceCiede2000,
  filterDeficiencyDeuter,
  filterDeficiencyProt,
  filterDeficiencyTrit,
  parse,
  type Color,
} from 'culori';
import { describe, expect, it } from 'vitest';
import { OUTCOMES } from '../../shared/domain';

/** Below about 10 two small patches are easy to confuse; 15 keeps chips and bars clearly apart. */
const MIN_DELTA_E = 15;

type Simulate = (color: Color) => Color;
const VISION: Record<string, Simulate> = {
  'full colour vision': (c) => c,
  protanopia: filterDeficiencyProt(1) as Simulate,
  deuteranopia: filterDeficiencyDeuter(1) as Simulate,
  tritanopia: filterDeficiencyTrit(1) as Simulate,
};
const deltaE = differenceCiede2000();

const OKABE_ITO: Record<string, string> = {
  task_completed: '#009E73',
  re_engaged: '#56B4E9',
  distracted: '#E69F00',
  stuck: '#D55E00',
  not_now: '#CC79A7',
  no_response: '#999999',
  unclear: '#F0E442',
};

const source = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

function stylesheetPalette(): Record<string, string> {
  return Object.fromEntries(
    [
      ...source('../../renderer/src/styles/base.css').matchAll(
        /--outcome-([a-z_]+):\s*(#[0-9a-fA-F]{6})\s*;/g,
      ),
    ].map((m) => [m[1]!, m[2]!]),
  );
}

/** The closest pair under each kind of vision. */
function closestPairs(palette: Record<string, string>) {
  const names = Object.keys(palette);
  return Object.entries(VISION).map(([vision, simulate]) => {
    let closest = { vision, a: '', b: '', deltaE: Infinity };
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) {
        const a = simulate(parse(palette[names[i]!]!) as Color);
        const b = simulate(parse(palette[names[j]!]!) as Color);
        const d = deltaE(a, b);
        if (d < closest.deltaE) closest = { vision, a: names[i]!, b: names[j]!, deltaE: d };
      }
    }
    return closest;
  });
}

const table = (rows: ReturnType<typeof closestPairs>) =>
  rows.map((r) => `  ${r.vision}: ${r.deltaE.toFixed(1)} (${r.a} / ${r.b})`).join('\n');

describe('outcome palette', () => {
  it('has one colour per outcome in the stylesheet, and the renderer uses those', () => {
    const palette = stylesheetPalette();
    expect(Object.keys(palette).sort()).toEqual([...OUTCOMES].sort());
    // The chart (format/outcomes.ts) and the chips (components.css) use these, not their own.
    const format = source('../../renderer/src/format/outcomes.ts');
    const chips = source('../../renderer/src/styles/components.css');
    for (const outcome of OUTCOMES) {
      expect(format).toContain(`${outcome}: 'var(--outcome-${outcome})'`);
      expect(chips).toContain(`--chip: var(--outcome-${outcome});`);
    }
    expect(`${format}\n${chips}`).not.toMatch(/#[0-9a-fA-F]{6}\b/);
  });

  it(`keeps every pair at least ${MIN_DELTA_E} apart (CIEDE2000) with each colour-vision deficiency`, () => {
    const ours = closestPairs(stylesheetPalette());
    const baseline = closestPairs(OKABE_ITO);
    console.log(
      `closest outcome colours, CIEDE2000 (min required ${MIN_DELTA_E}):\nKeel:\n${table(ours)}\nOkabe-Ito (before):\n${table(baseline)}`,
    );
    for (const row of ours) {
      expect(row.deltaE, `${row.vision}: ${row.a} / ${row.b}`).toBeGreaterThanOrEqual(MIN_DELTA_E);
    }
    // The measure bites: the palette used before fails it.
    expect(Math.min(...baseline.map((r) => r.deltaE))).toBeLessThan(MIN_DELTA_E);
  });
});
