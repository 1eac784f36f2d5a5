// Runs a child process to completion the way a shell would: sharing this terminal, and passing on the
// signals that stop this process (Ctrl-C, `kill`, a CI runner's timeout), so that stopping a test run stops
// everything it started instead of orphaning it.
import { spawn } from 'node:child_process';

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs `argv` with inherited stdio. Resolves with its exit status (1 when a signal ended it), the spawn error
 * if it could not start (e.g. ENOENT: the command is not installed), and `stoppedBy`: the signal this process
 * received and passed on while it ran. Listening for a signal keeps Node from exiting on it, so the caller
 * must stop once `stoppedBy` is set.
 * @param {readonly string[]} argv
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<{ status: number, stoppedBy: NodeJS.Signals | null, error?: Error }>}
 */
export function runForwardingSignals(argv, options = {}) {
  return new Promise((resolve) => {
    let stoppedBy = null;
    const child = spawn(argv[0], argv.slice(1), { stdio: 'inherit', ...options });
    const forward = (signal) => {
      stoppedBy = signal;
      child.kill(signal);
    };
    for (const signal of FORWARDED) process.on(signal, forward);
    const done = (result) => {
      for (const signal of FORWARDED) process.off(signal, forward);
      resolve({ ...result, stoppedBy });
    };
    child.once('error', (error) => done({ status: 127, error }));
    child.once('exit', (code, signal) => done({ status: code ?? (signal ? 1 : 0) }));
  });
}
