import { type PeerStats, POOR_PACKET_LOSS, POOR_RTT_MS } from '@meshcall/core';
import { describe, expect, it } from 'vitest';
import { formatBitrate, formatLoss, formatRtt, formatVideo, isPoor, poorFigures } from './quality.js';

const stats = (overrides: Partial<PeerStats>): PeerStats => ({
  userId: 'bob@localhost',
  timestamp: 0,
  rttMs: null,
  outgoingBitrate: null,
  incomingBitrate: null,
  packetLoss: null,
  video: null,
  framesDecoded: null,
  route: null,
  ...overrides,
});

describe('quality formatting', () => {
  it('formats bitrates, round trips, loss and video, with a dash for unknown figures', () => {
    expect(formatBitrate(1_534_000)).toBe('1.53 Mb/s');
    expect(formatBitrate(84_400)).toBe('84 kb/s');
    expect(formatBitrate(null)).toBe('–');
    expect(formatRtt(12.6)).toBe('13 ms');
    expect(formatRtt(null)).toBe('–');
    expect(formatLoss(0.0234)).toBe('2.3 %');
    expect(formatLoss(null)).toBe('–');
    expect(formatVideo({ width: 640, height: 480, fps: 29.6 })).toBe('640×480 · 30 fps');
    expect(formatVideo({ width: 320, height: 240, fps: null })).toBe('320×240');
    expect(formatVideo(null)).toBe('–');
  });

  it('flags a link as poor on high round trip or loss, not on missing figures', () => {
    expect(isPoor(undefined)).toBe(false);
    expect(isPoor(stats({}))).toBe(false);
    expect(isPoor(stats({ rttMs: POOR_RTT_MS + 1 }))).toBe(true);
    expect(isPoor(stats({ packetLoss: POOR_PACKET_LOSS + 0.01 }))).toBe(true);
    expect(isPoor(stats({ rttMs: 40, packetLoss: 0.01 }))).toBe(false);
  });

  it('tells which figure makes a link poor, so that only that one shows in red', () => {
    expect(poorFigures(stats({ rttMs: POOR_RTT_MS + 1, packetLoss: 0 }))).toEqual({ rtt: true, loss: false });
    expect(poorFigures(stats({ rttMs: 40, packetLoss: POOR_PACKET_LOSS + 0.01 }))).toEqual({ rtt: false, loss: true });
    expect(poorFigures(undefined)).toEqual({ rtt: false, loss: false });
  });
});
