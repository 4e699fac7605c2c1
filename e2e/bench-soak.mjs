// Soak benchmark (not a test): the page at 5000 users for a long time (default 10 minutes) in headless Chromium.
// Samples the WebAssembly memory and the JS heap (after a forced GC) every 30 s; growth is measured from the end
// of a 2-minute warm-up to the end. Goal: ≤ 10 %. Usage: node e2e/bench-soak.mjs [minutes]
import { chromium } from 'playwright';
import { spawn } from 'node:child_process';
import { CHROMIUM_ARGS } from './playwright.config.mjs';

const MINUTES = Number(process.argv[2] || 10);
const WARMUP_S = Math.min(120, MINUTES * 60 / 5);
const PORT = 4177;
const here = new URL('.', import.meta.url).pathname;
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
await page.goto(`http://127.0.0.1:${PORT}/?lang=en&users=5000&speed=1`);
await page.getByTestId('stage-asgi').waitFor();
const samples = [];
const start = Date.now();
while (Date.now() - start < MINUTES * 60_000) {
  await page.waitForTimeout(30_000);
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
  s.t = Math.round((Date.now() - start) / 1000);
  samples.push(s);
  console.log(`${String(s.t).padStart(5)} s  wasm ${(s.wasm / 1048576).toFixed(1)} MB  heap ${(s.heap / 1048576).toFixed(1)} MB  sim ${s.sim}  frame p95 ${s.p95} ms  long tasks ${s.long}`);
}
const after = samples.filter((s) => s.t >= WARMUP_S);
const first = after[0];
const last = samples[samples.length - 1];
const growth = (a, b) => ((b - a) / a) * 100;
console.log(`after a ${WARMUP_S} s warm-up: wasm memory ${(first.wasm / 1048576).toFixed(1)} → ${(last.wasm / 1048576).toFixed(1)} MB (${growth(first.wasm, last.wasm).toFixed(1)} %), JS heap ${(first.heap / 1048576).toFixed(1)} → ${(last.heap / 1048576).toFixed(1)} MB (${growth(first.heap, last.heap).toFixed(1)} %), long tasks ${last.long}`);
await browser.close();
server.kill();
