/**
 * The components on a touch screen (`*.touch.browser.test.tsx`): Chromium with touch (`(pointer: coarse)` and
 * `(hover: none)` match), for what phones and tablets get and a mouse does not.
 */
import { defineConfig } from 'vitest/config';
import { chaosEnv, chromiumBrowser, patientExpect, reactBrowserDeps } from '../../vitest.shared.ts';

export default defineConfig({
  ...reactBrowserDeps,
  optimizeDeps: { ...reactBrowserDeps.optimizeDeps, entries: ['src/**/*.touch.browser.test.{ts,tsx}'] },
  test: {
    include: ['src/**/*.touch.browser.test.{ts,tsx}'],
    expect: patientExpect,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    fileParallelism: false,
    env: chaosEnv,
    browser: chromiumBrowser({ touch: true }),
  },
});
