import { defineConfig } from 'vitest/config';
import { nodeResolve } from '../../vitest.shared.ts';

/** Unit tests of the demo's own logic: pure modules in `node`, components in `jsdom` (file comment). */
export default defineConfig({
  resolve: nodeResolve,
  // The `node` environment resolves through Vite's SSR settings: workspace packages from source there too.
  ssr: { resolve: { conditions: nodeResolve.conditions, externalConditions: nodeResolve.conditions } },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    exclude: ['src/**/*.browser.test.{ts,tsx}'],
    environment: 'node',
  },
});
