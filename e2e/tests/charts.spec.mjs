// Charts, sweeps and the post's table: a sweep completes in slices that leave the page its turn, the table flags
// the impossible row, and PNG/CSV downloads produce non-empty files.
import { test, expect } from '@playwright/test';
import { watch, expectClean, ready, canvasInk } from './helpers.mjs';
import { readFileSync } from 'node:fs';

test.beforeEach(async ({ page }) => {
  await page.goto('./');
  await ready(page);
  await page.getByRole('button', { name: 'English' }).click();
});

test('live charts are drawn', async ({ page }) => {
  await page.waitForTimeout(2000);
  for (const key of ['throughput', 'latency', 'queue', 'memory', 'cores']) {
    expect(await canvasInk(page, `chart-${key}`), key).toBeGreaterThan(0.005);
  }
});

test('a sweep reaches 100 % in slices that leave the page its turn, and draws both charts', async ({ page }) => {
  // The mechanism, not a wall-clock target (bench-sweep.mjs measures times): the work is cut into many slices
  // with the page's own turn between them (time inside slices < wall time).
  const problems = watch(page);
  await page.getByTestId('sweep-run').scrollIntoViewIfNeeded();
  await page.getByTestId('sweep-run').click();
  await expect(page.getByTestId('sweep-percent')).toHaveText('100%', { timeout: 60_000 });
  await expect(page.getByTestId('sweep-progress')).toHaveAttribute('value', '100');
  const stats = page.getByTestId('sweep-stats');
  await expect(stats).toBeVisible();
  expect(Number(await stats.getAttribute('data-slices')), 'slices').toBeGreaterThanOrEqual(3);
  expect(Number(await stats.getAttribute('data-busy-ms'))).toBeLessThan(Number(await stats.getAttribute('data-wall-ms')));
  expect(await canvasInk(page, 'chart-sweep-throughput')).toBeGreaterThan(0.005);
  expect(await canvasInk(page, 'chart-sweep-p99')).toBeGreaterThan(0.005);
  await page.locator('section.sweeps').screenshot({ path: '../target/e2e/sweep-en-1280.png' });
  expectClean(problems);
});

test('the post table flags the impossible row and fills in the simulation', async ({ page }) => {
  const flagged = page.locator('[data-testid^=row-][data-flagged=true]');
  await expect(flagged).toHaveCount(1);
  await expect(flagged).toContainText('I/O');
  await expect(flagged).toContainText('100 workers');
  await expect(flagged).toContainText('cannot be true');
  await expect(page.getByTestId('table-explanation')).toContainText('333');
  await page.getByTestId('table-run').click();
  await expect(page.getByTestId('row-1').locator('td').nth(6)).not.toHaveText('—', { timeout: 60_000 });
  await page.locator('section.post-table').screenshot({ path: '../target/e2e/post-table-en-1280.png' });
  await page.getByRole('button', { name: '한국어' }).click();
  await expect(page.locator('[data-flagged=true]')).toContainText('불가능');
  await page.locator('section.post-table').screenshot({ path: '../target/e2e/post-table-ko-1280.png' });
});

test('PNG and CSV downloads are non-empty files', async ({ page }) => {
  await page.waitForTimeout(1500);
  const save = async (testId) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
    const path = await download.path();
    return readFileSync(path);
  };
  const png = await save('png-throughput');
  expect(png.length).toBeGreaterThan(1000);
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  const csv = (await save('run-csv')).toString();
  expect(csv.split('\n')[0]).toContain('throughput_per_s');
  expect(csv.split('\n').length).toBeGreaterThan(5);
  await page.getByTestId('sweep-run').click();
  await expect(page.getByTestId('sweep-percent')).toHaveText('100%', { timeout: 60_000 });
  const sweep = (await save('sweep-csv')).toString();
  expect(sweep.split('\n')[0]).toMatch(/^workers,side,throughput_per_s/);
  expect(sweep.trim().split('\n').length).toBe(1 + 10 * 2);
});
