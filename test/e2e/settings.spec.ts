// Settings: a saved Gemini key is masked and can never be read back (not in the page, not in any
// input, not in any bridge response); the Redis test lists the doctor's findings; preferences save;
// deleting data needs the typed confirmation phrase.
import type { Response } from '@playwright/test';
import { DELETE_CONFIRMATION } from '../../shared/ipc';
import { expect, test } from './fixtures';

const GEMINI_KEY = 'AIzaSyE2E-test-key-0123456789abcdefXYZ';

test('a saved Gemini key is masked and never readable from the page', async ({ page }) => {
  const bodies: Promise<string>[] = [];
  page.on('response', (response: Response) => {
    if (new URL(response.url()).pathname.startsWith('/api/invoke/')) {
      bodies.push(response.text().catch(() => ''));
    }
  });

  await page.goto('/#/settings');
  await expect(page.getByText('Secrets are kept in memory only')).toBeVisible();
  const keyInput = page.getByLabel('Gemini API key');
  await expect(keyInput).toHaveAttribute('type', 'password');
  await keyInput.fill(GEMINI_KEY);
  await page.getByRole('region', { name: 'Gemini' }).getByRole('button', { name: 'Save' }).click();

  await expect(page.getByText(/^Saved — stored in In memory only/)).toBeVisible();
  await expect(keyInput).toHaveValue('');

  // Testing the key reaches Gemini (unreachable here) and reports back without echoing it.
  await page.getByRole('button', { name: 'Test key' }).click();
  await expect(page.getByRole('region', { name: 'Gemini' }).locator('.test-result')).toContainText(
    /✓|✗/,
  );

  // After a reload the page only knows that a key is set.
  await page.reload();
  await expect(page.getByText(/^Saved — stored in In memory only/)).toBeVisible();

  expect(await page.content()).not.toContain(GEMINI_KEY);
  for (const input of await page.locator('input, textarea').all()) {
    expect(await input.inputValue()).not.toContain(GEMINI_KEY);
  }
  const seen = await Promise.all(bodies);
  expect(seen.length).toBeGreaterThan(3);
  for (const body of seen) expect(body).not.toContain(GEMINI_KEY);
});

test('Test connection lists the doctor findings', async ({ page }) => {
  await page.goto('/#/settings');
  const memory = page.getByRole('region', { name: 'Memory' });
  await expect(memory).toContainText('embedded local store');
  // No jargon in the default view: the technical details are behind "Advanced".
  for (const jargon of ['REDIS_URL', 'keel-offline', 'PONG', 'dimensions']) {
    await expect(memory.getByText(jargon).filter({ visible: true })).toHaveCount(0);
  }
  await memory.getByRole('button', { name: 'Test connection' }).click();
  await expect(memory.locator('.doctor-list li').first()).toBeVisible();
  await expect(memory.getByText(/PONG/).filter({ visible: true })).toHaveCount(0);
  await memory.getByText('Advanced: technical details').click();
  await expect(memory.getByText(/^ping: /)).toBeVisible();
});

test('preferences are validated and saved', async ({ page }) => {
  await page.goto('/#/settings');
  const interval = page.getByLabel('Check-in interval (minutes)');
  await interval.fill('2');
  await page.getByRole('button', { name: 'Save settings' }).click();
  // Said at the field, in plain words, and focus goes there.
  await expect(interval).toHaveAttribute('aria-invalid', 'true');
  await expect(interval).toHaveAccessibleDescription(
    /Check-in interval must be at least 5 minutes\./,
  );
  await expect(interval).toBeFocused();
  await expect(page.getByText('Too small')).toHaveCount(0);
  await expect(page.getByRole('alert')).toContainText('Nothing was saved');

  await interval.fill('25');
  await page.getByRole('checkbox', { name: 'Saturday' }).check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Check-in interval (minutes)')).toHaveValue('25');
  await expect(page.getByRole('checkbox', { name: 'Saturday' })).toBeChecked();
});

test('export works and delete needs the confirmation phrase', async ({ page }) => {
  await page.goto('/#/settings');
  await page.getByRole('button', { name: 'Export my data' }).click();
  await expect(page.getByText(/^Exported \d+ check-ins? and \d+ reflections? to /)).toBeVisible();

  const deleteButton = page.getByRole('button', { name: 'Delete my data' });
  const confirm = page.getByLabel('Delete my data');
  await expect(deleteButton).toBeDisabled();
  await confirm.fill('delete');
  await expect(deleteButton).toBeDisabled();
  await confirm.fill(DELETE_CONFIRMATION);
  await deleteButton.click();
  await expect(page.getByText(/^Deleted \d+ records/)).toBeVisible();
});
