/** Formatting and judging connection-quality figures. Pure. */
import { connectionQuality, type PeerStats, POOR_PACKET_LOSS, POOR_RTT_MS } from '@meshcall/core';

/** Whether the figures describe a struggling link: the same rule that puts "Poor connection" on a tile. */
export function isPoor(stats: PeerStats | undefined): boolean {
  return connectionQuality(stats) === 'poor';
}

/** Which of the figures make the link poor: the round trip, the loss, or both (the one to show in red). */
export function poorFigures(stats: PeerStats | undefined): { readonly rtt: boolean; readonly loss: boolean } {
  return { rtt: (stats?.rttMs ?? 0) > POOR_RTT_MS, loss: (stats?.packetLoss ?? 0) > POOR_PACKET_LOSS };
}

/** `1534000` → `1.53 Mb/s`, `84000` → `84 kb/s`, null → `–`. */
export function formatBitrate(bitsPerSecond: number | null): string {
  if (bitsPerSecond === null || !Number.isFinite(bitsPerSecond)) return '–';
  if (bitsPerSecond >= 1_000_000) return `${(bitsPerSecond / 1_000_000).toFixed(2)} Mb/s`;
  return `${Math.round(bitsPerSecond / 1000)} kb/s`;
}

/** Milliseconds, rounded; null → `–`. */
export function formatRtt(ms: number | null): string {
  return ms === null || !Number.isFinite(ms) ? '–' : `${Math.round(ms)} ms`;
}

/** A 0–1 fraction as a percentage with one decimal; null → `–`. */
export function formatLoss(fraction: number | null): string {
  return fraction === null || !Number.isFinite(fraction) ? '–' : `${(fraction * 100).toFixed(1)} %`;
}

/** `640×480 · 30 fps`, or `–` without incoming video. */
export function formatVideo(video: PeerStats['video']): string {
  if (!video) return '–';
  const fps = video.fps === null ? '' : ` · ${Math.round(video.fps)} fps`;
  return `${video.width}×${video.height}${fps}`;
}
