import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { browserOptimizeDeps, browserResolve, chromiumBrowser } from '../../vitest.shared.ts';

/** The demo's screens in real Chromium (fake camera), with real call clients over the in-memory network. */
export default defineConfig({
  plugins: [react()],
  // One React for the app and the workspace packages (zustand reaches it through @meshcall/hooks' sources).
  resolve: { ...browserResolve, dedupe: ['react', 'react-dom'] },
  // Pre-bundle up front: a dependency discovered mid-run makes Vite reload the page under the test.
  optimizeDeps: {
    entries: ['src/**/*.browser.test.{ts,tsx}'],
    include: [
      ...browserOptimizeDeps.include,
      'react',
      'react-dom',
      'react-dom/client',
      'react/jsx-dev-runtime',
      '@meshcall/hooks > zustand',
      '@meshcall/hooks > zustand/vanilla',
    ],
  },
  test: {
    include: ['src/**/*.browser.test.{ts,tsx}'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
    fileParallelism: false,
    browser: chromiumBrowser(),
  },
});
