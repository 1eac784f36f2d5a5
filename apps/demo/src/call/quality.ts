/** Formatting and judging connection-quality figures. Pure. */
import type { PeerStats } from '@meshcall/core';

/** A link this bad is flagged "poor" on its tile. */
export const POOR_RTT_MS = 500;
export const POOR_LOSS = 0.08;

/** Whether the figures describe a struggling link (unknown figures are not held against it). */
export function isPoor(stats: PeerStats | undefined): boolean {
  if (!stats) return false;
  return (stats.rttMs ?? 0) > POOR_RTT_MS || (stats.packetLoss ?? 0) > POOR_LOSS;
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
