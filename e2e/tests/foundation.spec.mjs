// The foundation: the page loads cleanly, switches language, animates, draws a chart, and is screenshotted.
import { test, expect } from '@playwright/test';
import { watch, expectClean, ready, canvasHash, canvasInk } from './helpers.mjs';

test('loads with no console error, no failed and no foreign request', async ({ page }) => {
  const problems = watch(page);
  await page.goto('./');
  await ready(page);
  await page.waitForTimeout(1500);
  expectClean(problems);
});

test('the language switch changes the heading', async ({ page }) => {
  await page.goto('./');
  await ready(page);
  const ko = page.getByRole('button', { name: '한국어' });
  const en = page.getByRole('button', { name: 'English' });
  await ko.click();
  const koTitle = await page.locator('h1').textContent();
  await en.click();
  await expect(page.locator('h1')).not.toHaveText(koTitle);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await ko.click();
  await expect(page.locator('h1')).toHaveText(koTitle);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
});

test('the stages move and the chart is drawn', async ({ page }) => {
  await page.goto('./');
  await ready(page);
  await page.waitForTimeout(600);
  for (const id of ['stage-asgi', 'stage-wsgi']) {
    const a = await canvasHash(page, id);
    await page.waitForTimeout(700);
    const b = await canvasHash(page, id);
    expect(a, `${id} pixels should change`).not.toBe(b);
  }
  await page.waitForTimeout(800);
  expect(await canvasInk(page, 'chart-throughput')).toBeGreaterThan(0.01);
});

for (const [lang, name] of [['ko', '한국어'], ['en', 'English']]) {
  for (const width of [1280, 390]) {
    test(`screenshot ${lang} ${width}px`, async ({ page }) => {
      await page.setViewportSize({ width, height: width > 800 ? 900 : 844 });
      await page.goto('./');
      await ready(page);
      await page.getByRole('button', { name }).click();
      await page.waitForTimeout(2500);
      await page.screenshot({ path: `../target/e2e/foundation-${lang}-${width}.png`, fullPage: true });
    });
  }
}
