// Benchmark (not a test): work per animation frame with thousands of requests in flight, in headless Chromium.
// Headless Chromium paces frames at 60 Hz, so this reads the app's own measurement of its frame callback
// (engine step + painting + chart redraws) and counts long tasks (> 50 ms) with a PerformanceObserver.
// Usage: node e2e/bench-frames.mjs   (after trunk build --release)
import { chromium } from 'playwright';
import { spawn } from 'node:child_process';
import { CHROMIUM_ARGS } from './playwright.config.mjs';

const PORT = 4175;
const server = spawn('node', ['serve.mjs', '../dist', String(PORT)], { cwd: new URL('.', import.meta.url).pathname, stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });

const scenarios = [
  { name: '5000 users, default view, 1x', set: { 'ctl-users': 1000, speed: 500 } },
  { name: '5000 users, time.sleep, 1x', set: { 'ctl-users': 1000, speed: 500 }, io: 'time-sleep' },
  { name: '5000 users, 200 workers, 5 ms calls, 100x', set: { 'ctl-users': 1000, 'ctl-workers': 1000, 'ctl-io_ms': 300, speed: 1000 } },
  { name: 'extreme: 200×64 gthread, 16 loops, 64 cores, 0 ms, 100x', url: 'users=5000&workers=200&threads=64&procs=16&cores=64&io_ms=0&cpu_ms=0&calls=8&speed=100' },
];

console.log(`${'scenario'.padEnd(58)} ${'in flight'.padStart(11)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'long tasks'.padStart(11)} ${'sim s'.padStart(7)}`);
for (const s of scenarios) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.addInitScript(() => {
    window.__long = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`http://127.0.0.1:${PORT}/?lang=en&${s.url || ''}`);
  await page.getByTestId('stage-asgi').waitFor();
  for (const [id, pos] of Object.entries(s.set || {})) await page.getByTestId(id).fill(String(pos));
  if (s.io) await page.getByTestId('ctl-io').selectOption(s.io);
  await page.waitForTimeout(3000);
  await page.evaluate(() => { window.__long = []; });
  await page.waitForTimeout(6000); // the frame ring covers the last 300 frames = 5 s
  const r = await page.getByTestId('readout');
  const p95 = parseFloat(await r.getAttribute('data-frame-p95-ms'));
  const max = parseFloat(await r.getAttribute('data-frame-max-ms'));
  const inflight = (await page.getByTestId('stat-asgi-inflight').textContent()).trim() + '+' +
    (await page.getByTestId('stat-wsgi-inflight').textContent()).trim();
  const long = await page.evaluate(() => window.__long.length);
  const t = (await page.getByTestId('sim-time').textContent()).trim();
  console.log(`${s.name.padEnd(58)} ${inflight.padStart(11)} ${p95.toFixed(2).padStart(8)} ${max.toFixed(2).padStart(8)} ${String(long).padStart(11)} ${t.padStart(7)}`);
  await page.close();
}
await browser.close();
server.kill();
