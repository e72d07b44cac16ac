// Keyboard only: Tab to "Check in now", Enter opens a check-in with focus on the first reply,
// number keys answer, Enter sends a typed reply, Esc snoozes. No mouse anywhere.
import type { Page } from '@playwright/test';
import { answerStatus, expect, test } from './fixtures';

// Evaluated in the page (a string keeps DOM types out of this Node-side file).
const FOCUSED_TEXT = "document.activeElement?.textContent?.trim() ?? ''";
const FOCUSED_ID = "document.activeElement?.id ?? ''";

/** Presses Tab until the focused element is the named button (bounded, no timing). */
async function tabTo(page: Page, name: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate<string>(FOCUSED_TEXT);
    if (focused === name) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

test('a check-in can be completed with the keyboard alone', async ({ page }) => {
  await page.goto('/#/checkin');
  await expect(page.getByRole('heading', { level: 1, name: 'Check-in' })).toBeVisible();

  // 1. Number key.
  await tabTo(page, 'Check in now');
  await page.keyboard.press('Enter');
  const firstReply = page.getByRole('button', { name: 'Done' });
  await expect(firstReply).toBeFocused();
  await page.keyboard.press('2');
  await expect(answerStatus(page)).toContainText('Heard: Back on it');
  await expect(page.getByRole('heading', { name: 'What Keel heard' })).toBeFocused();

  // 2. Enter on the focused quick reply.
  await tabTo(page, 'Check in now');
  await page.keyboard.press('Enter');
  await expect(firstReply).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(answerStatus(page)).toContainText('Heard: Done');

  // 3. Typed reply: Tab from the replies into the box; digits are text there, Enter sends.
  await tabTo(page, 'Check in now');
  await page.keyboard.press('Enter');
  await expect(firstReply).toBeFocused();
  const reply = page.getByLabel('Your reply');
  const replyId = await reply.getAttribute('id');
  for (let i = 0; i < 10 && (await page.evaluate<string>(FOCUSED_ID)) !== replyId; i++) {
    await page.keyboard.press('Tab');
  }
  await expect(reply).toBeFocused();
  await page.keyboard.type('stuck on part 3');
  await expect(reply).toHaveValue('stuck on part 3');
  await page.keyboard.press('Enter');
  await expect(answerStatus(page)).toContainText('Heard: Stuck');

  // 4. Esc snoozes.
  await tabTo(page, 'Check in now');
  await page.keyboard.press('Enter');
  await expect(firstReply).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(answerStatus(page)).toContainText('Snoozed');
  await expect(page.getByRole('group', { name: 'Quick replies' })).toHaveCount(0);
});
