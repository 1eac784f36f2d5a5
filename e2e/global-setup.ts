/**
 * Starts what the end-to-end suite talks to, once per `playwright test` run:
 *   1. a real Prosody with the demo users (alice, bob, carol, dave) on free 127.0.0.1 ports,
 *   2. a production build of apps/demo in `.tmp/e2e/dist` (our own folder: `pnpm demo --preview` and the
 *      smoke script build into apps/demo/dist, and someone may be running them right now),
 *   3. `vite preview` of that build on a free 127.0.0.1 port.
 * The page learns the server from `demo-config.json` written next to the build, exactly as `pnpm demo` does it.
 * The returned teardown stops both servers by PID; an `exit` hook kills them if the runner dies without it.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_USERS, freePort, isAlive, startProsody, stopPid } from '../scripts/prosody/prosody.mjs';
import { BASE_URL_ENV } from './env.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const demoDir = join(root, 'apps', 'demo');
const viteBin = join(demoDir, 'node_modules', 'vite', 'bin', 'vite.js');
const outDir = join(root, '.tmp', 'e2e', 'dist');
const HOST = '127.0.0.1';
const PREVIEW_READY_TIMEOUT_MS = 30_000;

const log = (message: string) => console.log(`[e2e] ${message}`);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function waitForHttp(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + PREVIEW_READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`vite preview exited (${child.signalCode ?? `code ${child.exitCode}`}) before serving ${url}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`vite preview did not answer at ${url} within ${PREVIEW_READY_TIMEOUT_MS} ms`);
}

/** Playwright's global setup; resolves with the global teardown. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const started = Date.now();
  const pids: number[] = [];
  // Last resort when the runner is killed between setup and teardown: never leave servers behind.
  const killLeftovers = () => {
    for (const pid of pids) {
      if (isAlive(pid)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  };
  process.on('exit', killLeftovers);

  const prosody = await startProsody({ users: DEMO_USERS });
  pids.push(prosody.pid);
  log(`Prosody ${prosody.wsUrl} (pid ${prosody.pid})`);

  let preview: ChildProcess | undefined;
  const teardown = async () => {
    if (preview?.pid !== undefined) await stopPid(preview.pid);
    await prosody.stop();
    process.off('exit', killLeftovers);
    log('stopped vite preview and Prosody');
  };

  try {
    const build = spawnSync(
      process.execPath,
      [viteBin, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'],
      { cwd: demoDir, stdio: 'inherit', env: process.env },
    );
    if (build.status !== 0) throw new Error(`vite build of apps/demo failed (exit code ${build.status})`);
    const users = DEMO_USERS.map(({ username, password }) => ({ username, password }));
    await writeFile(
      join(outDir, 'demo-config.json'),
      `${JSON.stringify({ wsUrl: prosody.wsUrl, domain: prosody.domain, users }, null, 2)}\n`,
    );

    const port = await freePort();
    preview = spawn(
      process.execPath,
      [viteBin, 'preview', '--outDir', outDir, '--host', HOST, '--port', String(port), '--strictPort'],
      { cwd: demoDir, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (preview.pid !== undefined) pids.push(preview.pid);
    const url = `http://${HOST}:${port}/`;
    await waitForHttp(url, preview);
    // Workers are started after global setup and inherit its environment.
    process.env[BASE_URL_ENV] = url;
    log(`demo build served at ${url} (pid ${preview.pid}); ready in ${Date.now() - started} ms`);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
