// Quality gates: accessibility (axe-core: 0 violations, light and dark, both languages, every scene), keyboard,
// CSP, responsiveness at the most extreme settings, and the error panel on a panic.
import { test, expect } from '@playwright/test';
import { SUB_PORT } from '../playwright.config.mjs';
import { watch, expectClean, ready, SCENE_KEYS } from './helpers.mjs';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SCENES = SCENE_KEYS;

async function axe(page) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

for (const scheme of ['light', 'dark']) {
  test(`axe: no violations on the main page and every scene, both languages, ${scheme}`, async ({ browser }) => {
    test.setTimeout(300_000);
    // bypassCSP only lets the test inject axe itself; the page's own CSP is checked by the other tests.
    const context = await browser.newContext({ colorScheme: scheme, bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const found = [];
    for (const lang of ['ko', 'en']) {
      for (const scene of ['', ...SCENES]) {
        await page.goto(`./?lang=${lang}${scene ? `&scene=${scene}` : ''}`);
        await ready(page);
        await page.waitForTimeout(300);
        for (const v of await axe(page)) found.push(`${lang} ${scene || 'main'}: ${v}`);
      }
    }
    await page.goto('./?lang=ko');
    await ready(page);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `../target/e2e/main-${scheme}-ko-1280.png` });
    expect(found).toEqual([]);
    await context.close();
  });
}

test('axe: no violations on the main page at the blog column width (760 px) and on a phone (390 px)', async ({ browser }) => {
  // Narrow, the post's table scrolls sideways: its box must be reachable by keyboard (axe: scrollable-region-focusable).
  const found = [];
  for (const width of [760, 390]) {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width, height: 900 } });
    const page = await context.newPage();
    await page.goto('./?lang=ko');
    await ready(page);
    await page.waitForTimeout(300);
    for (const v of await axe(page)) found.push(`${width}: ${v}`);
    await context.close();
  }
  expect(found).toEqual([]);
});

test('axe: an open challenge with both verdicts, light and dark, and its embed', async ({ browser }) => {
  const found = [];
  for (const scheme of ['light', 'dark']) {
    const context = await browser.newContext({ colorScheme: scheme, bypassCSP: true, viewport: { width: 760, height: 900 } });
    const page = await context.newPage();
    for (const url of ['./?lang=en&challenge=gather-calls', './?lang=ko&embed=1&challenge=gather-calls']) {
      await page.goto(url);
      await expect(page.getByTestId('stage-asgi')).toBeVisible({ timeout: 20_000 }); // an embed has no h1
      await page.getByTestId('challenge-check').click(); // not yet: the hint, a ✗
      await expect(page.getByTestId('challenge-verdict')).toHaveAttribute('data-solved', 'false', { timeout: 30_000 });
      for (const v of await axe(page)) found.push(`${scheme} ${url} not yet: ${v}`);
      await page.getByTestId('ctl-gather').check();
      await page.getByTestId('challenge-check').click();
      await expect(page.getByTestId('challenge-verdict')).toHaveAttribute('data-solved', 'true', { timeout: 30_000 });
      for (const v of await axe(page)) found.push(`${scheme} ${url} solved: ${v}`);
    }
    await page.screenshot({ path: `../target/e2e/challenge-embed-${scheme}-760-ko.png` });
    await context.close();
  }
  expect(found).toEqual([]);
});

test('every control is reachable by keyboard and shows a focus ring; shortcuts work', async ({ page }) => {
  await page.goto('./?lang=en');
  await ready(page);
  const seen = new Set();
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      return { id: el.id || el.getAttribute('data-testid') || el.tagName, outline: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    if (!info) continue;
    seen.add(info.id);
    expect(info.outline, `focus ring on ${info.id}`).not.toBe('none');
    expect(info.width, `focus ring width on ${info.id}`).toBeGreaterThanOrEqual(2);
  }
  for (const id of ['play', 'step', 'reset', 'ctl-io', 'ctl-workers', 'ctl-users', 'speed']) {
    expect([...seen], `reached ${id}`).toContain(id);
  }
  // Shortcuts (focus on the page, not on a control).
  await page.locator('h1').click();
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
  const before = parseInt(await page.getByTestId('events').textContent(), 10);
  await page.keyboard.press('.');
  await expect(page.getByTestId('events')).toHaveText(String(before + 1));
});

test('no CSP violation and no request leaves the origin', async ({ page }) => {
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const problems = watch(page);
  await page.goto('./?lang=en&scene=celery');
  await ready(page);
  await page.getByTestId('sweep-run').click();
  await expect(page.getByTestId('sweep-percent')).toHaveText('100%', { timeout: 60_000 });
  await page.getByTestId('follow').click();
  await page.waitForTimeout(1000);
  expect(await page.evaluate(() => window.__csp)).toEqual([]);
  expectClean(problems);
});

