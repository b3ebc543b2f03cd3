// Playwright against a running Hatrack (BASE_URL), in Debian's Chromium.
// `cargo xtask test` / `cargo xtask e2e` start the server on a fresh database and set
// BASE_URL, E2E_OUT (screenshots) and PLAYWRIGHT_JSON_OUTPUT_NAME (results for the summary).
const { defineConfig } = require('@playwright/test');

module.exports = defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json']],
  use: {
    baseURL: process.env.BASE_URL || 'http://127.0.0.1:3000',
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      // Without the networking flags Chromium tries Google's hosts, which this machine refuses.
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
  },
});
