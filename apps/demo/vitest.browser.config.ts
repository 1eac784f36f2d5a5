import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { chromiumBrowser, reactBrowserDeps } from '../../vitest.shared.ts';

/** The demo's screens in real Chromium (fake camera), with real call clients over the in-memory network. */
export default defineConfig({
  plugins: [react()],
  ...reactBrowserDeps,
  test: {
    include: ['src/**/*.browser.test.{ts,tsx}'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
    fileParallelism: false,
    browser: chromiumBrowser(),
  },
});
