import { defineConfig } from 'vitest/config';
import { browserResolve, chromiumBrowser } from '../../vitest.shared.ts';

export default defineConfig({
  resolve: browserResolve,
  // Scan every test up front, so dependencies reached through workspace sources (@meshcall/core's) are
  // pre-bundled before the first test; a late discovery makes Vite reload the page mid-run.
  optimizeDeps: { entries: ['src/**/*.browser.test.{ts,tsx}'] },
  test: {
    include: ['src/**/*.browser.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    fileParallelism: false,
    browser: chromiumBrowser(),
  },
});
