import { defineConfig } from 'vitest/config';
import { nodeResolve, nodeSetupFiles } from '../../vitest.shared.ts';

export default defineConfig({
  resolve: nodeResolve,
  // The SSR test runs in the `node` environment, which resolves through Vite's SSR settings.
  ssr: { resolve: { conditions: nodeResolve.conditions, externalConditions: nodeResolve.conditions } },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    exclude: ['src/**/*.browser.test.{ts,tsx}', 'src/**/*.xmpp.test.{ts,tsx}'],
    // Hooks render into a DOM; the SSR test opts back into `node` with a file comment.
    environment: 'jsdom',
    setupFiles: nodeSetupFiles,
  },
});
