import { describe, expect, it } from 'vitest';
import { connectionQuality, POOR_PACKET_LOSS, POOR_RTT_MS } from './quality.js';
import type { PeerStats } from './types.js';

const stats = (rttMs: number | null, packetLoss: number | null): PeerStats => ({
  userId: 'bob@example.test',
  timestamp: 0,
  rttMs,
  packetLoss,
  outgoingBitrate: null,
  incomingBitrate: null,
  video: null,
  framesDecoded: null,
  route: null,
});

describe('connectionQuality', () => {
  it('is unknown without figures, poor above either threshold, good otherwise', () => {
    expect(connectionQuality(undefined)).toBe('unknown');
    expect(connectionQuality(null)).toBe('unknown');
    expect(connectionQuality(stats(null, null))).toBe('unknown');
    expect(connectionQuality(stats(40, 0.01))).toBe('good');
    expect(connectionQuality(stats(POOR_RTT_MS, POOR_PACKET_LOSS))).toBe('good');
    expect(connectionQuality(stats(POOR_RTT_MS + 1, 0))).toBe('poor');
    expect(connectionQuality(stats(40, POOR_PACKET_LOSS + 0.01))).toBe('poor');
  });

  it('does not hold a figure the browser has not reported against the link', () => {
    expect(connectionQuality(stats(null, 0.01))).toBe('good');
    expect(connectionQuality(stats(40, null))).toBe('good');
    expect(connectionQuality(stats(null, 0.5))).toBe('poor');
    expect(connectionQuality(stats(900, null))).toBe('poor');
  });
});
