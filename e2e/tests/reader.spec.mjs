// The reader's view (issue 10): every scene as the post's embed at 760 px — both sides in one row, one screen tall,
// the question before its answer, the reveal matching the stage — failures that show, steady numbers within their
// stated bound, keyboard sliders, and no sideways scroll at the widths readers use. Screenshots: target/e2e/reader-*.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { watch, expectClean, SCENE_SRC, SCENE_KEYS } from './helpers.mjs';

const SRC = SCENE_SRC;
const SCENES = SCENE_KEYS;

/** The scene's correct choice in English, read from src/scenes.rs (the source of truth). */
function correctChoice(key) {
  const block = SRC.slice(SRC.indexOf(`key: "${key}",`));
  const choices = [...block.slice(block.indexOf('choices:')).matchAll(/\("((?:[^"\\]|\\.)*)", "((?:[^"\\]|\\.)*)"\)/g)].slice(0, 3);
  const answer = Number(/answer: (\d)/.exec(block)[1]);
  const q = /question: \("((?:[^"\\]|\\.)*)", "((?:[^"\\]|\\.)*)"\)/.exec(block);
  return { ko: choices[answer][1], en: choices[answer][2], answer, question: { ko: q[1], en: q[2] } };
}

/** Numbers of two or more digits in a text (the ones that would give an answer away). */
const numbers = (s) => [...s.matchAll(/\d[\d,.]*\d/g)].map((m) => m[0].replace(/,/g, '')).filter((n) => n.replace('.', '').length >= 2);

/** The text a reader sees, without the choices themselves and without the settings (the question's setup). */
async function visibleText(page) {
  return page.evaluate(() => {
    const skip = (el) => el.closest('.choices, .controls, .notices, .visually-hidden');
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const out = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || skip(el)) continue;
      const st = getComputedStyle(el);
      if (st.display === 'none' || st.visibility === 'hidden' || el.getClientRects().length === 0) continue;
      out.push(n.textContent);
    }
    return out.join(' ');
  });
}

const num = async (page, id) => parseFloat((await page.getByTestId(id).textContent()).replace(/[^\d.]/g, '')) || 0;
const stat = (side, key) => `stat-${side}-${key}`;

/** What each reveal claims about the stage, as numbers to check once it has played (ASGI, WSGI). */
const CLAIMS = {
  'one-to-many': async (p) => { const w = await num(p, stat('wsgi', 'p50')); expect(w).toBeGreaterThan(450); expect(w).toBeLessThan(560); expect(await num(p, stat('asgi', 'p50'))).toBeLessThan(130); },
  gather: async (p) => { expect(await num(p, stat('asgi', 'p50'))).toBeGreaterThan(95); expect(await num(p, stat('asgi', 'p50'))).toBeLessThan(130); expect(await num(p, stat('wsgi', 'p50'))).toBeGreaterThan(290); },
  'sequential-awaits': async (p) => { expect(await num(p, stat('asgi', 'p50'))).toBeLessThan(130); expect(await num(p, 'before-asgi-p50')).toBeGreaterThan(280); },
  memory: async (p) => { expect(await p.getByTestId(stat('wsgi', 'memory')).textContent()).toMatch(/^8\.\d GB$/); expect(await num(p, stat('asgi', 'memory'))).toBeLessThan(89); },
  'io-concurrency': async (p) => { const w = await num(p, stat('wsgi', 'throughput')); expect(w).toBeGreaterThan(70); expect(w).toBeLessThan(86); const a = await num(p, stat('asgi', 'throughput')); expect(a).toBeGreaterThan(390); expect(a).toBeLessThan(440); },
  'cpu-bound': async (p) => { const w = await num(p, stat('wsgi', 'throughput')); expect(w).toBeGreaterThan(85); expect(w).toBeLessThan(105); },
  'sync-orm-in-async': async (p) => { const b = await num(p, 'before-asgi-throughput'); expect(b).toBeGreaterThan(115); expect(b).toBeLessThan(160); expect(await num(p, stat('asgi', 'throughput'))).toBeGreaterThan(300); },
  'memory-workers': async (p) => { expect(await p.getByTestId(stat('wsgi', 'memory')).textContent()).toBe('4.9 GB'); },
  'context-switching': async (p) => { const w = await num(p, stat('wsgi', 'throughput')); expect(w).toBeGreaterThan(90); expect(w).toBeLessThan(100); },
  'fault-isolation': async (p) => { expect(await num(p, stat('asgi', 'failed'))).toBeGreaterThan(50); expect(await num(p, stat('wsgi', 'failed'))).toBe(1); },
  'post-benchmark': async (p) => { const w = await num(p, stat('wsgi', 'throughput')); expect(w).toBeGreaterThan(300); expect(w).toBeLessThanOrEqual(334); },
  'workers-formula': async (p) => { const w = await num(p, stat('wsgi', 'throughput')); expect(w).toBeGreaterThan(140); expect(w).toBeLessThan(190); },
  celery: async (p) => { const a = await num(p, stat('asgi', 'p50')); expect(a).toBeGreaterThan(45); expect(a).toBeLessThan(70); },
  'time-sleep': async (p) => { const a = await num(p, stat('asgi', 'throughput')); expect(a).toBeGreaterThan(40); expect(a).toBeLessThan(55); },
  'db-pool': async (p) => { const w = await num(p, stat('wsgi', 'throughput')); expect(w).toBeGreaterThan(900); expect(w).toBeLessThan(1010); },
  timeout: async (p) => { expect(await num(p, stat('wsgi', 'timedout'))).toBeGreaterThan(0); },
  'async-latency-grows': async (p) => { const a = await num(p, stat('asgi', 'p50')); expect(a).toBeGreaterThan(200); expect(a).toBeLessThan(260); },
  'uvicorn-processes': async (p) => { expect(await num(p, stat('asgi', 'throughput'))).toBeGreaterThan(760); },
};

