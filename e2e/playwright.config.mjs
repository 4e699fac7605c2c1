// Playwright runs against the release build in ../dist, served on a loopback port other than trunk's 8080.
import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT || 4173);
export const SUB_PORT = Number(process.env.E2E_SUB_PORT || 4174);
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

export default defineConfig({
  testDir: './tests',
  outputDir: '../target/e2e/results',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    browserName: 'chromium',
    launchOptions: { executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS },
    viewport: { width: 1280, height: 900 },
  },
  webServer: [
    {
      command: `node serve.mjs ../dist ${PORT}`,
      url: `http://127.0.0.1:${PORT}/`,
      reuseExistingServer: false,
      timeout: 20_000,
    },
    {
      // The build for a sub-path (`trunk build --release --public-url /loop-lab/ --dist dist-sub`), served there.
      command: `node serve.mjs ../dist-sub ${SUB_PORT} /loop-lab/`,
      url: `http://127.0.0.1:${SUB_PORT}/loop-lab/`,
      reuseExistingServer: false,
      timeout: 20_000,
    },
  ],
});
