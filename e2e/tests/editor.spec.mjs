// Your own view (issue 13): the code reader loads only when code is edited (a Web Worker with the Python parser),
// a blocking call in an async view is found on its line with its price, the fix rewrites it and frees the loop,
// bad input gets a message and keeps the last good view, the page stays responsive. Screenshots:
// target/e2e/editor-*.
import { test, expect } from '@playwright/test';
import { watch, expectClean, ready } from './helpers.mjs';

const BLOCKING = `import requests

async def weather(request):
    r = requests.get("https://api.weather.example/today")
    return JsonResponse(r.json())
`;

/** Pastes `text` into the editor as one input event (a paste), not keystroke by keystroke. */
async function paste(page, text) {
  await page.getByTestId('editor-code').evaluate((ta, t) => {
    ta.value = t;
    ta.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }, text);
}

/** Opens the page at 760 px in English, the editor, and the post's `bad_view` example, read. */
async function openOnBadView(page) {
  await page.setViewportSize({ width: 760, height: 1000 });
  await page.goto('./?lang=en');
  await ready(page);
  await page.getByTestId('editor').locator('summary').click();
  await page.getByTestId('example-bad_view').click();
  await expect(page.getByTestId('finding')).toHaveAttribute('data-rule', 'ASYNC251', { timeout: 30_000 });
}

/** The number in "… 12/s …" texts. */
const rate = (s) => Number(String(s).replace(/[^\d.]/g, ''));

test('the parser loads on demand; a blocking call is found with its price, and the fix frees the loop', async ({ page }) => {
  const problems = watch(page);
  const onDemand = [];
  page.on('request', (r) => { if (/\/(reader-worker|editor)[._]/.test(r.url())) onDemand.push(r.url()); });
  await page.setViewportSize({ width: 760, height: 1000 });
  await page.goto('./?lang=en&users=50');
  await ready(page);
  await page.waitForTimeout(1500);
  expect(onDemand, 'neither the editor nor the parser is part of the first download').toEqual([]);

  const editor = page.getByTestId('editor');
  await editor.locator('summary').click();
  await expect(page.getByTestId('editor-code')).toBeVisible({ timeout: 30_000 });
  expect(onDemand.some((u) => u.endsWith('/editor_bg.wasm'))).toBe(true);
  expect(onDemand.some((u) => u.includes('reader-worker')), 'the parser waits for the first edit').toBe(false);
  await page.getByTestId('editor-code').fill(BLOCKING);
  await expect(page.getByTestId('reader-status')).toHaveClass(/reader-ok/, { timeout: 30_000 });
  expect(onDemand.some((u) => u.endsWith('reader-worker_loader.js'))).toBe(true);
  await expect(page.getByTestId('reader-status')).toContainText('weather: 1 of its 2 statements run');
  const finding = page.getByTestId('finding');
  await expect(finding).toHaveCount(1);
  await expect(finding).toHaveAttribute('data-line', '4');
  await expect(finding).toHaveAttribute('data-rule', 'ASYNC210');
  const price = page.getByTestId('finding-price');
  await expect(price).toContainText(/At 50 users, ASGI: [\d.]+\/s as written → [\d.]+\/s fixed/, { timeout: 30_000 });
  const [, before, after] = (await price.textContent()).match(/ASGI: ([\d.]+)\/s as written → ([\d.]+)\/s fixed/);
  // One process blocked 100 ms per request: ~10/s; awaited, 50 users answer ~450/s.
  expect(rate(before)).toBeLessThan(11);
  expect(rate(after)).toBeGreaterThan(20 * rate(before));
  // The stage runs the code as typed: its ASGI view is the typed one.
  await expect(page.getByTestId('code-asgi')).toContainText('requests.get("https://api.weather.example/today")');
  await editor.screenshot({ path: '../target/e2e/editor-finding-760-en.png' });

  await page.getByTestId('apply-fix').click();
  const code = page.getByTestId('editor-code');
  await expect(code).toHaveValue(/r = await client\.get\("https:\/\/api\.weather\.example\/today"\)/);
  await expect(code).toHaveValue(/client = httpx\.AsyncClient\(\)/);
  await expect(page.getByTestId('finding')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('code-asgi')).toContainText('await client.get(');
  // The run before the fix stays on the page as "before" while the fixed view runs.
  await expect(page.getByTestId('before-asgi-throughput')).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: '../target/e2e/editor-fixed-760-en.png', fullPage: true });
  expectClean(problems);
});