test('every claim of a reveal is checked somewhere', () => {
  for (const key of Object.keys(CLAIMS)) expect(SCENES).toContain(key);
  expect(Object.keys(CLAIMS).length).toBeGreaterThanOrEqual(14);
});

for (const lang of ['ko', 'en']) {
  test(`every scene as a 760 px embed (${lang}): one row, one screen, the question before its answer`, async ({ page }) => {
    test.setTimeout(240_000);
    const problems = watch(page);
    await page.setViewportSize({ width: 760, height: 900 });
    for (const key of SCENES) {
      await page.goto(`./?embed=1&scene=${key}&lang=${lang}`);
      await expect(page.getByTestId('scene')).toHaveAttribute('data-scene', key, { timeout: 20_000 });
      await page.waitForTimeout(1500);
      const a = await page.getByTestId('stage-asgi').boundingBox();
      const w = await page.getByTestId('stage-wsgi').boundingBox();
      expect(Math.abs(a.y - w.y), `${key}: both stages in one row`).toBeLessThanOrEqual(2);
      expect(w.x, key).toBeGreaterThan(a.x + a.width - 1);
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      expect(height, `${key}: the embed is one screen tall`).toBeLessThanOrEqual(900);
      const text = await visibleText(page);
      const c = correctChoice(key);
      // Numbers the question itself states are its setup, not its answer.
      for (const n of numbers(c[lang]).filter((n) => !numbers(c.question[lang]).includes(n))) {
        expect(text, `${key}: ${n} shows before the reader answers`).not.toMatch(new RegExp(`(^|[^\\d.])${n.replace('.', '\\.')}([^\\d]|$)`));
      }
      await page.screenshot({ path: `../target/e2e/reader-${key}-${lang}-760.png` });
    }
    expectClean(problems);
  });
}

test('after the reveal, the stage shows what the reveal says', async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 760, height: 900 });
  for (const [key, check] of Object.entries(CLAIMS)) {
    await page.goto(`./?embed=1&scene=${key}&lang=en`);
    await expect(page.getByTestId('scene')).toHaveAttribute('data-scene', key, { timeout: 20_000 });
    // A walk comes before its question.
    while (await page.getByTestId('walk-next').count()) {
      await page.waitForTimeout(1000);
      await page.getByTestId('walk-next').click();
    }
    await page.waitForTimeout(3000); // reading the question
    await page.getByTestId(`choice-${correctChoice(key).answer}`).click();
    await expect(page.getByTestId('reveal')).toContainText('Right.');
    // Let the stage play: the reveal's numbers are those of a steady run.
    await page.getByTestId('speed').focus();
    for (let i = 0; i < 25; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(async () => { try { await check(page); return 'ok'; } catch (e) { return String(e.message).split('\n')[0]; } },
      { timeout: 40_000, intervals: [500], message: key }).toBe('ok');
  }
});

