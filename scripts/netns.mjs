#!/usr/bin/env node
// Runs a command inside a fresh loopback-only network namespace, so browser, WebRTC and server tests can
// reach 127.0.0.1/::1 and nothing else. Linux as root: `unshare -n`; unprivileged: `unshare -rn`.
// Elsewhere (or when namespaces are not allowed) the command runs directly, on loopback, with a notice, and
// with MESHCALL_NO_NETNS=1 so that nothing it starts tries to enter a namespace again.
// Usage: node scripts/netns.mjs <command> [args...]
import { spawnSync } from 'node:child_process';
import { runForwardingSignals } from './run-child.mjs';

const command = process.argv.slice(2);
if (command.length === 0) {
  console.error('usage: node scripts/netns.mjs <command> [args...]');
  process.exit(2);
}

const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  STORYBOOK_DISABLE_TELEMETRY: '1',
};

async function run(argv, extraEnv) {
  const { status, error, stoppedBy } = await runForwardingSignals(argv, { env: { ...env, ...extraEnv } });
  if (error) console.error(`[netns] could not run ${argv[0]}: ${error.message}`);
  return stoppedBy ? 1 : status;
}

function canUnshare(flags) {
  const probe = spawnSync('unshare', [...flags, 'true'], { stdio: 'ignore' });
  return probe.status === 0;
}

if (process.env.MESHCALL_NETNS === '1' || process.env.MESHCALL_NO_NETNS === '1') {
  process.exit(await run(command, {}));
}
const flags = process.platform !== 'linux' ? null : canUnshare(['-n']) ? ['-n'] : canUnshare(['-rn']) ? ['-rn'] : null;
if (!flags) {
  console.warn('[netns] network namespaces are not available here; running directly on loopback');
  process.exit(await run(command, { MESHCALL_NO_NETNS: '1' }));
}

// `ip link set lo up` needs iproute2; without it the namespace's loopback stays down and nothing connects.
const script = 'ip link set lo up && exec "$@"';
process.exit(await run(['unshare', ...flags, 'bash', '-c', script, 'netns', ...command], { MESHCALL_NETNS: '1' }));
