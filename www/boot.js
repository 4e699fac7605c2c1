// Loads the WebAssembly app. Kept out of index.html so the Content-Security-Policy needs no inline script.
// If loading fails or the app panics, shows a visible error panel with a reload button instead of a blank page.
const boot = document.getElementById('boot');

function showError(detail) {
  const panel = document.getElementById('boot-error');
  if (!panel) return;
  panel.hidden = false;
  const d = panel.querySelector('.detail');
  if (d && detail && !d.textContent) d.textContent = String(detail).slice(0, 500);
}

// The reload button works however the panel was shown (here, or by the app's panic hook).
const reload = document.getElementById('boot-reload');
if (reload) reload.addEventListener('click', () => location.reload());

window.addEventListener('error', (e) => {
  if (e && e.message && /unreachable|RuntimeError|panicked/.test(e.message)) showError(e.message);
});
window.addEventListener('unhandledrejection', (e) => showError(e && e.reason));

// The editor island ("Try your own view"): a module of its own, next to the app's, imported the first time its
// section is opened (src/components/editor_island.rs); the promise rejects if it cannot load.
window.loopLabEditor = async (root, params) => {
  const base = new URL('.', new URL(boot.dataset.wasm, location.href));
  const mod = await import(new URL('editor.js', base).href);
  await mod.default({ module_or_path: new URL('editor_bg.wasm', base).href });
  mod.mount(root, params);
};

try {
  const mod = await import(boot.dataset.js);
  await mod.default({ module_or_path: boot.dataset.wasm });
} catch (err) {
  showError(err);
}
