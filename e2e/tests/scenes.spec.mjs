// Scenes, sharing, URL notices, embedding in a blog page, and the sub-path build.
import { test, expect } from '@playwright/test';
import { watch, expectClean, ready, SCENE_KEYS } from './helpers.mjs';

// The scene keys, from the source of truth (src/scenes.rs and src/scenes/).
const SCENES = SCENE_KEYS;

test('there are scenes to test', () => {
  expect(SCENES.length).toBeGreaterThanOrEqual(14);
});

for (const lang of ['ko', 'en']) {
  test(`every scene loads in ${lang} without console errors${lang === 'ko' ? ' (and is screenshotted at 390 px)' : ''}`, async ({ page }) => {
    test.setTimeout(180_000);
    const problems = watch(page);
    if (lang === 'ko') await page.setViewportSize({ width: 390, height: 844 });
    for (const key of SCENES) {
      await page.goto(`./?scene=${key}&lang=${lang}`);
      await ready(page);
      await expect(page.getByTestId('scene')).toHaveAttribute('data-scene', key);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await expect(page.getByTestId('scene-select')).toHaveValue(key);
      if (lang === 'ko') {
        await page.waitForTimeout(1200);
        await page.screenshot({ path: `../target/e2e/scene-${key}-ko-390.png`, fullPage: false });
      }
    }
    expectClean(problems);
  });
}

test('predicting reveals the answer and plays the variant', async ({ page }) => {
  await page.goto('./?scene=time-sleep&lang=en');
  await ready(page);
  await page.getByTestId('choice-1').click();
  await expect(page.getByTestId('reveal')).toContainText('Right.');
  await expect(page.getByTestId('ctl-io')).toHaveValue('asyncio-sleep');
  await expect(page.getByTestId('choice-0')).toBeDisabled();
});

test('next and previous walk the scenes, and back/forward move between states', async ({ page }) => {
  await page.goto(`./?scene=${SCENES[0]}&lang=en`);
  await ready(page);
  await page.getByTestId('scene-next').click();
  await expect(page.getByTestId('scene')).toHaveAttribute('data-scene', SCENES[1]);
  await page.getByTestId('scene-next').click();
  await expect(page.getByTestId('scene')).toHaveAttribute('data-scene', SCENES[2]);
  expect(page.url()).toContain(`scene=${SCENES[2]}`);
  await page.goBack();
  await expect(page.getByTestId('scene')).toHaveAttribute('data-scene', SCENES[1]);
  await page.goBack();
  await expect(page.getByTestId('scene')).toHaveAttribute('data-scene', SCENES[0]);
  await page.goForward();
  await expect(page.getByTestId('scene')).toHaveAttribute('data-scene', SCENES[1]);
  // Leaving the preset: a change keeps the scene's text but the URL records the parameter.
  await page.getByTestId('ctl-workers').fill('1000');
  await expect.poll(() => page.url()).toContain('workers=200');
  await page.getByTestId('scene-prev').click();
  await expect(page.getByTestId('scene')).toHaveAttribute('data-scene', SCENES[0]);
});

test('a shared URL reproduces the same picture and numbers', async ({ page, context }) => {
  await page.goto('./?scene=cpu-bound&lang=en');
  await ready(page);
  await page.getByTestId('speed').fill('700');
  await page.waitForTimeout(2500);
  await page.getByTestId('play').click(); // pause
  await page.waitForTimeout(500);
  await page.getByTestId('copy-link').click();
  const link = (await page.getByTestId('copied-link').textContent()).trim();
  expect(link).toContain('t=');
  const read = async (p) => ({
    t: await p.getByTestId('sim-time').textContent(),
    events: await p.getByTestId('events').textContent(),
    asgi: await p.getByTestId('stats-asgi').textContent(),
    wsgi: await p.getByTestId('stats-wsgi').textContent(),
  });
  const here = await read(page);
  const other = await context.newPage();
  const problems = watch(other);
  await other.goto(link);
  await ready(other);
  await expect(other.getByText(/Replaying/)).toHaveCount(0, { timeout: 30_000 });
  await expect.poll(async () => (await read(other)).events, { timeout: 20_000 }).toBe(here.events);
  await other.waitForTimeout(500);
  expect(await read(other)).toEqual(here);
  expectClean(problems);
});

test('invalid and unknown URL parameters are clamped or ignored with a notice', async ({ page }) => {
  const problems = watch(page);
  await page.goto('./?lang=en&workers=500&users=abc&frobnicate=1&scene=nope');
  await ready(page);
  const n = page.getByTestId('notices');
  await expect(n).toContainText('workers=500');
  await expect(n).toContainText('using 200');
  await expect(n).toContainText('users=abc');
  await expect(n).toContainText('frobnicate');
  await expect(n).toContainText('scene=nope');
  await expect(page.locator('figure.stage.wsgi')).toHaveAttribute('data-units', '200');
  expectClean(problems);
});

test('the demo blog page: both iframes render, resize to their content, and stay paused until scrolled into view', async ({ page }) => {
  const problems = watch(page);
  await page.setViewportSize({ width: 820, height: 900 });
  await page.goto('./embed/demo.html');
  const first = page.frameLocator('#embed-gather');
  await expect(first.getByTestId('stage-asgi')).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('#embed-gather')).toHaveAttribute('data-height', /\d+/, { timeout: 10_000 });
  const h = Number(await page.locator('#embed-gather').getAttribute('data-height'));
  expect(h).not.toBe(640);
  const box = await page.locator('#embed-gather').boundingBox();
  expect(Math.abs(box.height - h)).toBeLessThanOrEqual(2); // the 1 px border on each side
  // The second embed is far below the fold: its simulation has not moved.
  const second = page.frameLocator('#embed-time-sleep');
  await page.waitForTimeout(2000);
  const frame2 = page.frame({ url: /scene=time-sleep/ });
  if (frame2) {
    const t = await frame2.getByTestId('sim-time').textContent().catch(() => '0.00 s');
    expect(t.trim()).toBe('0.00 s');
  }
  await page.locator('#embed-time-sleep').scrollIntoViewIfNeeded();
  await expect(second.getByTestId('stage-asgi')).toBeVisible({ timeout: 20_000 });
  await expect.poll(async () => parseFloat(await second.getByTestId('sim-time').textContent()), { timeout: 15_000 }).toBeGreaterThan(0.5);
  await page.screenshot({ path: '../target/e2e/embed-demo-820.png' });
  expectClean(problems);
});

test('an embed is compact and links to the full site at 320 px', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 700 });
  await page.goto('./?embed=1&scene=gather&lang=ko');
  await expect(page.getByTestId('embed')).toBeVisible();
  await expect(page.locator('h1')).toHaveCount(0);
  await expect(page.getByRole('link', { name: /Loop Lab/ })).toHaveAttribute('href', /scene=gather/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: '../target/e2e/embed-ko-320.png', fullPage: true });
});
