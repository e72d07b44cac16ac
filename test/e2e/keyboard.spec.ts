// Keyboard only: Tab to "Check in now", Enter opens a check-in with focus in the reply box (a stray
// Enter there answers nothing), Shift+Tab reaches the quick replies where number keys answer, Enter
// sends a typed reply, Esc snoozes. No mouse anywhere.
import type { Page } from '@playwright/test';
import { answerStatus, expect, hostActions, test } from './fixtures';

// Evaluated in the page (a string keeps DOM types out of this Node-side file).
// The focused element's visible name, without aria-hidden parts (a quick reply's key hint).
const FOCUSED_TEXT = `(() => {
  const el = document.activeElement;
  if (!el) return '';
  return Array.from(el.childNodes)
    .filter((n) => !(n.nodeType === 1 && n.getAttribute('aria-hidden') === 'true'))
    .map((n) => n.textContent)
    .join('')
    .trim();
})()`;

/** Presses Tab (or Shift+Tab) until the focused element is the named button (bounded, no timing). */
async function tabTo(page: Page, name: string, key = 'Tab'): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press(key);
    const focused = await page.evaluate<string>(FOCUSED_TEXT);
    if (focused === name) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

test('a check-in can be completed with the keyboard alone', async ({ page }) => {
  await page.goto('/#/checkin');
  await expect(page.getByRole('heading', { level: 1, name: 'Check-in' })).toBeVisible();

  // 1. Focus lands in the reply box; an Enter there with nothing typed answers nothing.
  await tabTo(page, 'Check in now');
  await page.keyboard.press('Enter');
  const reply = page.getByLabel('Your reply');
  await expect(reply).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('group', { name: 'Quick replies' })).toBeVisible();
  await expect(answerStatus(page)).toBeEmpty();

  // 2. Number key, once focus is on the quick replies (Shift+Tab from the box).
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('button', { name: 'Not now' })).toBeFocused();
  await page.keyboard.press('2');
  await expect(answerStatus(page)).toContainText('Heard: Back on it');
  await expect(page.getByRole('heading', { name: 'What Keel heard' })).toBeFocused();

  // 3. Enter on a focused quick reply.
  await tabTo(page, 'Check in now');
  await page.keyboard.press('Enter');
  await expect(reply).toBeFocused();
  await tabTo(page, 'Done', 'Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(answerStatus(page)).toContainText('Heard: Done');

  // 4. Typed reply: digits are text in the box, Enter sends.
  await tabTo(page, 'Check in now');
  await page.keyboard.press('Enter');
  await expect(reply).toBeFocused();
  await page.keyboard.type('stuck on part 3');
  await expect(reply).toHaveValue('stuck on part 3');
  await page.keyboard.press('Enter');
  await expect(answerStatus(page)).toContainText('Heard: Stuck');

  // 5. Esc snoozes.
  await tabTo(page, 'Check in now');
  await page.keyboard.press('Enter');
  await expect(reply).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(answerStatus(page)).toContainText('Snoozed');
  await expect(page.getByRole('group', { name: 'Quick replies' })).toHaveCount(0);

  // 6. Esc on a settled check-in (focus outside any field) asks the host to hide the window: a host
  //    action, not an app channel (the preview counts it; Electron hides the calling window).
  expect(await hostActions(page)).toEqual({});
  await page.evaluate('document.activeElement && document.activeElement.blur()');
  await page.keyboard.press('Escape');
  await expect.poll(() => hostActions(page)).toEqual({ 'window:hide': 1 });
});
