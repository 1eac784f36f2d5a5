import { defineConfig } from 'vitest/config';
import { browserResolve, chromiumBrowser, patientExpect } from '../../vitest.shared.ts';

export default defineConfig({
  resolve: browserResolve,
  test: {
    include: ['src/**/*.browser.test.{ts,tsx}'],
    expect: patientExpect,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    fileParallelism: false,
    browser: chromiumBrowser(),
  },
});