test('bad input: a message at its line, the last good view kept, the page responsive', async ({ page }) => {
  const problems = watch(page);
  await page.setViewportSize({ width: 390, height: 900 });
  await page.goto('./?lang=ko');
  await ready(page);
  await page.getByTestId('editor').locator('summary').click();
  const code = page.getByTestId('editor-code');
  const status = page.getByTestId('reader-status');
  await code.fill('async def v(request):\n    await asyncio.sleep(0.2)\n');
  await expect(status).toHaveClass(/reader-ok/, { timeout: 30_000 });
  await code.fill('async def v(request):\n    await client.get(URL\n    return 1\n');
  await expect(status).toHaveClass(/reader-error/);
  await expect(status).toContainText('3번째 줄');
  await expect(status).toContainText('마지막으로 읽은 코드가 계속 실행됩니다');
  await expect(page.getByTestId('code-asgi')).toContainText('await asyncio.sleep(0.2)');
  await page.screenshot({ path: '../target/e2e/editor-error-390-ko.png', fullPage: true });
  // Ten thousand lines: refused at once, and the page keeps its turn (frames keep coming).
  await paste(page, 'x = 1\n'.repeat(10_000));
  await expect(status).toContainText('줄이 너무 많습니다 (10000줄, 최대 2000)', { timeout: 30_000 });
  const frames = await page.evaluate(() => new Promise((done) => {
    let n = 0;
    const t0 = performance.now();
    const tick = () => { n += 1; if (performance.now() - t0 < 500) requestAnimationFrame(tick); else done(n); };
    requestAnimationFrame(tick);
  }));
  expect(frames).toBeGreaterThan(5);
  // Deep nesting and binary input: messages, not a crash.
  await paste(page, `def v(r):\n    x = ${'('.repeat(3000)}1${')'.repeat(3000)}\n`);
  await expect(status).toContainText('2번째 줄의 괄호나 블록이 너무 깊습니다');
  await paste(page, 'def v(r):\n    \u0000\u0001\n');
  await expect(status).toContainText('텍스트가 아닌 문자');
  expectClean(problems);
});

test('the post\'s examples are one click away, and the controls take the view back', async ({ page }) => {
  await openOnBadView(page);
  await page.getByTestId('example-fetch_external_api').click();
  await expect(page.getByTestId('reader-lines')).toContainText('gather: waits together · 100 ms', { timeout: 30_000 });
  await expect(page.getByTestId('finding')).toHaveCount(0);
  await page.screenshot({ path: '../target/e2e/editor-example-760-en.png', fullPage: true });
  await expect(page.getByTestId('code-asgi')).toContainText('async def fetch_external_api(request):');
  // A view control rewrites the code: the typed view gives way to the generated one.
  await page.getByTestId('ctl-io').selectOption('httpx');
  await expect(page.getByTestId('code-asgi')).toContainText('async def view(request):');
  await expect(page.getByTestId('code-asgi')).toContainText('await client.get(URLS[0])');
  await expect(page.getByTestId('editor-code')).toHaveValue(/await client\.get\(URLS\[0\]\)/);
  // And the reader's own code can be left by hand too.
  await page.getByTestId('example-bad_view').click();
  await expect(page.getByTestId('code-asgi')).toContainText('async def bad_view(request):', { timeout: 30_000 });
  await page.getByTestId('editor-back').click();
  await expect(page.getByTestId('code-asgi')).toContainText('async def view(request):');
});

test('a shared link carries the view: the code, and the stages running it', async ({ page, context }) => {
  const problems = watch(page);
  await openOnBadView(page);
  // The page's own URL now carries the view, packed.
  await expect.poll(() => new URL(page.url()).searchParams.get('code') ?? '', { timeout: 10_000 }).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  const shared = page.url();
  const other = await context.newPage();
  await other.setViewportSize({ width: 760, height: 1000 });
  await other.goto(shared);
  await ready(other);
  // It opens on the shared view, reads it and runs it, with the same finding and price.
  await expect(other.getByTestId('editor-code')).toHaveValue(/time\.sleep\(1\)/, { timeout: 30_000 });
  await expect(other.getByTestId('finding')).toHaveAttribute('data-rule', 'ASYNC251', { timeout: 30_000 });
  await expect(other.getByTestId('code-asgi')).toContainText('async def bad_view(request):');
  await expect(other.getByTestId('finding-price')).toHaveText(await page.getByTestId('finding-price').textContent(), { timeout: 30_000 });
  // A broken value is named, not run.
  const broken = new URL(shared);
  broken.searchParams.set('code', 'not valid!');
  await other.goto(broken.href);
  await ready(other);
  await expect(other.getByTestId('notices')).toContainText('code');
  expectClean(problems);
});
