// Soak benchmark (not a test). Two modes, in headless Chromium; WebAssembly memory and the JS heap (after a forced GC)
// are sampled as it runs.
//   node e2e/bench-soak.mjs [minutes]               the default view at 5000 users, 1× speed (default 10 minutes);
//                                                    growth from the end of a warm-up to the end. Goal: ≤ 10 %.
//   node e2e/bench-soak.mjs [minutes] --every-scene  two thirds of the time: every scene in turn at top speed in one
//                                                    page (one WebAssembly instance, as a reader clicking through),
//                                                    answering each question; the last third: the most extreme
//                                                    settings the URL allows, at top speed. Reports the peak memory per
//                                                    scene / setting and overall; goal: the peak stays under BOUND_MB.
// Run against the site build: trunk build --release (dist/).
import { chromium } from 'playwright';
import { spawn } from 'node:child_process';
import { CHROMIUM_ARGS } from './playwright.config.mjs';
import { SCENE_KEYS as SCENES } from './tests/helpers.mjs';

const MINUTES = Number(process.argv[2] || 10);
const EVERY_SCENE = process.argv.includes('--every-scene');
const BOUND_MB = 256;
const PORT = 4177;
const here = new URL('.', import.meta.url).pathname;
const EXTREMES = [
  'users=5000&workers=200&threads=64&procs=16&cores=64&io_ms=0&cpu_ms=0&calls=8&speed=100',
  'users=5000&workers=200&cores=64&io_ms=5000&cpu_ms=1000&calls=8&gather=1&orm=s2a-shared&db_ms=1000&db_pool=1&speed=100',
  'rate=20000&workers=1&cores=1&cpu_ms=1000&speed=100',
  'celery=1&cpu_ms=1000&users=5000&speed=100',
];

const server = spawn('node', ['serve.mjs', '../dist', String(PORT)], { cwd: here, stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc', '--enable-precise-memory-info'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.addInitScript(() => {
  window.__long = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask', buffered: true });
});
const start = Date.now();
const elapsed = () => Math.round((Date.now() - start) / 1000);
const mb = (b) => (b / 1048576).toFixed(1);

/** One sample of the page's memory and frame numbers. */
async function sample(label) {
  const s = await page.evaluate(() => {
    if (window.gc) window.gc();
    const r = document.querySelector('[data-testid=readout]');
    return {
      wasm: Number(r.getAttribute('data-wasm-bytes')),
      heap: performance.memory ? performance.memory.usedJSHeapSize : 0,
      sim: document.querySelector('[data-testid=sim-time]').textContent,
      p95: Number(r.getAttribute('data-frame-p95-ms')),
      long: window.__long.length,
    };
  });
  s.t = elapsed();
  s.label = label;
  console.log(`${String(s.t).padStart(5)} s  ${label.padEnd(28)} wasm ${mb(s.wasm)} MB  heap ${mb(s.heap)} MB  sim ${s.sim}  frame p95 ${s.p95} ms  long tasks ${s.long}`);
  return s;
}

/** Top speed: the speed slider's End key. */
async function topSpeed() {
  await page.getByTestId('speed').focus();
  await page.keyboard.press('End');
}

const samples = [];
if (!EVERY_SCENE) {
  const warmupS = Math.min(120, MINUTES * 60 / 5);
  await page.goto(`http://127.0.0.1:${PORT}/?lang=en&users=5000&speed=1`);
  await page.getByTestId('stage-asgi').waitFor();
  while (Date.now() - start < MINUTES * 60_000) {
    await page.waitForTimeout(30_000);
    samples.push(await sample('5000 users, 1×'));
  }
  const after = samples.filter((s) => s.t >= warmupS);
  const [first, last] = [after[0], samples[samples.length - 1]];
  const growth = (a, b) => ((b - a) / a) * 100;
  console.log(`after a ${warmupS} s warm-up: wasm memory ${mb(first.wasm)} → ${mb(last.wasm)} MB (${growth(first.wasm, last.wasm).toFixed(1)} %), JS heap ${mb(first.heap)} → ${mb(last.heap)} MB (${growth(first.heap, last.heap).toFixed(1)} %), long tasks ${last.long}`);
} else {
  const sceneMs = (MINUTES * 60_000 * 2) / 3;
  const perScene = Math.max(20_000, sceneMs / (2 * SCENES.length)); // two rounds through every scene
  await page.goto(`http://127.0.0.1:${PORT}/?lang=en&scene=${SCENES[0]}`);
  await page.getByTestId('stage-asgi').waitFor();
  for (let i = 0; Date.now() - start < sceneMs; i++) {
    const key = SCENES[i % SCENES.length];
    await page.getByTestId('scene-select').selectOption(key);
    while (await page.getByTestId('walk-next').count()) await page.getByTestId('walk-next').click();
    if (await page.getByTestId('choice-0').isEnabled()) await page.getByTestId('choice-0').click();
    await topSpeed();
    const until = Date.now() + perScene;
    while (Date.now() < until) {
      await page.waitForTimeout(Math.min(10_000, until - Date.now()));
      samples.push(await sample(`scene ${key}`));
    }
  }
  const perExtreme = (MINUTES * 60_000 - (Date.now() - start)) / EXTREMES.length;
  for (const q of EXTREMES) {
    await page.goto(`http://127.0.0.1:${PORT}/?lang=en&${q}`);
    await page.getByTestId('stage-asgi').waitFor();
    const until = Date.now() + perExtreme;
    while (Date.now() < until) {
      await page.waitForTimeout(Math.min(10_000, Math.max(1000, until - Date.now())));
      samples.push(await sample(q.slice(0, 28)));
    }
  }
  const peaks = new Map();
  for (const s of samples) peaks.set(s.label, Math.max(peaks.get(s.label) || 0, s.wasm));
  console.log('\npeak WebAssembly memory per scene / setting:');
  for (const [label, b] of peaks) console.log(`  ${label.padEnd(28)} ${mb(b)} MB`);
  const peak = Math.max(...samples.map((s) => s.wasm));
  console.log(`overall peak ${mb(peak)} MB (bound ${BOUND_MB} MB: ${peak <= BOUND_MB * 1048576 ? 'met' : 'NOT met'}), JS heap peak ${mb(Math.max(...samples.map((s) => s.heap)))} MB, long tasks ${samples[samples.length - 1].long}, ${samples.length} samples over ${elapsed()} s`);
}
await browser.close();
server.kill();
