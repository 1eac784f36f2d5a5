// Prosody for the browser call tests (packages/core/vitest.xmpp-browser.config.ts): a Vitest globalSetup that
// starts one server on free 127.0.0.1 ports and provides its coordinates as `xmppServer`, plus Node-side
// browser commands that stop it and start it again on the same ports and folder (a real server outage, as
// seen by every client at once). Run inside the loopback-only namespace (scripts/netns.mjs).
//
// The setup and the commands are loaded as separate module instances (Vitest's module runner vs. the bundled
// config), so the running server is kept on globalThis, which both share in the one Vitest process.
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_USERS, startProsody } from '../prosody/prosody.mjs';
import { stopSharedEjabberd } from './ejabberd.mjs';

/** Demo users plus test-only accounts; all share one roster group, so presence flows between them. */
export const XMPP_BROWSER_USERS = Object.freeze([
  ...DEMO_USERS,
  ...['erin', 'frank', 'mallory'].map((username) => ({ username, password: `${username}-pass` })),
]);

const KEY = Symbol.for('meshcall.xmppBrowserServer');

/**
 * @typedef {import('../prosody/prosody.d.mts').ProsodyServer} ProsodyServer
 * @typedef {{ dir: string, c2sPort: number, httpPort: number, server: ProsodyServer | undefined }} Running
 * @typedef {{ users: number, ready: Promise<Running> }} Shared
 */

/** @returns {Record<symbol, Shared | undefined>} */
function scope() {
  return /** @type {Record<symbol, Shared | undefined>} */ (/** @type {unknown} */ (globalThis));
}

async function launch() {
  const dir = await mkdtemp(join(tmpdir(), 'meshcall-xmpp-browser-'));
  // The folder is ours (the restart command reuses it), so a start that fails must remove it.
  const server = await startProsody({ dir, users: XMPP_BROWSER_USERS }).catch(async (error) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  /** @type {Running} */
  const running = { dir, c2sPort: server.c2sPort, httpPort: server.httpPort, server };
  // If Vitest exits without running the teardown (a crash, Ctrl-C, a hung close), startProsody's own exit hook
  // stops the server (every restart's too); the folder is ours to remove.
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return running;
}

/**
 * Vitest calls a browser project's global setup more than once (per project instance, possibly at once), so
 * the server is shared and counted: the first call starts it, the last teardown stops it.
 *
 * @param {{ provide: (key: string, value: unknown) => void }} project
 */
export async function setup(project) {
  const shared = scope()[KEY] ?? { users: 0, ready: launch() };
  scope()[KEY] = shared;
  shared.users += 1;
  const running = await shared.ready;
  const { stop: _stop, ...info } = /** @type {ProsodyServer} */ (running.server);
  project.provide('xmppServer', info);
  let tornDown = false;
  return async () => {
    if (tornDown) return;
    tornDown = true;
    shared.users -= 1;
    if (shared.users > 0) return;
    scope()[KEY] = undefined;
    await stopSharedEjabberd(); // in case an interop test did not get to stop it
    await running.server?.stop();
    await rm(running.dir, { recursive: true, force: true });
  };
}

async function running() {
  const shared = scope()[KEY];
  if (!shared) throw new Error('the Prosody global setup did not run');
  return shared.ready;
}

/**
 * Vitest browser commands (`commands.stopProsody()`, `commands.startProsody()`). Stopping is SIGTERM by PID
 * (Prosody closes every client stream); starting reuses the folder and ports, so clients reconnect to the
 * same URL and the same accounts.
 */
export const prosodyCommands = {
  stopProsody: async () => {
    const current = await running();
    const { server } = current;
    current.server = undefined;
    await server?.stop();
  },
  startProsody: async () => {
    const current = await running();
    if (current.server) return;
    const { dir, c2sPort, httpPort } = current;
    current.server = await startProsody({ dir, c2sPort, httpPort, users: XMPP_BROWSER_USERS });
  },
};
