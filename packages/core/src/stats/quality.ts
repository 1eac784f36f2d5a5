/**
 * One word for a link's health, from its figures: what a tile's "poor connection" badge or a signal-bars
 * indicator shows. The thresholds are where calls start to feel broken (talking over each other, frozen
 * video), not where figures merely get worse.
 */
import type { PeerStats } from './types.js';

/**
 * How a link to one participant is doing: `good`, `poor` (a badge is worth showing), or `unknown` (no
 * figures yet, e.g. before the first sample or while it is not connected).
 */
export type ConnectionQuality = 'unknown' | 'good' | 'poor';

/** A link is `poor` above this round-trip time (ms)… */
export const POOR_RTT_MS = 500;
/** …or above this fraction of incoming packets lost. */
export const POOR_PACKET_LOSS = 0.08;

/**
 * The quality of a link from its latest figures. A figure the browser has not reported is not held against
 * the link.
 *
 * @example
 * ```ts
 * session.on('stats', ({ stats }) => {
 *   for (const [userId, figures] of stats) if (connectionQuality(figures) === 'poor') warn(userId);
 * });
 * ```
 */
export function connectionQuality(stats: PeerStats | null | undefined): ConnectionQuality {
  if (!stats || (stats.rttMs === null && stats.packetLoss === null)) return 'unknown';
  return (stats.rttMs ?? 0) > POOR_RTT_MS || (stats.packetLoss ?? 0) > POOR_PACKET_LOSS ? 'poor' : 'good';
}
