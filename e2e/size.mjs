// Prints the size of dist/'s .wasm, .js and .css (and everything else), raw and gzipped, and the first download's
// total: everything but the files loaded on demand (the editor island and the code reader's Web Worker, loaded
// when the reader opens the editor and edits code; e2e/tests/editor.spec.mjs checks that the page does not fetch
// them before). With --check, fails if the gzipped first download is over the budget (300 KB).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, extname, dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const BUDGET = 300 * 1024;
const ON_DEMAND = /^(reader-worker|editor)[._]/;
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const rows = [];
for (const name of readdirSync(dist)) {
  const path = join(dist, name);
  if (!statSync(path).isFile()) continue;
  const body = readFileSync(path);
  rows.push({ name, kind: extname(name).slice(1), raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
}
rows.sort((a, b) => b.gzip - a.gzip);
const first = rows.filter((r) => !ON_DEMAND.test(r.name));
const total = first.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip }), { raw: 0, gzip: 0 });
const pad = (s, n) => String(s).padStart(n);
console.log(`${'file'.padEnd(44)} ${pad('raw', 9)} ${pad('gzip', 9)}`);
for (const r of rows) console.log(`${r.name.padEnd(44)} ${pad(r.raw, 9)} ${pad(r.gzip, 9)}${ON_DEMAND.test(r.name) ? '   (on demand)' : ''}`);
for (const kind of ['wasm', 'js', 'css']) {
  const k = first.filter((r) => r.kind === kind);
  console.log(`${('all .' + kind).padEnd(44)} ${pad(k.reduce((s, r) => s + r.raw, 0), 9)} ${pad(k.reduce((s, r) => s + r.gzip, 0), 9)}`);
}
console.log(`${'first download'.padEnd(44)} ${pad(total.raw, 9)} ${pad(total.gzip, 9)}   (budget ${BUDGET} gzipped)`);
if (process.argv.includes('--check') && total.gzip > BUDGET) {
  console.error(`size budget exceeded: ${total.gzip} > ${BUDGET} bytes gzipped`);
  process.exit(1);
}
