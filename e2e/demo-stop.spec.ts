/**
 * The demo stopped with SIGTERM (`kill`, `timeout`, an IDE's stop button, a process manager) stops Prosody and
 * Vite too, as Ctrl-C does: started as the README says (`./meshcall demo`, which runs scripts/demo.mjs itself), or
 * as `pnpm demo` (pnpm exits on SIGTERM without passing it on; demo.mjs notices its parent gone).
 */
import { spawn, spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../scripts/prosody/prosody.mjs';
import { expect, test } from './fixtures.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Every process below `pid` (children first found, then theirs). */
function descendants(pid: number): number[] {
  const out = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout;
  const children = out.split('\n').filter(Boolean).map(Number);
  return children.flatMap((child) => [child, ...descendants(child)]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

for (const command of [
  ['./meshcall', 'demo'],
  ['pnpm', 'demo'],
]) {
  test(`SIGTERM to ${command.join(' ')} stops Prosody and Vite too`, async () => {
    test.setTimeout(120_000);
    const [port, httpPort] = [await freePort(), await freePort()];
    const [program = '', ...args] = command;
    const demo = spawn(program, [...args, '--port', String(port), '--http-port', String(httpPort)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    demo.stdout.on('data', (chunk) => (output += chunk));
    demo.stderr.on('data', (chunk) => (output += chunk));
    const deadline = Date.now() + 60_000;
    while (!output.includes('Press Ctrl-C') && Date.now() < deadline && demo.exitCode === null) await sleep(200);
    expect(output, 'the demo started').toContain('Press Ctrl-C');

    const tree = descendants(demo.pid as number);
    try {
      demo.kill('SIGTERM');
      await sleep(6_000);
      const left = tree.filter(alive).map((pid) => {
        const line = spawnSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim();
        return `${pid} ${line.slice(0, 80)}`;
      });
      expect(left, 'processes of the demo still running 6 s after SIGTERM').toEqual([]);
    } finally {
      // Whatever the outcome, stop what this test started (demo.mjs stops Prosody and Vite on SIGTERM itself).
      for (const pid of tree) if (alive(pid)) process.kill(pid, 'SIGTERM');
      await sleep(3_000);
      for (const pid of tree) if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  });
}
