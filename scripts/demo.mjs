#!/usr/bin/env node
// `pnpm demo`: the meshcall demo from a fresh clone in one command.
//   1. installs what is missing (workspace dependencies with the frozen lockfile; Prosody via apt-get when root),
//   2. starts a local Prosody with the demo users (alice, bob, carol, dave), bound to 127.0.0.1,
//   3. writes apps/demo/public/demo-config.json (the WebSocket URL and domain of that server),
//   4. starts the Vite dev server of apps/demo on 127.0.0.1 (port 5173, or the next free one),
//   5. prints the URL and the demo credentials, and stops everything (by PID) on Ctrl-C / SIGTERM.
// Options: --port N (Vite), --http-port N (Prosody's HTTP/WebSocket port; default 5280 when free),
//   --preview (build once and serve the production build with `vite preview`: no hot reload, which is what
//   automated checks want while other people edit the sources).
// Env: MESHCALL_DEMO_PORT, MESHCALL_PROSODY_HTTP_PORT. Runs in the normal network namespace on purpose: you
// open the page in your own browser; every server listens on 127.0.0.1 only.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_USERS, ensureProsody, freePort, isAlive, startProsody, stopPid } from './prosody/prosody.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const demoDir = join(root, 'apps', 'demo');
const configPath = join(demoDir, 'public', 'demo-config.json');
const builtConfigPath = join(demoDir, 'dist', 'demo-config.json');
const preview = process.argv.includes('--preview');
const viteBin = join(demoDir, 'node_modules', 'vite', 'bin', 'vite.js');
const HOST = '127.0.0.1';
const DEFAULT_VITE_PORT = 5173;
const DEFAULT_PROSODY_HTTP_PORT = 5280;
const VITE_READY_TIMEOUT_MS = 60_000;

const log = (message) => console.log(`[demo] ${message}`);
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

function option(flag, envName) {
  const index = process.argv.indexOf(flag);
  const raw = index >= 0 ? process.argv[index + 1] : process.env[envName];
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`invalid port for ${flag}: ${raw}`);
  return port;
}

/** Whether nothing listens on 127.0.0.1:port (by trying to listen there ourselves). */
function portIsFree(port) {
  return new Promise((done) => {
    const server = createServer();
    server.unref();
    server.once('error', () => done(false));
    server.listen(port, HOST, () => server.close(() => done(true)));
  });
}

/** `preferred` if free, else the next free port within 20, else any free port. */
async function pickPort(preferred) {
  for (let port = preferred; port < preferred + 20 && port <= 65535; port++) {
    if (await portIsFree(port)) return port;
  }
  return freePort();
}

/** Runs `pnpm install --frozen-lockfile`, through corepack when pnpm is not on PATH. */
function installDependencies() {
  log('node_modules is missing: running pnpm install --frozen-lockfile …');
  const run = (command, args, env = process.env) =>
    spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...env, CI: 'true' } });
  let result = run('pnpm', ['install', '--frozen-lockfile']);
  if (result.error?.code === 'ENOENT') {
    log('pnpm is not on PATH; trying corepack (the registry publishes no signatures, so integrity keys are off)');
    result = run('corepack', ['pnpm', 'install', '--frozen-lockfile'], {
      ...process.env,
      COREPACK_INTEGRITY_KEYS: '0',
      COREPACK_ENABLE_DOWNLOAD_PROMPT: '0',
    });
    if (result.error?.code === 'ENOENT') {
      throw new Error('Neither pnpm nor corepack was found. Install pnpm 12.4.2 (npm i -g -E pnpm@12.4.2) and retry.');
    }
  }
  if (result.status !== 0) throw new Error(`pnpm install failed (exit code ${result.status})`);
}

async function waitForHttp(url, timeoutMs, child) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return true;
    } catch {
      // not up yet
    }
    await sleep(200);
  }
  return false;
}

