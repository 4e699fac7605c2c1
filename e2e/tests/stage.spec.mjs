// The live stage: the post's toggles change what is drawn and the numbers, playback is exact, a request can be
// followed. Numbers are read from the page's accessible text, not from pixels.
import { test, expect } from '@playwright/test';
import { watch, expectClean, ready } from './helpers.mjs';

const num = (s) => parseFloat(String(s).replace(/[^0-9.]/g, ''));
async function stat(page, side, key) {
  return num(await page.getByTestId(`stat-${side}-${key}`).textContent());
}
/** Simulated seconds shown on the page. */
async function simTime(page) {
  return num(await page.getByTestId('sim-time').textContent());
}
async function waitSim(page, seconds) {
  const t0 = await simTime(page);
  await expect.poll(() => simTime(page), { timeout: 30_000 }).toBeGreaterThan(t0 + seconds);
}
/** Sets a log-scale slider to a position 0–1000. */
async function slide(page, id, pos) {
  await page.getByTestId(id).fill(String(pos));
}

test.beforeEach(async ({ page }) => {
  await page.goto('./?lang=en');
  await ready(page);
  await page.getByRole('button', { name: 'English' }).click();
});

test('time.sleep in the async view drops the loop throughput at least 5x and raises the loop lag', async ({ page }) => {
  const problems = watch(page);
  await slide(page, 'speed', 700); // about 4x
  await waitSim(page, 4);
  const before = await stat(page, 'asgi', 'throughput');
  const lagBefore = await page.getByTestId('stat-asgi-lag').textContent();
  expect(before).toBeGreaterThan(100);
  await page.getByTestId('ctl-io').selectOption('time-sleep');
  await waitSim(page, 4);
  const after = await stat(page, 'asgi', 'throughput');
  expect(before / Math.max(after, 0.01)).toBeGreaterThanOrEqual(5);
  const lag = await page.getByTestId('stat-asgi-lag').textContent();
  // The lag is shown in seconds once it passes 1 s; in any case it must exceed 100 ms.
  const lagMs = lag.includes(' s') ? num(lag) * 1000 : num(lag);
  expect(lagMs, `lag before: ${lagBefore}, after: ${lag}`).toBeGreaterThan(100);
  // The canvas is the one that freezes: the summary for screen readers says so too.
  await expect(page.getByTestId('summary-asgi')).toContainText('blocked', { timeout: 10_000 });
  expectClean(problems);
});

test('the worker slider changes the number of worker boxes drawn', async ({ page }) => {
  const stage = page.locator('figure.stage.wsgi');
  await expect(stage).toHaveAttribute('data-units', '4');
  for (const pos of [0, 500, 1000]) {
    await slide(page, 'ctl-workers', pos);
    const shown = (await page.getByTestId('ctl-workers-value').textContent()).trim();
    await expect(stage).toHaveAttribute('data-units', shown);
  }
  await expect(stage).toHaveAttribute('data-units', '200');
});

test('step advances exactly one event', async ({ page }) => {
  await page.getByTestId('play').click(); // pause
  await page.waitForTimeout(400);
  const before = num(await page.getByTestId('events').textContent());
  for (let i = 1; i <= 3; i++) {
    await page.getByTestId('step').click();
    await expect(page.getByTestId('events')).toHaveText(String(before + i));
  }
});

test('scrubbing back and then forward reproduces the same numbers', async ({ page }) => {
  await slide(page, 'speed', 700);
  await waitSim(page, 4);
  await page.getByTestId('play').click(); // pause
  const readAll = async () => {
    await expect(page.getByText(/Replaying/)).toHaveCount(0, { timeout: 20_000 });
    await page.waitForTimeout(400);
    return {
      t: await page.getByTestId('sim-time').textContent(),
      events: await page.getByTestId('events').textContent(),
      asgi: await page.getByTestId('stats-asgi').textContent(),
      wsgi: await page.getByTestId('stats-wsgi').textContent(),
    };
  };
  await page.getByTestId('scrub').fill('3');
  await page.getByTestId('scrub').dispatchEvent('change');
  const first = await readAll();
  expect(first.t).toBe('3.00 s');
  await page.getByTestId('scrub').fill('1');
  await page.getByTestId('scrub').dispatchEvent('change');
  const back = await readAll();
  expect(back.t).toBe('1.00 s');
  await page.getByTestId('scrub').fill('3');
  await page.getByTestId('scrub').dispatchEvent('change');
  expect(await readAll()).toEqual(first);
});

test('following a request lights a line of the code panel', async ({ page }) => {
  await slide(page, 'speed', 200);
  await page.waitForTimeout(500);
  await page.getByTestId('follow').click();
  await expect(page.getByTestId('follow-panel')).toBeVisible();
  await expect(page.locator('.code .line.lit').first()).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('timeline-asgi').or(page.getByTestId('timeline-wsgi')).first()).toBeVisible();
});

for (const [lang, name] of [['ko', '한국어'], ['en', 'English']]) {
  for (const width of [1280, 390]) {
    test(`screenshots of the default scene, the blocked loop and a busy pool — ${lang} ${width}px`, async ({ page }) => {
      await page.setViewportSize({ width, height: width > 800 ? 900 : 844 });
      await page.getByRole('button', { name }).click();
      await page.waitForTimeout(2500);
      const shot = (what) => page.screenshot({ path: `../target/e2e/stage-${what}-${lang}-${width}.png`, fullPage: what === 'default' });
      await shot('default');
      await page.getByTestId('ctl-io').selectOption('time-sleep');
      await page.waitForTimeout(2500);
      await page.locator('.stages').screenshot({ path: `../target/e2e/stage-blocked-${lang}-${width}.png` });
      await page.getByTestId('ctl-io').selectOption('requests');
      await slide(page, 'ctl-workers', 800);
      await slide(page, 'ctl-users', 850);
      await page.waitForTimeout(2500);
      await page.locator('.stages').screenshot({ path: `../target/e2e/stage-busy-pool-${lang}-${width}.png` });
    });
  }
}
