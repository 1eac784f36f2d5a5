import { defineConfig } from 'vitest/config';
import { nodeResolve, nodeSetupFiles } from '../../vitest.shared.ts';

export default defineConfig({
  resolve: nodeResolve,
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    exclude: ['src/**/*.browser.test.{ts,tsx}', 'src/**/*.xmpp.test.{ts,tsx}', 'src/**/*.xmpp-browser.test.{ts,tsx}'],
    environment: 'node',
    setupFiles: nodeSetupFiles,
  },
});
