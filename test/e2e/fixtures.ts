// Shared end-to-end helpers: a `page` that fails the test on any Content-Security-Policy violation
// or uncaught page error, and small steps used by several specs.
import { expect, test as base, type Page } from '@playwright/test';

export const test = base.extend<{ page: Page }>({
  page: async ({ page }, use) => {
    const problems: string[] = [];
    page.on('console', (message) => {
      if (
        message.type() === 'error' &&
        /Content Security Policy|Refused to/i.test(message.text())
      ) {
        problems.push(message.text());
      }
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await use(page);
    expect(problems, 'CSP violations or page errors').toEqual([]);
  },
});

export { expect };

/** Opens the check-in view and starts a check-in with the button. */
export async function openCheckIn(page: Page): Promise<void> {
  await page.goto('/#/checkin');
  // Loaded: either a check-in already waits (its task controls are folded) or the session line shows.
  const waiting = page.locator('.view--checkin-open');
  await expect(
    waiting.or(page.getByText(/No focus session running|Focus session since/)).first(),
  ).toBeVisible();
  if (!(await waiting.isVisible())) {
    await page.getByRole('button', { name: 'Check in now' }).click();
  }
  await expect(page.getByRole('group', { name: 'Quick replies' })).toBeVisible();
}

/** The live region that shows what Keel heard and the coach's follow-up. */
export function answerStatus(page: Page) {
  return page.locator('.answer-status[role="status"]');
}

/** Answers one check-in with a quick reply and waits for the follow-up. */
/**
 * Ends whatever focus session earlier specs left running (unfolding the task controls if a check-in
 * waits) and starts a fresh one on `task`.
 */
export async function startFreshSession(page: Page, task: string): Promise<void> {
  await page.goto('/#/checkin');
  const waiting = page.locator('.view--checkin-open');
  await expect(
    waiting.or(page.getByText(/No focus session running|Focus session since/)).first(),
  ).toBeVisible();
  if (await waiting.isVisible()) await page.getByText('Task & session').click();
  await expect(page.getByText(/No focus session running|Focus session since/)).toBeVisible();
  const end = page.getByRole('button', { name: 'End focus session' });
  if (await end.isVisible()) {
    await end.click();
    // Wait for the ended session to be shown: its arrival resets the task field.
    await expect(page.getByText(/No focus session running/)).toBeVisible();
  }
  await page.getByLabel(/Change the task|What are you working on/).fill(task);
  await page.getByRole('button', { name: 'Start focus session' }).click();
  await expect(page.locator('.task-now')).toContainText(task);
}

export async function checkInWith(page: Page, label: string): Promise<void> {
  await openCheckIn(page);
  await page
    .getByRole('group', { name: 'Quick replies' })
    .getByRole('button', { name: label })
    .click();
  await expect(answerStatus(page)).toContainText('Heard:');
}

/**
 * Sends a preview test hook (KEEL_PREVIEW_TEST_HOOKS): what the Electron main process would emit.
 * Waits until the page has subscribed to the event stream first, so the event is not lost.
 */
export async function sendTestHook(page: Page, name: string, data: object = {}): Promise<void> {
  const token = await page.locator('meta[name="keel-bridge-token"]').getAttribute('content');
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  await expect
    .poll(async () => {
      const res = await page.request.post('/api/test/subscribers', { headers, data: {} });
      return (await res.json()).value.count;
    })
    .toBeGreaterThan(0);
  const response = await page.request.post(`/api/test/${name}`, { headers, data });
  expect(response.ok()).toBe(true);
}

/** How often the page asked the preview for each host action (e.g. hiding its window). */
export async function hostActions(page: Page): Promise<Record<string, number>> {
  const token = await page.locator('meta[name="keel-bridge-token"]').getAttribute('content');
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const response = await page.request.post('/api/test/host-actions', { headers, data: {} });
  return (await response.json()).value;
}
