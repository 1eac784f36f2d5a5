/**
 * End-to-end tests of the demo app: real Debian Chromium pages (one browser context per person) calling each
 * other through a real Prosody. `pnpm test:e2e` runs them inside the loopback-only network namespace; by hand:
 *   node scripts/netns.mjs pnpm exec playwright test
 * Global setup starts Prosody and serves a production build of apps/demo (see e2e/global-setup.ts).
 */
import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumExecutable } from './scripts/chromium.mjs';

export default defineConfig({
  testDir: './e2e',
  outputDir: './.tmp/e2e/test-results',
  globalSetup: './e2e/global-setup.ts',
  // Every test signs in the same demo users on one shared server: they must not overlap. One worker also
  // suits a 2-core machine that other people use at the same time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: true,
  // Generous: a call between four browsers on a busy 2-core machine can take a while to connect.
  timeout: 90_000,
  expect: { timeout: 20_000 },
  globalTimeout: 10 * 60_000,
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? '.tmp/e2e.json' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: chromiumExecutable, args: chromiumArgs },
    permissions: ['camera', 'microphone'],
    viewport: { width: 1024, height: 700 },
    actionTimeout: 20_000,
    navigationTimeout: 30_000,
  },
});