test('at the most extreme settings the simulation keeps to a time per frame: a slower CPU gets fewer events per frame and slower simulated time, not longer frames', async ({ page }) => {
  // The mechanism, not a wall-clock target (those are in e2e/bench-frames.mjs): each frame's simulation stops
  // at its deadline, so a CPU slowed 4× through the DevTools protocol handles clearly fewer events per frame
  // (compared within this run), simulated time falls behind ("lagging"), and the page still answers a click.
  test.setTimeout(180_000);
  const cdp = await page.context().newCDPSession(page);
  const problems = watch(page);
  const perFrame = async () => {
    const readout = page.getByTestId('readout');
    const seen = [];
    let lagged = false;
    for (let i = 0; i < 10; i++) {
      await page.waitForTimeout(300);
      seen.push(parseFloat(await readout.getAttribute('data-events-per-frame')));
      lagged ||= (await readout.getAttribute('data-lagging')) === 'true';
    }
    seen.sort((a, b) => a - b);
    return { median: seen[5], lagged };
  };
  // [settings, whether they need more events than any frame has time for]
  for (const [q, heavy] of [
    ['users=5000&workers=200&threads=64&procs=16&cores=64&io_ms=0&cpu_ms=0&calls=8&speed=100', true],
    ['users=5000&workers=200&cores=64&io_ms=5000&cpu_ms=1000&calls=8&gather=1&orm=s2a-shared&db_ms=1000&db_pool=1&speed=100', false],
    ['rate=20000&workers=1&cores=1&cpu_ms=1000&speed=100', false],
  ]) {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await page.goto(`./?lang=en&${q}`);
    await ready(page);
    await expect.poll(async () => parseFloat(await page.getByTestId('sim-time').textContent()), { timeout: 30_000 }).toBeGreaterThan(0);
    const fast = await perFrame();
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const slow = await perFrame();
    if (heavy) {
      expect(fast.lagged && slow.lagged, `simulated time slows down with ${q}`).toBe(true);
      expect(slow.median, `events per frame, 4× slower CPU vs normal, with ${q}`).toBeLessThan(fast.median * 0.7);
    }
    // The page still answers: pausing takes effect.
    await page.getByTestId('play').click();
    await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
  }
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  expectClean(problems);
});

// `?__panic=1` is a test hook: only the test build (dist-sub, built with the `test-hooks` feature) has it.
test('a panic shows the error panel with a reload button, not a blank page', async ({ page }) => {
  await page.goto(`http://127.0.0.1:${SUB_PORT}/loop-lab/?__panic=1&lang=en`);
  const panel = page.locator('#boot-error');
  await expect(panel).toBeVisible({ timeout: 10_000 });
  await expect(panel).toContainText('The page failed to load');
  await expect(panel.locator('.detail')).toContainText('__panic=1');
  await expect(page.locator('#boot-reload')).toBeVisible();
  await page.screenshot({ path: '../target/e2e/panic-panel.png' });
});

test('the site has no test hooks: ?__panic=1 and ?sweep_requests= are unknown keys, and nothing panics', async ({ page }) => {
  const problems = watch(page);
  await page.goto('./?__panic=1&sweep_requests=5000&lang=en');
  await expect(page.getByTestId('stage-asgi')).toBeVisible({ timeout: 20_000 });
  const notices = page.getByTestId('notices');
  await expect(notices).toContainText('__panic');
  await expect(notices).toContainText('sweep_requests');
  await page.waitForTimeout(1000); // the hook would panic 300 ms after start-up
  await expect(page.locator('#boot-error')).toBeHidden();
  expectClean(problems);
});

test('axe: the open editor with a finding and with an error, light and dark, both languages', async ({ browser }) => {
  const found = [];
  for (const scheme of ['light', 'dark']) {
    for (const lang of ['ko', 'en']) {
      const context = await browser.newContext({ colorScheme: scheme, bypassCSP: true, viewport: { width: 760, height: 900 } });
      const page = await context.newPage();
      await page.goto(`./?lang=${lang}`);
      await ready(page);
      await page.getByTestId('editor').locator('summary').click();
      await page.getByTestId('example-bad_view').click();
      await expect(page.getByTestId('finding-price')).toBeVisible({ timeout: 30_000 });
      for (const v of await axe(page)) found.push(`${scheme} ${lang} finding: ${v}`);
      await page.getByTestId('editor-code').fill('async def v(request):\n    await client.get(URL\n');
      await expect(page.getByTestId('reader-status')).toHaveClass(/reader-error/, { timeout: 30_000 });
      for (const v of await axe(page)) found.push(`${scheme} ${lang} error: ${v}`);
      await context.close();
    }
  }
  expect(found).toEqual([]);
});
