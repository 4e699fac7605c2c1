// The site deployed under a sub-path (GitHub Pages: https://USER.github.io/loop-lab/) loads every asset from there.
import { test, expect } from '@playwright/test';
import { watch, expectClean, ready, canvasHash } from './helpers.mjs';
import { SUB_PORT } from '../playwright.config.mjs';

const BASE = `http://127.0.0.1:${SUB_PORT}/loop-lab/`;

test('the sub-path build loads and runs', async ({ page }) => {
  const problems = watch(page);
  await page.goto(`${BASE}?scene=gather&lang=en`);
  await ready(page);
  await expect(page.getByTestId('scene')).toHaveAttribute('data-scene', 'gather');
  const a = await canvasHash(page, 'stage-asgi');
  await page.waitForTimeout(600);
  expect(await canvasHash(page, 'stage-asgi')).not.toBe(a);
  expectClean(problems);
});

test('the sub-path demo page embeds scenes', async ({ page }) => {
  const problems = watch(page);
  await page.goto(`${BASE}embed/demo.html`);
  await expect(page.frameLocator('#embed-gather').getByTestId('stage-asgi')).toBeVisible({ timeout: 20_000 });
  expectClean(problems);
});

test('under a sub-path, the editor island and the parser\'s worker load from there too', async ({ page }) => {
  const problems = watch(page);
  const outside = [];
  page.on('request', (r) => { const u = new URL(r.url()); if (!u.pathname.startsWith('/loop-lab/')) outside.push(r.url()); });
  await page.goto(`${BASE}?lang=en`);
  await ready(page);
  await page.getByTestId('editor').locator('summary').click();
  await page.getByTestId('editor-code').fill('async def v(request):\n    time.sleep(0.1)\n');
  await expect(page.getByTestId('finding')).toHaveAttribute('data-rule', 'ASYNC251', { timeout: 30_000 });
  expect(outside).toEqual([]);
  expectClean(problems);
});
