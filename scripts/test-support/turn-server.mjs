// A TURN server for the relay-only call tests: coturn from apt (`apt-get install coturn`), run in the
// foreground with a generated config on a free 127.0.0.1 port, one static user, relays on 127.0.0.1 (loopback
// peers allowed: every test peer is on loopback). See docs/xmpp-server.md §7. Started on demand by a browser
// command and stopped by the global setup's teardown, by PID.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, stopPid, tcpOpen } from '../prosody/prosody.mjs';

const TURNSERVER = '/usr/bin/turnserver';
const USERNAME = 'meshcall';
const CREDENTIAL = 'meshcall-turn-pass';
const KEY = Symbol.for('meshcall.turnServer');

/**
 * @typedef {{ urls: string, username: string, credential: string }} TurnServer
 * @typedef {{ dir: string, pid: number, server: TurnServer }} Running
 */

/** @returns {Record<symbol, Promise<Running> | undefined>} */
function scope() {
  return /** @type {Record<symbol, Promise<Running> | undefined>} */ (/** @type {unknown} */ (globalThis));
}

function config({ dir, port, relayPorts }) {
  return [
    'listening-ip=127.0.0.1',
    'relay-ip=127.0.0.1',
    `listening-port=${port}`,
    `min-port=${relayPorts[0]}`,
    `max-port=${relayPorts[1]}`,
    'realm=meshcall.test',
    'lt-cred-mech',
    'fingerprint',
    `user=${USERNAME}:${CREDENTIAL}`,
    'allow-loopback-peers',
    'no-tls',
    'no-dtls',
    'no-cli',
    'no-multicast-peers',
    `pidfile=${join(dir, 'turnserver.pid')}`,
    `userdb=${join(dir, 'turndb')}`,
    'log-file=stdout',
    'simple-log',
    '',
  ].join('\n');
}

async function launch() {
  if (!existsSync(TURNSERVER)) {
    throw new Error('coturn is not installed (no /usr/bin/turnserver): run scripts/bootstrap.sh coturn');
  }
  const dir = await mkdtemp(join(tmpdir(), 'meshcall-turn-'));
  const port = await freePort();
  // Relay ports: a block of its own above the listening port's neighbourhood, inside the test's namespace.
  const base = 40_000 + (port % 20_000);
  const relayPorts = [base, base + 100];
  const file = join(dir, 'turnserver.conf');
  const logPath = join(dir, 'stdout.log');
  await writeFile(file, config({ dir, port, relayPorts }));
  const log = openSync(logPath, 'a');
  const child = spawn(TURNSERVER, ['-c', file], { stdio: ['ignore', log, log] });
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) {
    await rm(dir, { recursive: true, force: true });
    throw new Error('turnserver did not start');
  }
  child.unref();
  process.once('exit', () => {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  });
  const deadline = Date.now() + 10_000;
  while (!(await tcpOpen(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stopPid(pid);
      const output = await readFile(logPath, 'utf8').catch(() => '');
      await rm(dir, { recursive: true, force: true });
      const last = output.trimEnd().split('\n').slice(-15).join('\n');
      throw new Error(`turnserver did not listen on 127.0.0.1:${port}:\n${last || '(no output)'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    dir,
    pid,
    server: { urls: `turn:127.0.0.1:${port}?transport=udp`, username: USERNAME, credential: CREDENTIAL },
  };
}

/** Starts the shared TURN server once (later calls get the same one) and resolves to its `RTCIceServer`. */
export async function startSharedTurn() {
  const shared = scope()[KEY] ?? launch();
  scope()[KEY] = shared;
  return (await shared).server;
}

/** Stops the shared TURN server, if one was started. */
export async function stopSharedTurn() {
  const shared = scope()[KEY];
  if (!shared) return;
  scope()[KEY] = undefined;
  const running = await shared.catch(() => undefined);
  if (!running) return;
  await stopPid(running.pid);
  await rm(running.dir, { recursive: true, force: true });
}

/** Vitest browser commands: `commands.startTurn()` resolves to the server's `RTCIceServer`. */
export const turnCommands = {
  startTurn: () => startSharedTurn(),
};

/**
 * Vitest global setup: starts nothing (the tests that need TURN start it with `commands.startTurn()`), and
 * stops whatever was started once the run is over.
 */
export async function setup() {
  return () => stopSharedTurn();
}
