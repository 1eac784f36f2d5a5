/**
 * Node-side commands for browser tests that need a real network fault: taking the route away from every UDP
 * packet on loopback makes WebRTC media and ICE consent checks fail exactly as a network drop would, while
 * the test runner's own TCP connection to the page keeps working. Only ever done inside the test run's own
 * network namespace (MESHCALL_NETNS=1), never on the host's interfaces.
 */
import { execFileSync } from 'node:child_process';

function insideTestNamespace(): boolean {
  return process.env.MESHCALL_NETNS === '1';
}

function ip(args: string[]): void {
  execFileSync('ip', args, { stdio: 'pipe' });
}

/** The address families this kernel routes: a kernel without IPv6 has no `ip -6` rules to change. */
function families(): string[] {
  return ['-4', '-6'].filter((family) => {
    try {
      ip([family, 'rule', 'show']);
      return true;
    } catch {
      return false;
    }
  });
}

/** Whether the rules are in place, so restoring twice (or without a drop) never duplicates the local rule. */
let dropped = false;

/**
 * Vitest browser commands: `commands.dropUdp()`, `commands.restoreUdp()`, `commands.canShapeNetwork()`.
 * A policy-routing rule that blackholes UDP is placed before the `local` table lookup (which is moved from
 * priority 0 to 100 for that), so loopback UDP has no route while TCP is untouched. (`tc` qdiscs would be the
 * classic tool, but container kernels often lack the scheduler modules.)
 */
export const networkShapingCommands = {
  canShapeNetwork: async (): Promise<boolean> => insideTestNamespace(),
  dropUdp: async (): Promise<void> => {
    if (!insideTestNamespace()) throw new Error('dropUdp only runs inside the test network namespace');
    if (dropped) return;
    dropped = true;
    process.once('exit', restore);
    for (const family of families()) {
      ip([family, 'rule', 'add', 'from', 'all', 'lookup', 'local', 'priority', '100']);
      ip([family, 'rule', 'del', 'priority', '0']);
      ip([family, 'rule', 'add', 'ipproto', 'udp', 'priority', '10', 'blackhole']);
    }
  },
  restoreUdp: async (): Promise<void> => restore(),
};

/**
 * Puts the rules back (synchronous, so it also runs from an 'exit' listener: a test run that dies between drop
 * and restore must not leave UDP blackholed for the later steps that share the namespace).
 */
function restore(): void {
  if (!insideTestNamespace() || !dropped) return;
  dropped = false;
  process.off('exit', restore);
  for (const family of families()) {
    for (const args of [
      [family, 'rule', 'del', 'priority', '10'],
      [family, 'rule', 'add', 'from', 'all', 'lookup', 'local', 'priority', '0'],
      [family, 'rule', 'del', 'priority', '100'],
    ]) {
      try {
        ip(args);
      } catch {
        // already in its normal state
      }
    }
  }
}
