// Corrections end to end in the browser preview (real core, embedded store): answer a check-in,
// say "Not quite?" and pick what was meant, then see History show it — and change and delete the
// check-in there.
import { answerStatus, expect, startFreshSession, test } from './fixtures';

test('answer, correct the outcome, and see History change', async ({ page }) => {
  const task = `Sort the receipts ${Date.now()}`;
  await startFreshSession(page, task);

  await page.getByRole('button', { name: 'Check in now' }).click();
  await expect(page.locator('.checkin__task')).toContainText(task);
  await page
    .getByRole('group', { name: 'Quick replies' })
    .getByRole('button', { name: 'Got distracted' })
    .click();
  const status = answerStatus(page);
  await expect(status).toContainText('Heard: Got distracted');

  // One press opens the other outcomes (focus on the first), one more picks.
  await page.getByRole('button', { name: 'Not quite?' }).click();
  const options = page.getByRole('group', { name: 'What did you mean?' });
  await expect(options.getByRole('button').first()).toBeFocused();
  await options.getByRole('button', { name: 'Stuck' }).click();
  await expect(status).toContainText('Heard: Stuck');
  await expect(status).toContainText('as you told me');

  await page.getByRole('link', { name: 'History' }).click();
  const row = page
    .getByRole('region', { name: 'Recent check-ins' })
    .getByRole('listitem')
    .filter({ hasText: task });
  await expect(row).toHaveCount(1);
  await expect(row.locator('.outcome-chip')).toHaveText('Stuck');

  // Change it again in History, from the keyboard-reachable controls.
  await row.getByRole('button', { name: 'Change' }).click();
  await row.getByLabel('What happened').selectOption({ label: 'Back on it' });
  await row.getByRole('button', { name: 'Save' }).click();
  await expect(row.locator('.outcome-chip')).toHaveText('Back on it');

  // Delete asks first; keeping it changes nothing, confirming removes it.
  await row.getByRole('button', { name: 'Delete' }).click();
  await row.getByRole('button', { name: 'Keep it' }).click();
  await expect(row).toHaveCount(1);
  await row.getByRole('button', { name: 'Delete' }).click();
  await row.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(row).toHaveCount(0);
});
