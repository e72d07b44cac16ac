// Check-ins through the real core: answered by button and by text, the detected outcome and the
// coach's follow-up in the live region, "What worked before" after a few check-ins, and a check-in
// pushed by the main process (the checkin:due event) opening by itself.
import {
  answerStatus,
  checkInWith,
  expect,
  openCheckIn,
  sendTestHook,
  startFreshSession,
  test,
} from './fixtures';

test('a check-in answered with a button shows the outcome and the follow-up', async ({ page }) => {
  await openCheckIn(page);
  await expect(page.getByText('Your task', { exact: true }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Stuck' }).click();

  const status = answerStatus(page);
  await expect(status).toHaveAttribute('aria-live', 'polite');
  await expect(status).toContainText('Heard: Stuck');
  await expect(status).toContainText('from the button you chose');
  await expect(status.locator('.answer__followup')).not.toBeEmpty();
  await expect(page.getByRole('group', { name: 'Quick replies' })).toHaveCount(0);
});

test('a check-in answered with text shows the detected outcome and the follow-up', async ({
  page,
}) => {
  await openCheckIn(page);
  await page.getByLabel('Your reply').fill('got distracted by email again');
  await page.getByRole('button', { name: 'Send' }).click();

  const status = answerStatus(page);
  await expect(status).toContainText('Heard: Got distracted');
  await expect(status).toContainText('from your words');
  await expect(status.locator('.answer__followup')).not.toBeEmpty();
});

test('similar past interventions that worked are shown after a few check-ins', async ({ page }) => {
  await startFreshSession(page, `Water the garden ${Date.now()}`);
  // "On it" each time: a task reported done is finished, and the next session starts without it.
  await checkInWith(page, 'On it');
  await checkInWith(page, 'On it');
  await checkInWith(page, 'On it');
  // "Before" means before this focus session: end it, and the next one shows what worked.
  await page.getByRole('button', { name: 'End focus session' }).click();
  await expect(page.getByRole('button', { name: 'Start focus session' })).toBeVisible();
  await openCheckIn(page);

  // Folded below the open check-in, so the check-in itself fits the window.
  await page.getByText(/^Worked before/).click();
  const worked = page.getByRole('region', { name: 'What worked before' });
  const items = worked.getByRole('listitem');
  await expect(items.first()).toBeVisible();
  await expect(items.first()).toContainText(/\d+% similar/);
  await expect(items.first().locator('time')).toHaveText(/now|minute|second|ago/);
  await expect(items.first()).toContainText(/Done|Back on it/);
});

test('a check-in sent by the main process opens by itself', async ({ page }) => {
  await page.goto('/#/history');
  await expect(page.getByRole('heading', { level: 1, name: 'History & insights' })).toBeVisible();
  await sendTestHook(page, 'checkin-due');
  await expect(page.getByRole('heading', { level: 1, name: 'Check-in' })).toBeVisible();
  // Focus waits in the reply box, never on a button that would answer.
  await expect(page.getByLabel('Your reply')).toBeFocused();
});

test('the tray\'s "Current task" opens the check-in view with the task field focused', async ({
  page,
}) => {
  await page.goto('/#/settings');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await sendTestHook(page, 'navigate', { view: 'checkin', focus: 'task' });
  await expect(page.getByRole('heading', { level: 1, name: 'Check-in' })).toBeVisible();
  await expect(page.locator('[data-focus-target="task"]')).toBeFocused();
});
