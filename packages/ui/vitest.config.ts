import { defineConfig } from 'vitest/config';
import { nodeResolve } from '../../vitest.shared.ts';

export default defineConfig({
  resolve: nodeResolve,
  // The `node` environment resolves through Vite's SSR settings: workspace packages from their sources too.
  ssr: { resolve: { conditions: nodeResolve.conditions, externalConditions: nodeResolve.conditions } },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    exclude: ['src/**/*.browser.test.{ts,tsx}', 'src/**/*.xmpp.test.{ts,tsx}'],
    environment: 'node',
  },
});
