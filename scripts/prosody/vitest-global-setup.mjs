// Vitest globalSetup for XMPP integration tests: starts one Prosody on free ports (demo users plus test
// users), hands its coordinates to the tests with `provide('xmppServer', …)`, and stops it by PID afterwards.
// Run the tests inside the loopback-only netns (scripts/netns.mjs): Prosody binds 127.0.0.1 there.
import { DEMO_USERS, startProsody } from './prosody.mjs';

/** Extra accounts for tests (outside the demo set); they share the roster group, so presence flows. */
const TEST_USERS = ['erin', 'frank', 'mallory'].map((username) => ({ username, password: `${username}-pass` }));

let server;

/** @param {{ provide: (key: string, value: unknown) => void }} project */
export async function setup(project) {
  server = await startProsody({ users: [...DEMO_USERS, ...TEST_USERS] });
  const { stop: _stop, ...info } = server;
  project.provide('xmppServer', info);
  return async () => {
    await server?.stop();
    server = undefined;
  };
}
