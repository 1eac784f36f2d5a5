import { defineConfig } from 'vitest/config';
import { nodeResolve, nodeSetupFiles } from '../../vitest.shared.ts';

/**
 * Integration tests against a real Prosody (started by the global setup on free 127.0.0.1 ports) with the
 * real @xmpp/client. Run inside the loopback netns:
 * `node scripts/netns.mjs pnpm --filter @meshcall/core exec vitest run -c vitest.xmpp.config.ts`.
 */
export default defineConfig({
  resolve: nodeResolve,
  test: {
    include: ['src/**/*.xmpp.test.ts'],
    environment: 'node',
    setupFiles: nodeSetupFiles,
    globalSetup: ['../../scripts/prosody/vitest-global-setup.mjs'],
    // The files share the server's accounts; in parallel, one file's bare-JID signals would reach another's clients.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
