import { defineConfig } from 'vitest/config';
import { browserOptimizeDeps, browserResolve, chromiumBrowser } from '../../vitest.shared.ts';

export default defineConfig({
  // One React for everything: zustand is reached through @meshcall/hooks' sources, and without dedupe its
  // pre-bundle would import a second copy of React ("Invalid hook call").
  resolve: { ...browserResolve, dedupe: ['react', 'react-dom'] },
  // Scan every test up front, so dependencies reached through workspace sources (@meshcall/core's and
  // @meshcall/hooks') are pre-bundled before the first test; a late discovery makes Vite reload mid-run.
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
    testTimeout: 30_000,
    hookTimeout: 30_000,
    fileParallelism: false,
    browser: chromiumBrowser(),
  },
});
