// An optional second XMPP server for interop checks: ejabberd from apt (`apt-get install ejabberd`), run with a
// generated config on free 127.0.0.1 ports, WebSocket at /xmpp-websocket, PLAIN over ws://, no shaper, no
// TLS. `ejabberdctl` always switches to the `ejabberd` user, so the folder is handed to that user. The Erlang
// distribution port is fixed (ERL_DIST_PORT) so that no epmd is started. See docs/xmpp-server.md §4.
import { execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, isAlive, stopPid, tcpOpen } from '../prosody/prosody.mjs';

const execFileAsync = promisify(execFile);
const EJABBERDCTL = '/usr/sbin/ejabberdctl';

/**
 * Whether ejabberd can run here (it is optional: the tests that need it say so and skip): it is installed, and
 * this is real root, since `ejabberdctl` switches to the `ejabberd` user and its folder must be handed over.
 */
export function ejabberdInstalled() {
  return existsSync(EJABBERDCTL) && isRealRoot();
}

/** Root of the machine, not of a user namespace (`unshare -r`), where handing files to another user fails. */
function isRealRoot() {
  if (process.getuid?.() !== 0) return false;
  try {
    return readFileSync('/proc/self/uid_map', 'utf8').trim().split(/\s+/).join(' ') === '0 0 4294967295';
  } catch {
    return true; // no /proc: not Linux, no user namespaces either
  }
}

function config({ c2sPort, httpPort }) {
  return `hosts: [localhost]
loglevel: info
auth_method: internal
certfiles: []
listen:
  - port: ${c2sPort}
    ip: "127.0.0.1"
    module: ejabberd_c2s
    starttls_required: false
    max_stanza_size: 262144
    shaper: none
  - port: ${httpPort}
    ip: "127.0.0.1"
    module: ejabberd_http
    request_handlers:
      /xmpp-websocket: ejabberd_http_ws
shaper_rules:
  c2s_shaper: {none: all}
  s2s_shaper: {none: all}
access_rules:
  local: {allow: all}
  c2s: {allow: all}
  register: {allow: all}
registration_timeout: infinity
modules:
  mod_disco: {}
  mod_ping: {}
  mod_roster: {}
  mod_stream_mgmt: {}
  mod_register: {ip_access: all, access: register}
`;
}

/**
 * Starts ejabberd and registers `users`. Resolves once both listeners accept connections.
 * @param {{ users: readonly { username: string, password: string }[] }} options
 */
export async function startEjabberd({ users }) {
  const dir = await mkdtemp(join(tmpdir(), 'meshcall-ejabberd-'));
  try {
    return await launchIn(dir, users);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** {@link startEjabberd} in its folder `dir`, which the caller removes if this fails. */
async function launchIn(dir, users) {
  const c2sPort = await freePort();
  const httpPort = await freePort();
  const distPort = await freePort();
  const pidPath = join(dir, 'ejabberd.pid');
  await mkdir(join(dir, 'logs'), { recursive: true });
  await mkdir(join(dir, 'spool'), { recursive: true });
  await writeFile(join(dir, 'ejabberd.yml'), config({ c2sPort, httpPort }));
  await writeFile(
    join(dir, 'ejabberdctl.cfg'),
    [
      `ERLANG_NODE=meshcall${distPort}@localhost`,
      'INET_DIST_INTERFACE=127.0.0.1',
      'ERL_EPMD_ADDRESS=127.0.0.1',
      `ERL_DIST_PORT=${distPort}`,
      `EJABBERD_PID_PATH=${pidPath}`,
      '',
    ].join('\n'),
  );
  const { uid, gid } = await ejabberdUser();
  for (const path of [
    dir,
    join(dir, 'logs'),
    join(dir, 'spool'),
    join(dir, 'ejabberd.yml'),
    join(dir, 'ejabberdctl.cfg'),
  ]) {
    await chown(path, uid, gid);
  }
  // Every ejabberdctl call points at this instance's own config, logs and spool.
  const instanceArgs = [
    '--config-dir',
    dir,
    '--config',
    join(dir, 'ejabberd.yml'),
    '--ctl-config',
    join(dir, 'ejabberdctl.cfg'),
    '--logs',
    join(dir, 'logs'),
    '--spool',
    join(dir, 'spool'),
  ];
  const ctl = (...args) => execFileAsync(EJABBERDCTL, [...instanceArgs, ...args]);
  const out = openSync(join(dir, 'stdout.log'), 'a');
  const child = spawn(EJABBERDCTL, [...instanceArgs, 'foreground'], { stdio: ['ignore', out, out] });
  closeSync(out);
  child.on('error', () => {});

  const beamPid = () => {
    try {
      return Number.parseInt(readFileSync(pidPath, 'utf8').trim(), 10) || undefined;
    } catch {
      return undefined;
    }
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    const pid = beamPid();
    if (pid !== undefined && isAlive(pid)) await stopPid(pid);
    if (child.pid !== undefined && isAlive(child.pid)) await stopPid(child.pid);
    await rm(dir, { recursive: true, force: true });
  };

  // Not killed with its parent: make sure a Vitest that exits without teardown takes ejabberd along.
  process.once('exit', () => {
    for (const pid of [beamPid(), child.pid]) {
      if (stopped || pid === undefined) continue;
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  });
  try {
    const deadline = Date.now() + 20_000;
    while (!((await tcpOpen(c2sPort)) && (await tcpOpen(httpPort)))) {
      if (Date.now() > deadline || child.exitCode !== null) {
        const log = readFileSync(join(dir, 'stdout.log'), 'utf8').slice(-2000);
        throw new Error(`ejabberd did not start (ports ${c2sPort}/${httpPort}):\n${log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await ctl('started');
    for (const { username, password } of users) await ctl('register', username, 'localhost', password);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    wsUrl: `ws://127.0.0.1:${httpPort}/xmpp-websocket`,
    domain: 'localhost',
    stop,
  };
}

async function ejabberdUser() {
  const { stdout } = await execFileAsync('id', ['ejabberd']);
  const uid = Number(/uid=(\d+)/.exec(stdout)?.[1]);
  const gid = Number(/gid=(\d+)/.exec(stdout)?.[1]);
  return { uid, gid };
}

const KEY = Symbol.for('meshcall.ejabberdServer');

/** The ejabberd started by the browser command, kept on globalThis (see xmpp-browser-server.mjs for why). */
function shared() {
  return /** @type {Record<symbol, Promise<Awaited<ReturnType<typeof startEjabberd>>> | undefined>} */ (
    /** @type {unknown} */ (globalThis)
  );
}

/** Stops the ejabberd started by {@link ejabberdCommands}, if any. */
export async function stopSharedEjabberd() {
  const running = shared()[KEY];
  shared()[KEY] = undefined;
  if (running) await (await running.catch(() => undefined))?.stop();
}

/**
 * Vitest browser commands: `commands.startEjabberd(users)` resolves `{ wsUrl }`, or `null` when ejabberd is not
 * installed; `commands.stopEjabberd()`. Started on demand (it takes seconds), so only the tests that use it pay.
 */
export const ejabberdCommands = {
  startEjabberd: async (_context, users) => {
    if (!ejabberdInstalled()) return null;
    shared()[KEY] ??= startEjabberd({ users });
    const server = await shared()[KEY];
    return { wsUrl: server.wsUrl };
  },
  stopEjabberd: async () => {
    await stopSharedEjabberd();
  },
};
