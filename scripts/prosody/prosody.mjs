#!/usr/bin/env node
// A project-local Prosody for development, tests and CI: generated config (never Debian's, which rate-limits
// c2s to 10 kB/s), bound to 127.0.0.1 only, WebSocket + plain TCP c2s, no TLS, no s2s, no offline storage,
// demo users who see each other's presence through a shared roster group (mod_groups).
//
// Library: import { startProsody, ensureProsody, DEMO_USERS } from './prosody.mjs'
// CLI:     node scripts/prosody/prosody.mjs start|stop|status|install [--c2s-port N] [--http-port N]
//
// Facts behind the choices (measured on this machine) are in /work/shared/docs/xmpp-server.md.
import { execFile, spawn } from 'node:child_process';
import { accessSync, closeSync, constants, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The XMPP domain every local server serves. */
export const DOMAIN = 'localhost';

/** Demo users: `<name>` / `<name>-pass`, all in one shared roster group so they see each other online. */
export const DEMO_USERS = Object.freeze(
  ['alice', 'bob', 'carol', 'dave'].map((username) => Object.freeze({ username, password: `${username}-pass` })),
);

const READY_TIMEOUT_MS = 10_000;
const READY_POLL_MS = 100;
const STOP_GRACE_MS = 5_000;

/** Whether an executable named `name` is on PATH (without running it: `prosody --version` starts a server). */
function onPath(name) {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (!folder) continue;
    try {
      accessSync(join(folder, name), constants.X_OK);
      return true;
    } catch {
      // not in this folder
    }
  }
  return false;
}

/**
 * Makes sure `prosody` and `prosodyctl` are installed. Installs the Debian package when missing and running as
 * root; otherwise throws with the command to run. Needs network access, so call it outside the test netns.
 */
export async function ensureProsody({ log = console.error } = {}) {
  if (onPath('prosody') && onPath('prosodyctl')) return;
  const install = 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y prosody';
  if (process.platform !== 'linux' || process.getuid?.() !== 0 || !onPath('apt-get')) {
    throw new Error(`Prosody is not installed. Install it (Debian/Ubuntu: sudo sh -c '${install}'), then retry.`);
  }
  log(`[prosody] not installed; running: ${install}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // The package would start a system Prosody with its stock config (all interfaces, our ports): as in
  // scripts/bootstrap.sh, a temporary policy-rc.d denies service starts during this install only.
  const policy = '/usr/sbin/policy-rc.d';
  const ownPolicy = !existsSync(policy);
  if (ownPolicy) writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  try {
    await execFileAsync('apt-get', ['update', '-qq'], { env });
    await execFileAsync('apt-get', ['install', '-y', '-qq', 'prosody'], { env });
  } finally {
    if (ownPolicy) rmSync(policy, { force: true });
  }
  if (!onPath('prosody')) throw new Error('apt-get finished but prosody is still not on PATH');
}

/** A free TCP port on 127.0.0.1 (the kernel picks it; a tiny race with other processes remains). */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Rejects when `port` on 127.0.0.1 is taken: Prosody would run on without it, and another server answer. */
function assertPortFree(port) {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', (error) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${port} on 127.0.0.1 is in use by another program`) : error),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePort()));
  });
}

/** Whether something accepts TCP connections on 127.0.0.1:`port` now. */
export function tcpOpen(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

const lua = (value) => JSON.stringify(value); // JSON strings are valid Lua strings for our paths

/** The Prosody config, generated so nothing of the system config (mod_limits, TLS, s2s) leaks in. */
export function prosodyConfig({ dir, c2sPort, httpPort, turn, smacks, modules: more = [], settings = {} }) {
  const modules = ['roster', 'saslauth', 'disco', 'ping', 'register', 'websocket', 'http', 'posix', 'groups'];
  if (turn) modules.push('turn_external');
  // Stream management (XEP-0198) with resumption, as Prosody's stock config has it.
  if (smacks) modules.push('smacks');
  modules.push(...more);
  // A later assignment of a global wins in Lua: the overrides go last, before the host.
  const overrides = Object.entries(settings)
    .map(([name, value]) => `${name} = ${value}\n`)
    .join('');
  return `-- Generated by scripts/prosody/prosody.mjs; do not edit.
run_as_root = true
pidfile = ${lua(join(dir, 'prosody.pid'))}
data_path = ${lua(join(dir, 'data'))}
certificates = ${lua(join(dir, 'certs'))}
log = { { levels = { min = "info" }, to = "file", filename = ${lua(join(dir, 'prosody.log'))} } }

interfaces = { "127.0.0.1" }
c2s_ports = { ${c2sPort} }
c2s_direct_tls_ports = {}
s2s_ports = {}
http_interfaces = { "127.0.0.1" }
http_ports = { ${httpPort} }
https_ports = {}

modules_enabled = { ${modules.map(lua).join(', ')} }
-- offline: call signals must never be stored and replayed later.
modules_disabled = { "s2s", "tls", "offline" }

c2s_require_encryption = false
allow_unencrypted_plain_auth = true
-- The browser build of @xmpp/client has no SCRAM: PLAIN over ws:// must be offered.
consider_websocket_secure = true
allow_registration = true
authentication = "internal_hashed"
-- SCRAM cost: Node clients pick SCRAM-SHA-1 (pure JS), 10000 iterations cost 0.4-0.9 s per login. Demo passwords
-- on a loopback-only server need no brute-force resistance; fast logins keep tests quick.
default_iteration_count = 256
groups_file = ${lua(join(dir, 'groups.txt'))}
${
  turn
    ? `turn_external_secret = ${lua(turn.secret)}
turn_external_host = ${lua(turn.host ?? '127.0.0.1')}
turn_external_port = ${Number(turn.port)}
turn_external_tcp = true
turn_external_ttl = ${Number(turn.ttl ?? 3600)}
`
    : ''
}${overrides}
VirtualHost ${lua(DOMAIN)}
`;
}

/** Whether `pid` is a live process (a zombie counts as dead: kill(pid, 0) still succeeds on one). */
export function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return error?.code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (not Linux): trust kill(0)
  }
}

