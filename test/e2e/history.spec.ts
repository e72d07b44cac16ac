// History & insights: outcomes per day as an SVG bar chart with a text summary and a table
// alternative, what works for me, and recent check-ins.
import { checkInWith, expect, test } from './fixtures';

test('the history chart shows stacked outcome bars with a text alternative', async ({ page }) => {
  await checkInWith(page, 'Done');
  await checkInWith(page, 'Got distracted');

  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'History & insights' })).toBeVisible();

  const chart = page.getByRole('figure', { name: /outcomes per day/ });
  await expect(chart.locator('svg').filter({ has: page.locator('.recharts-bar') })).toBeVisible();
  // Two outcomes on the same day: at least two stacked bar segments.
  const bars = chart.locator('.recharts-bar-rectangle path');
  await expect(bars.nth(1)).toBeVisible();

  await expect(page.locator('.chart-summary')).toContainText(/\d+ check-ins? over \d+ days?/);
  await page.getByText('Show these numbers as a table').click();
  const table = page.getByRole('table', { name: 'Check-ins per day by outcome' });
  await expect(table).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'Got distracted' })).toBeVisible();

  await expect(page.getByRole('heading', { name: 'What works for me' })).toBeVisible();
  await expect(page.getByRole('table', { name: /strategies/ }).getByRole('row')).not.toHaveCount(0);
  await expect(
    page.getByRole('region', { name: 'Recent check-ins' }).getByRole('listitem').first(),
  ).toBeVisible();
});
