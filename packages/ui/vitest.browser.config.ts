import { defineConfig } from 'vitest/config';
import { chaosEnv, chromiumBrowser, patientExpect, reactBrowserDeps } from '../../vitest.shared.ts';

export default defineConfig({
  ...reactBrowserDeps,
  test: {
    include: ['src/**/*.browser.test.{ts,tsx}'],
    // Those run on a touch screen (vitest.touch.config.ts).
    exclude: ['src/**/*.touch.browser.test.{ts,tsx}'],
    expect: patientExpect,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    fileParallelism: false,
    env: chaosEnv,
    browser: chromiumBrowser(),
  },
});
