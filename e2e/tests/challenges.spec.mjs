// Challenges (issue 14): solve one through the page, the verdict with its numbers, progress kept across a reload
// (localStorage), a shared link and an embed. Screenshots: target/e2e/challenge-*.
import { test, expect } from '@playwright/test';
import { watch, expectClean } from './helpers.mjs';

test('solve a challenge: not yet with a hint, then solved; progress survives a reload', async ({ page }) => {
  const problems = watch(page);
  await page.setViewportSize({ width: 760, height: 1000 });
  await page.goto('./?challenge=gather-calls&lang=en');
  const panel = page.getByTestId('challenge');
  await expect(panel).toHaveAttribute('data-challenge', 'gather-calls', { timeout: 20_000 });
  await expect(page.getByTestId('challenges-solved')).toHaveText('0 of 8 solved');
  // The start fails, with the number that decided it and the hint.
  await page.getByTestId('challenge-check').click();
  const verdict = page.getByTestId('challenge-verdict');
  await expect(verdict).toHaveAttribute('data-solved', 'false', { timeout: 30_000 });
  await expect(verdict).toContainText(/p50 < 150 ms — got 30\d ms/);
  await expect(verdict).toContainText('asyncio.gather');
  // The fix: gather the awaits.
  await page.getByTestId('ctl-gather').check();
  await expect(verdict).toHaveCount(0); // a verdict belongs to the setup it checked
  await page.getByTestId('challenge-check').click();
  await expect(verdict).toHaveAttribute('data-solved', 'true', { timeout: 30_000 });
  await expect(verdict).toContainText(/p50 < 150 ms — got 10\d ms/);
  await expect(page.getByTestId('challenges-solved')).toHaveText('1 of 8 solved');
  await page.screenshot({ path: '../target/e2e/challenge-solved-760-en.png' });
  await page.reload();
  await expect(page.getByTestId('challenges-solved')).toHaveText('1 of 8 solved', { timeout: 20_000 });
  await expect(page.getByTestId('challenge-gather-calls')).toContainText('✓');
  expectClean(problems);
});

test('a rule broken fails the check even when the goal is met', async ({ page }) => {
  await page.goto('./?challenge=cores-not-workers&lang=en&cores=8');
  await expect(page.getByTestId('challenge')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('challenge')).toContainText('✗ CPU cores ≤ 4 (now 8)');
  await page.getByTestId('challenge-check').click();
  const verdict = page.getByTestId('challenge-verdict');
  await expect(verdict).toHaveAttribute('data-solved', 'false', { timeout: 30_000 });
  await expect(verdict).toContainText(/✓ throughput ≥ 180\/s — got \d+\/s/);
});

test('opening a challenge from the list loads its setup; a scene closes it', async ({ page }) => {
  await page.goto('./?lang=ko');
  // Folded until one is open: the page's top stays the stages'.
  await expect(page.getByTestId('challenge-unblock-loop')).toBeHidden({ timeout: 20_000 });
  await page.locator('.challenges summary').click();
  await page.getByTestId('challenge-unblock-loop').click();
  await expect(page.getByTestId('challenge')).toHaveAttribute('data-challenge', 'unblock-loop');
  await expect(page.getByTestId('ctl-io')).toHaveValue('time-sleep');
  await expect(page).toHaveURL(/challenge=unblock-loop/);
  await page.screenshot({ path: '../target/e2e/challenge-open-1280-ko.png' });
  await page.getByTestId('scene-select').selectOption('gather');
  await expect(page.getByTestId('challenge')).toHaveCount(0);
});

for (const [lang, width] of [['ko', 390], ['en', 760]]) {
  test(`a challenge embeds (${lang}, ${width} px): the task, its few controls, check`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`./?embed=1&challenge=unblock-loop&lang=${lang}`);
    await expect(page.getByTestId('embed')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('challenge')).toBeVisible();
    await expect(page.locator('.challenge-list')).toHaveCount(0);
    await page.getByTestId('ctl-io').selectOption('asyncio-sleep');
    await page.getByTestId('challenge-check').click();
    await expect(page.getByTestId('challenge-verdict')).toHaveAttribute('data-solved', 'true', { timeout: 30_000 });
    await page.screenshot({ path: `../target/e2e/challenge-embed-${width}-${lang}.png` });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  });
}
