import { defineConfig } from 'vitest/config';
import { networkShapingCommands } from '../../scripts/test-support/network-shaping.ts';
import { turnCommands } from '../../scripts/test-support/turn-server.mjs';
import { browserResolve, chaosEnv, chromiumBrowser, patientExpect } from '../../vitest.shared.ts';

export default defineConfig({
  resolve: browserResolve,
  optimizeDeps: { include: ['@xmpp/xml', 'ltx/lib/parse.js', 'webrtc-adapter', 'fast-check'] },
  test: {
    include: ['src/**/*.browser.test.{ts,tsx}'],
    expect: patientExpect,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    fileParallelism: false,
    env: chaosEnv,
    // A coturn for the relay-only test, started on demand (commands.startTurn) and stopped at the end.
    globalSetup: ['../../scripts/test-support/turn-server.mjs'],
    browser: { ...chromiumBrowser(), commands: { ...networkShapingCommands, ...turnCommands } },
  },
});
