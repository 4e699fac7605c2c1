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

test('a sweep of the users of a measured setup draws the real Django runs, with their caption', async ({ page }) => {
  // The default view (2 ms of CPU, then one 100 ms call) was not measured: no hint, no markers.
  await expect(page.getByTestId('sweep-measured-hint')).toHaveCount(0);
  const problems = watch(page);
  // Without the CPU step it was: uvicorn ×1 with `await asyncio.sleep(0.1)` (7 wrk runs, 3 of them repeats at 50
  // users) and gunicorn sync ×4 with `time.sleep(0.1)` (4 runs).
  for (const [width, first, second] of [[760, 'en', 'ko'], [390, 'ko', 'en']]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`./?cpu_ms=0&lang=${first}`);
    await ready(page);
    await expect(page.getByTestId('sweep-measured-hint')).toBeVisible();
    await page.getByTestId('sweep-axis').selectOption('users');
    await page.getByTestId('sweep-run').scrollIntoViewIfNeeded();
    await page.getByTestId('sweep-run').click();
    await expect(page.getByTestId('sweep-percent')).toHaveText('100%', { timeout: 60_000 });
    for (const chart of ['chart-sweep-throughput', 'chart-sweep-p99']) {
      await expect(page.getByTestId(chart)).toHaveAttribute('data-measured-points', '11');
    }
    const caption = page.getByTestId('sweep-measured');
    await expect(caption).toContainText('Django 5.2.19, gunicorn 27.0.1 / uvicorn 0.54.0');
    await expect(caption).toContainText('2026-11-28');
    await expect(page.getByTestId('sweep-measured-hint')).toHaveCount(0);
    for (const lang of [first, second]) {
      if (lang !== first) await page.getByRole('button', { name: lang === 'ko' ? '한국어' : 'English' }).click();
      await expect(caption).toContainText(lang === 'ko' ? '속이 빈 원' : 'Hollow circles');
      await expect(caption).toContainText(lang === 'ko' ? '2코어' : '2 cores');
      await page.locator('section.sweeps').screenshot({ path: `../target/e2e/sweep-measured-${lang}-${width}.png` });
    }
    // A sweep of the workers has no measured runs to draw (the measurements vary the users).
    await page.getByTestId('sweep-axis').selectOption('workers');
    await page.getByTestId('sweep-run').click();
    await expect(page.getByTestId('sweep-percent')).toHaveText('100%', { timeout: 60_000 });
    await expect(page.getByTestId('chart-sweep-p99')).toHaveAttribute('data-measured-points', '0');
    await expect(page.getByTestId('sweep-measured')).toHaveCount(0);
    await expect(page.getByTestId('sweep-measured-hint')).toBeVisible();
  }
  expectClean(problems);
});
