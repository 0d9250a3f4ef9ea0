import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3100);

// Debian's chromium; Playwright's own browser download is not used.
export const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'th-TH',
    timezoneId: 'Asia/Bangkok',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs },
    trace: 'retain-on-failure',
  },
  webServer: {
    // A fresh zero-setup instance (own data folder and ports), stopped with SIGTERM so PostgreSQL shuts down cleanly.
    command: 'rm -rf .data-e2e && node --import tsx scripts/start.ts',
    env: {
      SARABAN_DATA_DIR: '.data-e2e', PORT: String(port),
      EMBEDDED_PG_PORT: String(port + 10), EMBEDDED_S3_PORT: String(port + 11),
      // The test IMAP server listens on loopback, which agencies may not reach unless the platform names it.
      MAIL_INTERNAL_HOSTS: '127.0.0.1',
      // Letters through the demo's government exchange node are pulled every two seconds.
      EXCHANGE_PULL_SECONDS: '2',
      // Scheduled backups are encrypted with the server's key.
      BACKUP_KEY: 'e2e-backup-key-0123456789',
    },
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    stdout: 'pipe',
  },
});
