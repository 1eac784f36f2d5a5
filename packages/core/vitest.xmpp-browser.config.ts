import { defineConfig } from 'vitest/config';
import { ejabberdCommands } from '../../scripts/test-support/ejabberd.mjs';
import { networkShapingCommands } from '../../scripts/test-support/network-shaping.ts';
import { slowLinkCommands } from '../../scripts/test-support/slow-link.ts';
import { prosodyCommands } from '../../scripts/test-support/xmpp-browser-server.mjs';
import { browserResolve, chromiumBrowser, patientExpect } from '../../vitest.shared.ts';

/**
 * Real calls in headless Chromium with signaling through a real Prosody: the global setup starts the server on
 * free 127.0.0.1 ports and provides its WebSocket URL (`inject('xmppServer')`); pages log in with the browser
 * build of @xmpp/client. Run inside the loopback netns:
 * `node scripts/netns.mjs pnpm --filter @meshcall/core exec vitest run -c vitest.xmpp-browser.config.ts`.
 */
export default defineConfig({
  resolve: browserResolve,
  // Its own dependency cache: sharing vitest.browser.config.ts's would make each config re-optimize the other's.
  cacheDir: 'node_modules/.vite-xmpp-browser',
  optimizeDeps: { include: ['@xmpp/client', '@xmpp/xml', 'ltx', 'ltx/lib/parse.js', 'webrtc-adapter'] },
  test: {
    include: ['src/**/*.xmpp-browser.test.ts'],
    globalSetup: ['../../scripts/test-support/xmpp-browser-server.mjs'],
    expect: patientExpect,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The files share the server's accounts: in parallel, one file's bare-JID signals would ring another's clients.
    fileParallelism: false,
    browser: {
      ...chromiumBrowser(),
      commands: { ...networkShapingCommands, ...prosodyCommands, ...ejabberdCommands, ...slowLinkCommands },
    },
  },
});