async function main() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19))
    throw new Error(`Node >= 20.19 is required (this is ${process.version})`);

  if (!existsSync(join(root, 'node_modules')) || !existsSync(viteBin)) installDependencies();
  await ensureProsody({ log: (message) => log(message) });

  const resources = { prosody: null, vite: null, stopping: false };

  const stopAll = async (code) => {
    if (resources.stopping) return;
    resources.stopping = true;
    console.log('');
    log('stopping …');
    const vite = resources.vite;
    if (vite?.pid !== undefined && isAlive(vite.pid)) await stopPid(vite.pid);
    if (resources.prosody) await resources.prosody.stop();
    await rm(configPath, { force: true });
    await rm(builtConfigPath, { force: true });
    log('stopped Vite and Prosody');
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stopAll(0));
  // Started by a package manager (`pnpm demo`), which exits on SIGTERM without passing it on: when it is gone, so
  // is whoever would stop us. Not otherwise: `nohup ./meshcall demo &` outlives its shell on purpose.
  if (process.env.npm_lifecycle_event !== undefined) {
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) void stopAll(0);
    }, 1_000).unref();
  }
  // Last resort (an exception escaped): never leave the servers running after this process is gone.
  process.on('exit', () => {
    for (const pid of [resources.vite?.pid, resources.prosody?.pid]) {
      if (pid !== undefined && isAlive(pid)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  });

  try {
    const httpPort = option('--http-port', 'MESHCALL_PROSODY_HTTP_PORT') ?? (await pickPort(DEFAULT_PROSODY_HTTP_PORT));
    log('starting Prosody …');
    resources.prosody = await startProsody({ users: DEMO_USERS, httpPort });
    const { wsUrl, domain, pid } = resources.prosody;
    log(`Prosody ${wsUrl} (pid ${pid})`);

    await mkdir(dirname(configPath), { recursive: true });
    const users = DEMO_USERS.map(({ username, password }) => ({ username, password }));
    await writeFile(configPath, `${JSON.stringify({ wsUrl, domain, users }, null, 2)}\n`);

    const vitePort = option('--port', 'MESHCALL_DEMO_PORT') ?? (await pickPort(DEFAULT_VITE_PORT));
    const viteEnv = { ...process.env, VITE_XMPP_WS_URL: wsUrl, VITE_XMPP_DOMAIN: domain };
    if (preview) {
      log('building the demo (vite build) …');
      // The build copies public/demo-config.json into dist/, so it is written first (above).
      const build = spawnSync(process.execPath, [viteBin, 'build', '--logLevel', 'warn'], {
        cwd: demoDir,
        stdio: 'inherit',
        env: viteEnv,
      });
      if (build.status !== 0) throw new Error(`vite build failed (exit code ${build.status})`);
    }
    log(preview ? 'starting vite preview …' : 'starting Vite …');
    const port = String(vitePort);
    const viteArgs = preview
      ? [viteBin, 'preview', '--host', HOST, '--port', port, '--strictPort']
      : [viteBin, '--host', HOST, '--port', port, '--strictPort', '--clearScreen', 'false', '--logLevel', 'warn'];
    const vite = spawn(process.execPath, viteArgs, {
      cwd: demoDir,
      // `vite preview` prints its own URL banner; ours follows, so its stdout stays quiet.
      stdio: ['ignore', preview ? 'ignore' : 'inherit', 'inherit'],
      env: viteEnv,
    });
    resources.vite = vite;
    vite.on('exit', (code, signal) => {
      if (resources.stopping) return;
      log(`Vite exited (${signal ?? `code ${code}`}); shutting down`);
      void stopAll(code === 0 ? 1 : (code ?? 1));
    });

    const url = `http://${HOST}:${vitePort}/`;
    if (!(await waitForHttp(url, VITE_READY_TIMEOUT_MS, vite))) throw new Error(`Vite did not answer at ${url}`);

    // If Prosody dies (killed, crashed), the demo cannot work: say so and stop.
    const watchdog = setInterval(() => {
      if (!resources.stopping && !isAlive(pid)) {
        clearInterval(watchdog);
        log('Prosody exited unexpectedly; shutting down');
        void stopAll(1);
      }
    }, 1_000);
    watchdog.unref();

    const width = Math.max(...DEMO_USERS.map((user) => user.username.length));
    console.log(`
  meshcall demo is running

    Open      ${url}
    XMPP      ${wsUrl}  (domain ${domain})

    Demo users (any two windows, or two browsers):
${DEMO_USERS.map((user) => `      ${`${user.username}@${domain}`.padEnd(width + domain.length + 1)}  ${user.password.padEnd(width + 5)}  ${url}?user=${user.username}&autologin=1`).join('\n')}

    Short timers for testing:  ${url}?user=alice&autologin=1&answerTimeout=5000

  Press Ctrl-C to stop.
`);
  } catch (error) {
    console.error(`[demo] ${error instanceof Error ? error.message : error}`);
    await stopAll(1);
  }
}

main().catch((error) => {
  console.error(`[demo] ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
