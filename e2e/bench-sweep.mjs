// Benchmark (not a test): a sweep totalling about 1 M simulated requests, in headless Chromium (wall time, no long
// task) and natively with the CLI on the same scenarios (events per second, wasm vs native).
// Usage: node e2e/bench-sweep.mjs   (after scripts/test.sh's test build: trunk build --release --features test-hooks
// --public-url /loop-lab/ --dist dist-sub; `?sweep_requests=` is a test hook)
import { chromium } from 'playwright';
import { spawn, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { CHROMIUM_ARGS } from './playwright.config.mjs';

const PER_POINT = 56_300; // 10 worker counts × 2 sides; the per-point duration estimate makes this ≈ 1 000 000 requests
const here = new URL('.', import.meta.url).pathname;
const root = new URL('..', import.meta.url).pathname;

// Native: the same sweep with the CLI.
const scenario = execFileSync('cargo', ['run', '-q', '--release', '--example', 'lab_scenario'], { cwd: root }).toString();
writeFileSync('/tmp/loop-lab-bench-scenario.json', scenario);
execFileSync('cargo', ['build', '-q', '--release', '-p', 'sim', '--bin', 'loop-lab-sim'], { cwd: root });
const native = [];
for (let i = 0; i < 3; i++) {
  const out = JSON.parse(execFileSync(`${root}/target/release/loop-lab-sim`, ['/tmp/loop-lab-bench-scenario.json', '--sweep', 'workers', '--per-point', String(PER_POINT)]).toString());
  native.push(out);
}
const nativeBest = native.reduce((a, b) => (a.wall_ms < b.wall_ms ? a : b));

// Browser.
const PORT = 4176;
const server = spawn('node', ['serve.mjs', '../dist-sub', String(PORT), '/loop-lab/'], { cwd: here, stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
const runs = [];
for (let i = 0; i < 3; i++) {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.__long = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`http://127.0.0.1:${PORT}/loop-lab/?lang=en&sweep_requests=${PER_POINT}`);
  await page.getByTestId('sweep-run').waitFor();
  await page.getByTestId('play').click(); // pause the live stage: measure the sweep alone
  await page.waitForTimeout(500);
  await page.evaluate(() => { window.__long = []; });
  await page.getByTestId('sweep-run').click();
  await page.getByTestId('sweep-stats').waitFor({ timeout: 120_000 });
  const s = page.getByTestId('sweep-stats');
  runs.push({
    wall_ms: parseFloat(await s.getAttribute('data-wall-ms')),
    events: parseInt(await s.getAttribute('data-events'), 10),
    requests: parseInt(await s.getAttribute('data-requests'), 10),
    max_slice_ms: parseFloat(await s.getAttribute('data-max-slice-ms')),
    busy_ms: parseFloat(await s.getAttribute('data-busy-ms')),
    long: await page.evaluate(() => window.__long.length),
  });
  await page.close();
}
await browser.close();
server.kill();
const best = runs.reduce((a, b) => (a.wall_ms < b.wall_ms ? a : b));
const wasmRate = best.events / (best.busy_ms / 1000);
const nativeRate = nativeBest.events / (nativeBest.wall_ms / 1000);
console.log(`sweep of ${best.requests} requests (${PER_POINT} per point × 10 worker counts × 2 sides)`);
console.log(`browser (best of 3): ${best.wall_ms.toFixed(0)} ms wall (${best.busy_ms.toFixed(0)} ms in slices), ${best.events} events, ${(wasmRate / 1e6).toFixed(2)} M events/s in slices, longest slice ${best.max_slice_ms} ms, long tasks ${runs.map((r) => r.long).join('/')}`);
console.log(`native  (best of 3): ${nativeBest.wall_ms.toFixed(0)} ms wall, ${nativeBest.events} events, ${(nativeRate / 1e6).toFixed(2)} M events/s`);
console.log(`wasm / native events per second: ${(wasmRate / nativeRate).toFixed(2)}`);