// Within 3 s of the scene starting, counted in the scene's own time (its speed × 3 s of simulated time after it
// opens), so that a busy machine, which slows simulated time down, cannot make this fail.
for (const key of ['fault-isolation', 'timeout']) {
  test(`${key}: failures show within 3 s of the scene starting`, async ({ page }) => {
    const block = SRC.slice(SRC.indexOf(`key: "${key}",`));
    const [openS, speed] = [/start_s: ([\d.]+)/.exec(block)[1], /speed: ([\d.]+)/.exec(block)[1]].map(Number);
    await page.setViewportSize({ width: 760, height: 900 });
    await page.goto(`./?embed=1&scene=${key}&lang=en`);
    await expect(page.getByTestId('hold-hint')).toBeVisible({ timeout: 20_000 });
    await page.getByTestId('choice-0').click();
    const bad = async () => (await num(page, stat('asgi', 'failed'))) + (await num(page, stat('wsgi', 'failed'))) + (await num(page, stat('wsgi', 'timedout')));
    await expect.poll(bad, { timeout: 30_000, intervals: [100] }).toBeGreaterThan(0);
    const t = parseFloat(await page.getByTestId('sim-time').textContent());
    expect(t, 'simulated time when the first failure showed').toBeLessThanOrEqual(openS + 3 * speed + 0.5);
  });
}

test('post-benchmark: WSGI throughput never reads above the stated 333/s over 20 simulated seconds', async ({ page }) => {
  await page.goto('./?scene=post-benchmark&lang=en&speed=4');
  await expect(page.getByTestId('scene')).toBeVisible({ timeout: 20_000 });
  await page.getByTestId('choice-1').click();
  let hi = 0, seen = 0;
  while ((parseFloat(await page.getByTestId('sim-time').textContent())) < 20) {
    const t = await page.getByTestId(stat('wsgi', 'throughput')).textContent();
    if (/\d/.test(t)) { hi = Math.max(hi, parseFloat(t)); seen++; }
    await page.waitForTimeout(100);
  }
  expect(seen).toBeGreaterThan(10);
  expect(hi).toBeLessThanOrEqual(333);
});

test('before the first answer a number reads "—", not zero', async ({ page }) => {
  await page.goto('./?lang=en&io_ms=2000&speed=0.1');
  await expect(page.getByTestId(stat('asgi', 'p50'))).toHaveText('—', { timeout: 20_000 });
  await expect(page.getByTestId(stat('asgi', 'throughput'))).toHaveText('—');
});

test('a change keeps the run before it: faded lines and the old numbers', async ({ page }) => {
  await page.goto('./?lang=en&speed=4');
  await expect(page.getByTestId('stage-asgi')).toBeVisible({ timeout: 20_000 });
  await expect.poll(async () => parseFloat(await page.getByTestId('sim-time').textContent())).toBeGreaterThan(3);
  await page.getByTestId('ctl-io').selectOption('time-sleep');
  await expect(page.getByTestId('before-hint')).toBeVisible();
  await expect(page.getByTestId('before-asgi-throughput')).toBeVisible({ timeout: 10_000 });
  await page.screenshot({ path: '../target/e2e/reader-before-after-1280.png' });
});

test('ArrowRight on the workers slider adds exactly one worker', async ({ page }) => {
  await page.goto('./?lang=en&workers=4');
  const out = page.getByTestId('ctl-workers-value');
  await expect(out).toHaveText('4', { timeout: 20_000 });
  await page.getByTestId('ctl-workers').focus();
  await page.keyboard.press('ArrowRight');
  await expect(out).toHaveText('5');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(out).toHaveText('3');
});

