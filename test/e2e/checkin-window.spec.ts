// The check-in window as it opens (380×520, the tray window's size), in light and dark: the nudge,
// the quick replies and the reply box are all on screen without scrolling, the task is named once,
// focus is in the reply box and a stray Enter answers nothing. Screenshots of it are kept as test
// artefacts (test-results/…/checkin-380x520-<scheme>.png).
import { expect, openCheckIn, test } from './fixtures';

// Evaluated in the page (strings keep DOM types out of this Node-side file).
const PAGE_SIZE = `({
  scrollHeight: document.documentElement.scrollHeight,
  scrollWidth: document.documentElement.scrollWidth,
  innerHeight: window.innerHeight,
  innerWidth: window.innerWidth,
})`;
type PageSize = {
  scrollHeight: number;
  scrollWidth: number;
  innerHeight: number;
  innerWidth: number;
};

const WINDOW = { width: 380, height: 520 };

for (const colorScheme of ['light', 'dark'] as const) {
  test(`an open check-in fits the check-in window (${colorScheme})`, async ({ page }, testInfo) => {
    await page.setViewportSize(WINDOW);
    await page.emulateMedia({ colorScheme });
    await openCheckIn(page);
    const box = page.getByLabel('Your reply');
    await expect(box).toBeFocused();
    await page.evaluate('window.scrollTo(0, 0)');

    const size = await page.evaluate<PageSize>(PAGE_SIZE);
    expect(size.scrollHeight, 'the open check-in scrolls').toBeLessThanOrEqual(size.innerHeight);
    expect(size.scrollWidth, 'the open check-in scrolls sideways').toBeLessThanOrEqual(
      size.innerWidth,
    );

    const card = page.locator('.checkin');
    const parts = {
      nudge: card.getByRole('heading', { level: 2 }),
      'quick replies': page.getByRole('group', { name: 'Quick replies' }),
      'reply box': box,
      'send button': page.getByRole('button', { name: 'Send' }),
    };
    for (const [name, locator] of Object.entries(parts)) {
      const bounds = await locator.boundingBox();
      expect(bounds, name).not.toBeNull();
      expect(bounds!.y, `${name} top`).toBeGreaterThanOrEqual(0);
      expect(bounds!.y + bounds!.height, `${name} bottom`).toBeLessThanOrEqual(WINDOW.height);
      expect(bounds!.x + bounds!.width, `${name} right`).toBeLessThanOrEqual(WINDOW.width);
    }

    // The task is named once on screen (the task controls are folded below).
    await expect(
      page.getByText('Your task', { exact: true }).filter({ visible: true }),
    ).toHaveCount(1);
    await expect(page.getByText(/^Working on/)).toHaveCount(0);

    await page.screenshot({ path: testInfo.outputPath(`checkin-380x520-${colorScheme}.png`) });

    // A stray Enter in the empty reply box answers nothing.
    await page.keyboard.press('Enter');
    await expect(page.getByRole('group', { name: 'Quick replies' })).toBeVisible();
    await expect(page.locator('.answer-status')).toBeEmpty();
  });
}

test('History and Settings do not scroll sideways at 380 px', async ({ page }) => {
  await page.setViewportSize(WINDOW);
  for (const view of ['history', 'settings']) {
    await page.goto(`/#/${view}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    // Wait for the view's content (history's chart and tables, settings' sections) to be in.
    await expect(page.locator('.view .section').first()).toBeVisible();
    const size = await page.evaluate<PageSize>(PAGE_SIZE);
    const overflow = size.scrollWidth - size.innerWidth;
    expect(overflow, `${view} scrolls sideways by ${overflow} px`).toBeLessThanOrEqual(0);
  }
});
