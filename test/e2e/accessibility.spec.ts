// Automated accessibility audit (axe-core) of every view in the state a person sees it: an open
// check-in, an answered one, history with data, settings. Serious and critical WCAG 2.1 A/AA
// violations fail the test; the list printed on failure names the rule and the elements.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { answerStatus, checkInWith, expect, openCheckIn, test } from './fixtures';

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the check-in window has no serious accessibility violations, open or answered (${colorScheme})`, async ({
    page,
  }) => {
    // The size of the check-in window, where the open check-in is laid out tightest.
    await page.setViewportSize({ width: 380, height: 520 });
    await page.emulateMedia({ colorScheme });
    await openCheckIn(page);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Your reply').fill('ok, on it');
    await page.keyboard.press('Enter');
    await expect(answerStatus(page)).toContainText('Heard:');
    expect(await seriousViolations(page)).toEqual([]);
  });
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`history and settings have no serious accessibility violations (${colorScheme})`, async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme });
    await auditHistoryAndSettings(page);
  });
}

async function auditHistoryAndSettings(page: Page): Promise<void> {
  await checkInWith(page, 'Done');
  await page.goto('/#/history');
  await expect(page.getByRole('heading', { name: 'History & insights' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.goto('/#/settings');
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
}
