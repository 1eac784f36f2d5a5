// Prosody for the browser call tests (packages/core/vitest.xmpp-browser.config.ts): a Vitest globalSetup that
// starts one server on free 127.0.0.1 ports and provides its coordinates as `xmppServer`, plus Node-side
// browser commands that stop it and start it again on the same ports and folder (a real server outage, as
// seen by every client at once). Run inside the loopback-only namespace (scripts/netns.mjs).
//
// The setup and the commands are loaded as separate module instances (Vitest's module runner vs. the bundled
// config), so the running server is kept on globalThis, which both share in the one Vitest process.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_USERS, startProsody } from '../prosody/prosody.mjs';

/** Demo users plus test-only accounts; all share one roster group, so presence flows between them. */
export const XMPP_BROWSER_USERS = Object.freeze([
  ...DEMO_USERS,
  ...['erin', 'frank', 'mallory'].map((username) => ({ username, password: `${username}-pass` })),
]);

const KEY = Symbol.for('meshcall.xmppBrowserServer');

/**
 * @typedef {{ dir: string, ports: { c2sPort: number, httpPort: number }, server: import('../prosody/prosody.d.mts').ProsodyServer | undefined }} State
 * @returns {State | undefined}
 */
function state() {
  return /** @type {Record<symbol, State | undefined>} */ (globalThis)[KEY];
}

/** @param {{ provide: (key: string, value: unknown) => void }} project */
export async function setup(project) {
  const dir = await mkdtemp(join(tmpdir(), 'meshcall-xmpp-browser-'));
  const server = await startProsody({ dir, users: XMPP_BROWSER_USERS });
  /** @type {Record<symbol, State | undefined>} */ (globalThis)[KEY] = {
    dir,
    ports: { c2sPort: server.c2sPort, httpPort: server.httpPort },
    server,
  };
  const { stop: _stop, ...info } = server;
  project.provide('xmppServer', info);
  return async () => {
    const current = state();
    /** @type {Record<symbol, State | undefined>} */ (globalThis)[KEY] = undefined;
    const t0 = Date.now();
    await current?.server?.stop();
    console.error('[xmpp-browser] prosody stopped in', Date.now() - t0);
    await rm(dir, { recursive: true, force: true });
  };
}

/**
 * Vitest browser commands (`commands.stopProsody()`, `commands.startProsody()`). Stopping is SIGTERM by PID
 * (Prosody closes every client stream); starting reuses the folder and ports, so clients reconnect to the
 * same URL and the same accounts.
 */
export const prosodyCommands = {
  stopProsody: async () => {
    const current = state();
    if (!current?.server) throw new Error('no Prosody is running for this test run');
    const { server } = current;
    current.server = undefined;
    await server.stop();
  },
  startProsody: async () => {
    const current = state();
    if (!current) throw new Error('the Prosody global setup did not run');
    if (current.server) return;
    current.server = await startProsody({ dir: current.dir, ...current.ports, users: XMPP_BROWSER_USERS });
  },
};
