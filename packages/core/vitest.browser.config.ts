import { defineConfig } from 'vitest/config';
import { networkShapingCommands } from '../../scripts/test-support/network-shaping.ts';
import { browserResolve, chaosEnv, chromiumBrowser } from '../../vitest.shared.ts';

export default defineConfig({
  resolve: browserResolve,
  optimizeDeps: { include: ['@xmpp/xml', 'ltx/lib/parse.js', 'webrtc-adapter', 'fast-check'] },
  test: {
    include: ['src/**/*.browser.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    fileParallelism: false,
    env: chaosEnv,
    browser: { ...chromiumBrowser(), commands: networkShapingCommands },
  },
});
