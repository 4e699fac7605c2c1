import { readFileSync } from 'node:fs';
// Shared helpers: collect console errors, failed and cross-origin requests; wait for the app to mount.
import { expect } from '@playwright/test';

export function watch(page) {
  const problems = { console: [], failed: [], foreign: [], csp: [] };
  page.on('console', (m) => { if (m.type() === 'error') problems.console.push(m.text()); });
  page.on('pageerror', (e) => problems.console.push(String(e)));
  page.on('requestfailed', (r) => problems.failed.push(`${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.failed.push(`${r.url()} ${r.status()}`); });
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!['127.0.0.1', 'localhost'].includes(u.hostname) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) {
      problems.foreign.push(r.url());
    }
  });
  return problems;
}

export function expectClean(problems) {
  expect(problems.console, 'console errors').toEqual([]);
  expect(problems.failed, 'failed requests').toEqual([]);
  expect(problems.foreign, 'requests leaving the origin').toEqual([]);
}

export async function ready(page) {
  await expect(page.locator('h1')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('stage-asgi')).toBeVisible();
}

/** A hash of a canvas's pixels, to compare two moments. */
export async function canvasHash(page, testId) {
  return page.getByTestId(testId).evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let h = 2166136261;
    for (let i = 0; i < d.length; i += 7) { h ^= d[i]; h = Math.imul(h, 16777619); }
    return h >>> 0;
  });
}

/** Fraction of a canvas's sampled pixels that differ from its top-left pixel (0 = blank). */
export async function canvasInk(page, testId) {
  return page.getByTestId(testId).evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const [r, g, b] = [d[0], d[1], d[2]];
    let n = 0, ink = 0;
    for (let i = 0; i < d.length; i += 4 * 13) { n++; if (Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) > 30) ink++; }
    return ink / n;
  });
}

/** The scenes' source (src/scenes.rs and the scene tables under src/scenes/), the source of truth for their keys,
 * questions and answers. */
export const SCENE_SRC = ['scenes.rs', 'scenes/loop_and_workers.rs', 'scenes/in_production.rs']
  .map((f) => readFileSync(new URL(`../../src/${f}`, import.meta.url), 'utf8')).join('\n');

/** Every scene's key, in the post's order. */
export const SCENE_KEYS = [...SCENE_SRC.matchAll(/^\s+key: "([a-z-]+)",$/gm)].map((m) => m[1]);
