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
