/**
 * Node-side commands for browser tests over a poor signaling path: each `openSlowLink` starts a delaying TCP
 * proxy (packages/core/src/testing/slow-link.ts) on 127.0.0.1 in front of the given server port, and the page
 * logs in through it. Links left open by a test are closed when the run's process exits.
 */
import { SlowLink } from '../../packages/core/src/testing/slow-link.ts';

const links = new Map<number, SlowLink>();

async function closeAll(): Promise<void> {
  await Promise.all([...links.values()].map((link) => link.close()));
  links.clear();
}

function linkOn(port: number): SlowLink {
  const link = links.get(port);
  if (!link) throw new Error(`no slow link on port ${port}`);
  return link;
}

/** Vitest browser commands; the first argument Vitest passes (the command context) is not used. */
export const slowLinkCommands = {
  /** Opens a link to `targetPort` with a one-way latency of `[minMs, maxMs]`; resolves to its local port. */
  openSlowLink: async (_context: unknown, targetPort: number, minMs = 0, maxMs = minMs): Promise<number> => {
    const link = new SlowLink(targetPort);
    link.setLatency(minMs, maxMs);
    const port = await link.start();
    if (links.size === 0) process.once('exit', () => void closeAll());
    links.set(port, link);
    return port;
  },
  /** Sets the one-way latency of the link on `port` to `[minMs, maxMs]`. */
  setSlowLinkLatency: async (_context: unknown, port: number, minMs: number, maxMs = minMs): Promise<void> => {
    linkOn(port).setLatency(minMs, maxMs);
  },
  /** Holds every byte going `direction` (`up`: page → server) through the link on `port` for `ms`. */
  stallSlowLink: async (_context: unknown, port: number, direction: 'up' | 'down', ms: number): Promise<void> => {
    linkOn(port).stall(direction, ms);
  },
  /** Closes every link opened by `openSlowLink` (their connections are cut). */
  closeSlowLinks: async (): Promise<void> => closeAll(),
};