/** Whether `pid` still looks like a Prosody process (guards against killing a recycled PID). */
function isProsody(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('prosody');
  } catch {
    return isAlive(pid);
  }
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** SIGKILL now, if it is still our Prosody: for 'exit' listeners, which cannot wait. */
function killQuietly(pid) {
  if (!isAlive(pid) || !isProsody(pid)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone meanwhile
  }
}

/** Sends SIGTERM, waits up to 5 s, then SIGKILL. Resolves once the process is gone. */
export async function stopPid(pid, { graceMs = STOP_GRACE_MS } = {}) {
  if (!isAlive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(50);
  if (!isAlive(pid)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  const killDeadline = Date.now() + 2_000;
  while (isAlive(pid) && Date.now() < killDeadline) await sleep(20);
}

async function httpReady(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

async function tail(file, lines = 30) {
  try {
    return (await readFile(file, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Registers (or resets the password of) a user; works while the server runs (file storage). */
export async function registerUser(configPath, username, password) {
  await execFileAsync('prosodyctl', ['--config', configPath, 'register', username, DOMAIN, password]);
}

/**
 * Starts Prosody in the foreground as a child process and waits until its WebSocket endpoint answers.
 *
 * @param {import('./prosody.d.mts').StartProsodyOptions} [options]
 * @returns {Promise<import('./prosody.d.mts').ProsodyServer>}
 */
export async function startProsody(options = {}) {
  const users = options.users ?? DEMO_USERS;
  for (const port of [options.c2sPort, options.httpPort]) if (port !== undefined) await assertPortFree(port);
  const ownDir = options.dir === undefined;
  const dir = ownDir ? await mkdtemp(join(tmpdir(), 'meshcall-prosody-')) : resolve(options.dir);
  const c2sPort = options.c2sPort ?? (await freePort());
  const httpPort = options.httpPort ?? (await freePort());
  const configPath = join(dir, 'prosody.cfg.lua');
  const logPath = join(dir, 'prosody.log');
  const stdoutPath = join(dir, 'stdout.log');

  const cleanupDir = async () => {
    if (ownDir) await rm(dir, { recursive: true, force: true });
  };

  try {
    await mkdir(join(dir, 'data'), { recursive: true });
    // Prosody logs an error for a missing certificate folder even with TLS disabled.
    await mkdir(join(dir, 'certs'), { recursive: true });
    const inGroup = ({ username }) => !options.strangers && (options.contacts?.includes(username) ?? true);
    const group = users
      .filter(inGroup)
      .map(({ username }) => `${username}@${DOMAIN}=${username}`)
      .join('\n');
    await writeFile(join(dir, 'groups.txt'), `[meshcall]\n${group}\n`);
    await writeFile(
      configPath,
      prosodyConfig({
        dir,
        c2sPort,
        httpPort,
        turn: options.turn,
        smacks: options.smacks,
        modules: options.modules,
        settings: options.settings,
      }),
    );
    // Registering before start keeps the ready server complete; prosodyctl uses the same file storage.
    for (const { username, password } of users) await registerUser(configPath, username, password);
  } catch (error) {
    await cleanupDir();
    throw error;
  }

  const out = openSync(stdoutPath, 'a');
  const child = spawn('prosody', ['--config', configPath, '-F'], {
    stdio: ['ignore', out, out],
    detached: options.detached ?? false,
  });
  closeSync(out);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const spawnError = new Promise((_, reject) => child.on('error', reject));
  spawnError.catch(() => {});
  if (options.detached) child.unref();

  const pid = child.pid;
  // Until stop(): if this process exits first (an error, a signal handler's exit), Prosody and its folder go
  // with it. Synchronous, as an 'exit' listener must be. A detached server is meant to outlive us.
  const onExit = () => {
    if (pid !== undefined) killQuietly(pid);
    if (ownDir) rmSync(dir, { recursive: true, force: true });
  };
  if (!options.detached) process.once('exit', onExit);
  const wsUrl = `ws://127.0.0.1:${httpPort}/xmpp-websocket`;
  const httpUrl = `http://127.0.0.1:${httpPort}/xmpp-websocket`;
  const tcpUrl = `xmpp://127.0.0.1:${c2sPort}`;

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    // The exit hook stays until the folder is gone: a process that exits while this awaits (a signal
    // handler's process.exit) still takes Prosody and its folder with it.
    if (pid !== undefined) await stopPid(pid);
    await cleanupDir();
    process.off('exit', onExit);
  };

  // Prosody can hang instead of exiting when misconfigured (e.g. refusing root), so poll with a deadline
  // and watch the PID.
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let ready = false;
  while (!ready) {
    if (pid === undefined || exited || !isAlive(pid)) {
      const logs = `${await tail(stdoutPath)}\n${await tail(logPath)}`;
      await stop();
      throw new Error(`Prosody exited during start-up:\n${logs}`);
    }
    if (Date.now() > deadline) {
      const logs = `${await tail(stdoutPath)}\n${await tail(logPath)}`;
      await stop();
      throw new Error(`Prosody did not become ready within ${READY_TIMEOUT_MS} ms:\n${logs}`);
    }
    ready = await Promise.race([httpReady(httpUrl), spawnError]);
    // Prosody keeps running when it cannot bind a port; the URL may then answer from another server.
    const busy = (await tail(logPath)).match(/Failed to open server port (\d+)/);
    if (busy) {
      const logs = await tail(logPath);
      await stop();
      throw new Error(`Prosody could not listen on port ${busy[1]} (in use by another program):\n${logs}`);
    }
    if (!ready) await sleep(READY_POLL_MS);
  }

  return {
    pid,
    wsUrl,
    tcpUrl,
    domain: DOMAIN,
    dir,
    configPath,
    logPath,
    c2sPort,
    httpPort,
    users: users.map((user) => ({ ...user, jid: `${user.username}@${DOMAIN}` })),
    stop,
  };
}

// ---------------------------------------------------------------------------------------------------------
// CLI

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const stateDir = join(repoRoot, '.tmp', 'prosody');
const statePath = join(stateDir, 'state.json');

async function readState() {
  try {
    return JSON.parse(await readFile(statePath, 'utf8'));
  } catch {
    return null;
  }
}

function portArg(args, flag, envName) {
  const index = args.indexOf(flag);
  const raw = index >= 0 ? args[index + 1] : process.env[envName];
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`invalid port for ${flag}: ${raw}`);
  return port;
}

function printServer(state) {
  console.log(`Prosody running (pid ${state.pid})`);
  console.log(`  XMPP_WS_URL=${state.wsUrl}`);
  console.log(`  XMPP_TCP_URL=${state.tcpUrl}`);
  console.log(`  XMPP_DOMAIN=${state.domain}`);
  console.log(`  users: ${state.users.map((u) => `${u.jid} / ${u.password}`).join(', ')}`);
  console.log(`  logs: ${state.logPath}`);
}

async function cli(args) {
  const command = args[0];
  if (command === 'install') {
    await ensureProsody();
    console.log('prosody is installed');
    return 0;
  }
  if (command === 'start') {
    const existing = await readState();
    if (existing && isAlive(existing.pid) && isProsody(existing.pid)) {
      printServer(existing);
      return 0;
    }
    await ensureProsody();
    const serverDir = join(stateDir, 'server');
    await rm(serverDir, { recursive: true, force: true });
    const server = await startProsody({
      dir: serverDir,
      c2sPort: portArg(args, '--c2s-port', 'MESHCALL_PROSODY_C2S_PORT'),
      httpPort: portArg(args, '--http-port', 'MESHCALL_PROSODY_HTTP_PORT'),
      detached: true,
    });
    const { stop: _stop, ...state } = server;
    await writeFile(statePath, `${JSON.stringify(state, null, 2)}\n`);
    printServer(state);
    console.log(`  state: ${statePath}`);
    return 0;
  }
  if (command === 'stop') {
    const state = await readState();
    if (!state) {
      console.log('Prosody is not running (no state file)');
      return 0;
    }
    if (isAlive(state.pid) && isProsody(state.pid)) await stopPid(state.pid);
    await rm(join(stateDir, 'server'), { recursive: true, force: true });
    await rm(statePath, { force: true });
    console.log(`Prosody stopped (pid ${state.pid})`);
    return 0;
  }
  if (command === 'status') {
    const state = await readState();
    if (state && isAlive(state.pid) && isProsody(state.pid)) {
      printServer(state);
      return 0;
    }
    console.log('Prosody is not running');
    return 3;
  }
  console.error(
    'usage: node scripts/prosody/prosody.mjs start|stop|status|install [--c2s-port N] [--http-port N]\n' +
      '  env: MESHCALL_PROSODY_C2S_PORT, MESHCALL_PROSODY_HTTP_PORT (defaults: free ports)',
  );
  return 2;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(`[prosody] ${error instanceof Error ? error.message : error}`);
      process.exit(1);
    },
  );
}
