// First run on a fresh data directory: the welcome explains Keel, offline vs Gemini (offline recall
// uses word meanings), and setting the first task completes onboarding.
import { expect, test } from './fixtures';

test('first run shows onboarding and completes it with a first task', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome to Keel' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Works offline' })).toBeVisible();
  await expect(page.getByText(/word meanings/)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Better with Gemini' })).toBeVisible();
  // No navigation before onboarding is done.
  await expect(page.getByRole('navigation', { name: 'Keel' })).toHaveCount(0);

  const task = page.getByLabel('What would you like to work on first?');
  // Empty is allowed, and the button says so plainly.
  await expect(page.getByRole('button', { name: 'Start, add a task later' })).toBeVisible();
  await task.fill('write the project summary');
  await page.getByRole('button', { name: 'Start with Keel' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Check-in' })).toBeVisible();
  await expect(page.getByText('Working on write the project summary')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Keel' })).toBeVisible();

  // Onboarding is remembered.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Check-in' })).toBeVisible();
});