for (const width of [320, 390, 700, 760, 1280, 1440]) {
  test(`no sideways scroll at ${width} px, full page and embed`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    for (const url of ['./?lang=ko', './?lang=en&scene=sync-to-async', './?embed=1&scene=gather', './?embed=1&scene=db-pool&lang=en']) {
      await page.goto(url);
      await expect(page.getByTestId('stage-asgi')).toBeVisible({ timeout: 20_000 });
      await page.waitForTimeout(300);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${url} at ${width}px`).toBeLessThanOrEqual(0);
    }
  });
}

for (const lang of ['ko', 'en']) {
  test(`every scene as an embed on a phone, 390 px (${lang}) — screenshots`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 390, height: 844 });
    for (const key of SCENES) {
      await page.goto(`./?embed=1&scene=${key}&lang=${lang}`);
      await expect(page.getByTestId('scene')).toHaveAttribute('data-scene', key, { timeout: 20_000 });
      await page.waitForTimeout(1200);
      await page.screenshot({ path: `../target/e2e/reader-${key}-${lang}-390.png`, fullPage: true });
    }
  });
}

test('an embed takes Korean by default, and the include passes the host page language', async ({ page }) => {
  await page.goto('./?embed=1&scene=gather');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko', { timeout: 20_000 });
  const include = readFileSync(new URL('../../www/embed/loop-lab.html', import.meta.url), 'utf8');
  expect(include).toMatch(/lang=/);
});

test('reduced motion opens on a still picture with something on it, and says so beside the stage', async ({ browser }) => {
  const ctx = await browser.newContext({ reducedMotion: 'reduce' });
  const page = await ctx.newPage();
  await page.goto('./?lang=en&scene=time-sleep');
  await expect(page.getByTestId('stage-asgi')).toBeVisible({ timeout: 20_000 });
  await expect.poll(async () => parseFloat(await page.getByTestId('sim-time').textContent()), { timeout: 15_000 }).toBeGreaterThan(2.5);
  await expect(page.getByTestId('reduced-motion-note')).toBeInViewport();
  expect(await num(page, stat('asgi', 'inflight'))).toBeGreaterThan(0);
  await page.screenshot({ path: '../target/e2e/reader-reduced-motion-1280.png' });
  await ctx.close();
});

test('crash a process now: a worker loses its one request, the event loop every request it holds', async ({ page }) => {
  await page.goto('./?lang=en&users=40&io_ms=300');
  await expect(page.getByTestId('stage-asgi')).toBeVisible({ timeout: 20_000 });
  await expect.poll(async () => parseFloat(await page.getByTestId('sim-time').textContent())).toBeGreaterThan(1);
  await page.locator('details.more-controls summary').click();
  await page.getByTestId('crash-now').click();
  await expect.poll(async () => num(page, stat('wsgi', 'failed')), { timeout: 10_000 }).toBe(1);
  expect(await num(page, stat('asgi', 'failed'))).toBeGreaterThan(1);
  await page.screenshot({ path: '../target/e2e/reader-crash-now-1280.png' });
});

// Issue 11: a scene whose setup was measured on real Django says so with the reveal, beside the simulated number.
test('a measured scene shows "measured X · simulated Y" with its reveal, not before', async ({ page }) => {
  await page.setViewportSize({ width: 760, height: 900 });
  for (const [lang, words] of [['en', /On real Django \(50 users, wrk\) — Event loop \(ASGI\): measured [\d.–]+\/s · simulated [\d.]+\/s · Worker pool \(WSGI\): measured [\d.–]+\/s · simulated/], ['ko', /실제 Django에서 \(동시 사용자 50명, wrk\) — .*실측 .*시뮬레이션/]]) {
    await page.goto(`./?embed=1&scene=cpu-bound&lang=${lang}`);
    await expect(page.getByTestId('scene')).toHaveAttribute('data-scene', 'cpu-bound', { timeout: 20_000 });
    await expect(page.getByTestId('scene-measured')).toHaveCount(0);
    await page.getByTestId(`choice-${correctChoice('cpu-bound').answer}`).click();
    const line = page.getByTestId('scene-measured');
    await expect(line).toBeVisible();
    await expect(line).toHaveText(words, { timeout: 20_000 });
    await page.waitForTimeout(4000); // the simulated side settles
    await page.screenshot({ path: `../target/e2e/reader-measured-cpu-bound-760-${lang}.png` });
  }
  // A setup nobody measured (4 cores) has no such line.
  await page.goto('./?embed=1&scene=cpu-bound&lang=en&cores=4');
  await page.getByTestId(`choice-${correctChoice('cpu-bound').answer}`).click();
  await expect(page.getByTestId('reveal')).toBeVisible();
  await expect(page.getByTestId('scene-measured')).toHaveCount(0);
});
