/**
 * Review helpers (review "chat"): a Prosody and an ejabberd configured like a chat server in production
 * (offline storage, carbons, MAM, stream management, optionally rate limits or no shared roster), started by
 * the test file and stopped by it. Both bind 127.0.0.1 only.
 */
import { execFile, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, isAlive, registerUser, stopPid, tcpOpen } from '../../../../scripts/prosody/prosody.mjs';

const execFileAsync = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ChatServer {
  readonly wsUrl: string;
  readonly tcpUrl: string;
  readonly domain: 'localhost';
  readonly dir: string;
  /** Stops the server process (keeps the folder: `start()` brings it back with the same data). */
  kill(): Promise<void>;
  /** Starts it again on the same ports and data (a server restart). */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  stop(): Promise<void>;
}

export interface ChatProsodyOptions {
  /** Extra modules (besides roster, saslauth, disco, ping, websocket, http, posix). */
  readonly modules?: readonly string[];
  /** Extra Lua config lines. */
  readonly extra?: string;
  /** Put all users in one shared roster group (mod_groups), as the project's test server does. Default true. */
  readonly sharedRoster?: boolean;
  readonly users?: readonly string[];
}

const lua = (value: string) => JSON.stringify(value);

/** A Prosody with the given modules (offline storage is on unless `modules_disabled` says otherwise). */
export async function startChatProsody(options: ChatProsodyOptions = {}): Promise<ChatServer> {
  const users = options.users ?? ['alice', 'bob', 'carol', 'dave'];
  const dir = await mkdtemp(join(tmpdir(), 'zz-review-chat-prosody-'));
  const c2sPort = await freePort();
  const httpPort = await freePort();
  await mkdir(join(dir, 'data'), { recursive: true });
  await mkdir(join(dir, 'certs'), { recursive: true });
  const modules = ['roster', 'saslauth', 'disco', 'ping', 'websocket', 'http', 'posix', ...(options.modules ?? [])];
  if (options.sharedRoster !== false) modules.push('groups');
  await writeFile(
    join(dir, 'groups.txt'),
    `[meshcall]\n${users.map((user) => `${user}@localhost=${user}`).join('\n')}\n`,
  );
  const configPath = join(dir, 'prosody.cfg.lua');
  await writeFile(
    configPath,
    `run_as_root = true
pidfile = ${lua(join(dir, 'prosody.pid'))}
data_path = ${lua(join(dir, 'data'))}
certificates = ${lua(join(dir, 'certs'))}
log = { { levels = { min = "debug" }, to = "file", filename = ${lua(join(dir, 'prosody.log'))} } }
interfaces = { "127.0.0.1" }
c2s_ports = { ${c2sPort} }
c2s_direct_tls_ports = {}
s2s_ports = {}
http_interfaces = { "127.0.0.1" }
http_ports = { ${httpPort} }
https_ports = {}
modules_enabled = { ${modules.map(lua).join(', ')} }
modules_disabled = { "s2s", "tls" }
c2s_require_encryption = false
allow_unencrypted_plain_auth = true
consider_websocket_secure = true
authentication = "internal_hashed"
default_iteration_count = 256
groups_file = ${lua(join(dir, 'groups.txt'))}
${options.extra ?? ''}
VirtualHost "localhost"
`,
  );
  for (const user of users) await registerUser(configPath, user, `${user}-pass`);
  let pid: number | undefined;
  const start = async () => {
    const out = openSync(join(dir, 'stdout.log'), 'a');
    const child = spawn('prosody', ['--config', configPath, '-F'], { stdio: ['ignore', out, out] });
    closeSync(out);
    child.on('error', () => {});
    pid = child.pid;
    const deadline = Date.now() + 10_000;
    while (!((await tcpOpen(c2sPort)) && (await tcpOpen(httpPort)))) {
      if (Date.now() > deadline || pid === undefined || !isAlive(pid)) {
        throw new Error(`prosody did not start: ${readFileSync(join(dir, 'stdout.log'), 'utf8').slice(-2000)}`);
      }
      await sleep(50);
    }
  };
  const kill = async () => {
    if (pid !== undefined) await stopPid(pid);
    pid = undefined;
  };
  const onExit = () => {
    if (pid !== undefined && isAlive(pid)) process.kill(pid, 'SIGKILL');
  };
  process.once('exit', onExit);
  await start();
  return {
    wsUrl: `ws://127.0.0.1:${httpPort}/xmpp-websocket`,
    tcpUrl: `xmpp://127.0.0.1:${c2sPort}`,
    domain: 'localhost',
    dir,
    kill,
    start,
    async stop() {
      await kill();
      process.off('exit', onExit);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const EJABBERDCTL = '/usr/sbin/ejabberdctl';

export interface ChatEjabberdOptions {
  /** YAML lines under `modules:` (indented by two spaces), added to disco, ping, roster, register. */
  readonly modules?: string;
  readonly users?: readonly string[];
}

/** An ejabberd (23.01, from apt) with the given modules; WebSocket at /xmpp-websocket, TCP c2s, no TLS. */
export async function startChatEjabberd(options: ChatEjabberdOptions = {}): Promise<ChatServer> {
  const users = options.users ?? ['alice', 'bob', 'carol', 'dave'];
  const dir = await mkdtemp(join(tmpdir(), 'zz-review-chat-ejabberd-'));
  const c2sPort = await freePort();
  const httpPort = await freePort();
  const distPort = await freePort();
  const pidPath = join(dir, 'ejabberd.pid');
  await mkdir(join(dir, 'logs'), { recursive: true });
  await mkdir(join(dir, 'spool'), { recursive: true });
  await writeFile(
    join(dir, 'ejabberd.yml'),
    `hosts: [localhost]
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
  mod_register: {ip_access: all, access: register}
${options.modules ?? ''}
`,
  );
  await writeFile(
    join(dir, 'ejabberdctl.cfg'),
    [
      `ERLANG_NODE=zzreview${distPort}@localhost`,
      'INET_DIST_INTERFACE=127.0.0.1',
      'ERL_EPMD_ADDRESS=127.0.0.1',
      `ERL_DIST_PORT=${distPort}`,
      `EJABBERD_PID_PATH=${pidPath}`,
      '',
    ].join('\n'),
  );
  const { stdout } = await execFileAsync('id', ['ejabberd']);
  const uid = Number(/uid=(\d+)/.exec(stdout)?.[1]);
  const gid = Number(/gid=(\d+)/.exec(stdout)?.[1]);
  for (const path of ['', 'logs', 'spool', 'ejabberd.yml', 'ejabberdctl.cfg']) await chown(join(dir, path), uid, gid);
  const args = [
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
  const beamPid = () => {
    try {
      return Number.parseInt(readFileSync(pidPath, 'utf8').trim(), 10) || undefined;
    } catch {
      return undefined;
    }
  };
  let childPid: number | undefined;
  const start = async () => {
    const out = openSync(join(dir, 'stdout.log'), 'a');
    const child = spawn(EJABBERDCTL, [...args, 'foreground'], { stdio: ['ignore', out, out] });
    closeSync(out);
    child.on('error', () => {});
    childPid = child.pid;
    const deadline = Date.now() + 25_000;
    while (!((await tcpOpen(c2sPort)) && (await tcpOpen(httpPort)))) {
      if (Date.now() > deadline || child.exitCode !== null) {
        throw new Error(`ejabberd did not start: ${readFileSync(join(dir, 'stdout.log'), 'utf8').slice(-2000)}`);
      }
      await sleep(100);
    }
    await execFileAsync(EJABBERDCTL, [...args, 'started']);
  };
  const kill = async () => {
    const pid = beamPid();
    if (pid !== undefined && isAlive(pid)) await stopPid(pid);
    if (childPid !== undefined && isAlive(childPid)) await stopPid(childPid);
  };
  const onExit = () => {
    for (const pid of [beamPid(), childPid]) {
      if (pid !== undefined && isAlive(pid)) process.kill(pid, 'SIGTERM');
    }
  };
  process.once('exit', onExit);
  try {
    await start();
    for (const user of users) await execFileAsync(EJABBERDCTL, [...args, 'register', user, 'localhost', `${user}-pass`]);
  } catch (error) {
    await kill();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    wsUrl: `ws://127.0.0.1:${httpPort}/xmpp-websocket`,
    tcpUrl: `xmpp://127.0.0.1:${c2sPort}`,
    domain: 'localhost',
    dir,
    kill,
    start,
    async stop() {
      await kill();
      process.off('exit', onExit);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
