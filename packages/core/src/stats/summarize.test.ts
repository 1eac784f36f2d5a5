/**
 * summarizeStats without a browser: the figures a quality panel shows, from hand-made `getStats()` reports
 * (the browser tests only read framesDecoded).
 */
import { describe, expect, it } from 'vitest';
import { summarizeStats } from './summarize.js';

const BOB = 'bob@example.test';

function report(entries: Array<Record<string, unknown>>) {
  return new Map(entries.map((entry, i) => [`e${i}`, entry]));
}

const first = report([
  { type: 'outbound-rtp', bytesSent: 1_000 },
  { type: 'inbound-rtp', kind: 'audio', bytesReceived: 2_000, packetsReceived: 100, packetsLost: 0 },
  { type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: 0.04 },
  // a pair that is not the one in use, listed after it
  { type: 'candidate-pair', nominated: false, state: 'succeeded', currentRoundTripTime: 0.5 },
]);

describe('summarizeStats', () => {
  it('takes the RTT of the nominated, succeeded candidate pair, in milliseconds', () => {
    const { stats } = summarizeStats(BOB, first, null, 1_000);
    expect(stats.rttMs).toBeCloseTo(40);
    expect([stats.outgoingBitrate, stats.incomingBitrate, stats.packetLoss]).toEqual([null, null, null]);
  });

  it("tells the route of the pair in use: each end's candidate type and the protocol; none without one", () => {
    const route = (entries: Array<Record<string, unknown>>) =>
      summarizeStats(BOB, report(entries), null, 0).stats.route;
    const candidates = [
      { type: 'local-candidate', id: 'L1', candidateType: 'host', protocol: 'udp' },
      // Reached over TCP (or TLS); the relayed leg itself is UDP, as Chromium reports it.
      { type: 'local-candidate', id: 'L2', candidateType: 'relay', protocol: 'udp', relayProtocol: 'tcp' },
      { type: 'local-candidate', id: 'L3', candidateType: 'relay', protocol: 'udp', relayProtocol: 'tls' },
      { type: 'local-candidate', id: 'L4', candidateType: 'relay', protocol: 'udp', relayProtocol: 'udp' },
      { type: 'remote-candidate', id: 'R1', candidateType: 'srflx', protocol: 'udp' },
    ];
    const inUse = { type: 'candidate-pair', nominated: true, state: 'succeeded', remoteCandidateId: 'R1' };
    const tried = { type: 'candidate-pair', nominated: false, state: 'succeeded', localCandidateId: 'L1' };
    // The pair comes before its candidates in the report, as Chromium lists them.
    expect(route([{ ...inUse, localCandidateId: 'L2' }, tried, ...candidates])).toEqual({
      local: 'relay',
      remote: 'srflx',
      protocol: 'tcp',
    });
    expect(route([{ ...inUse, localCandidateId: 'L3' }, ...candidates])?.protocol).toBe('tcp');
    expect(route([{ ...inUse, localCandidateId: 'L4' }, ...candidates])?.protocol).toBe('udp');
    expect(route([{ ...inUse, localCandidateId: 'L1' }, ...candidates])).toEqual({
      local: 'host',
      remote: 'srflx',
      protocol: 'udp',
    });
    expect(route([tried, ...candidates])).toBeNull(); // nothing in use yet
    expect(route([{ ...inUse, localCandidateId: 'L9' }, ...candidates])).toBeNull(); // a candidate not listed
  });

  it('rates are bits per second over the interval; loss is lost / (lost + received) over the interval', () => {
    const { sample } = summarizeStats(BOB, first, null, 1_000);
    const second = report([
      { type: 'outbound-rtp', bytesSent: 3_000 },
      { type: 'inbound-rtp', kind: 'audio', bytesReceived: 6_000, packetsReceived: 190, packetsLost: 10 },
    ]);
    const { stats } = summarizeStats(BOB, second, sample, 3_000); // 2 s later
    expect(stats.outgoingBitrate).toBe(8_000); // 2000 bytes in 2 s
    expect(stats.incomingBitrate).toBe(16_000); // 4000 bytes in 2 s
    expect(stats.packetLoss).toBeCloseTo(0.1); // 10 lost of 100
  });

  it('counts a negative packetsLost (duplicates) as no loss', () => {
    const { sample } = summarizeStats(
      BOB,
      report([{ type: 'inbound-rtp', kind: 'audio', packetsReceived: 100, packetsLost: 0 }]),
      null,
      0,
    );
    const duplicates = report([{ type: 'inbound-rtp', kind: 'audio', packetsReceived: 200, packetsLost: -5 }]);
    const { stats, sample: next } = summarizeStats(BOB, duplicates, sample, 1_000);
    expect(next.packetsLost).toBe(0);
    expect(stats.packetLoss).toBe(0);
  });

  it('reports no loss figure for an interval with nothing received (a link down, or a peer sending nothing)', () => {
    const audio = report([{ type: 'inbound-rtp', kind: 'audio', packetsReceived: 100, packetsLost: 2 }]);
    const { sample } = summarizeStats(BOB, audio, null, 0);
    const { stats } = summarizeStats(BOB, audio, sample, 1_000);
    expect([stats.packetLoss, stats.incomingBitrate]).toEqual([null, 0]);
  });

  it("reports the video shown, not the side camera's, when told its section", () => {
    const video = report([
      { type: 'inbound-rtp', kind: 'video', mid: '1', frameWidth: 1280, frameHeight: 720, framesDecoded: 90 },
      { type: 'inbound-rtp', kind: 'video', mid: '2', frameWidth: 320, frameHeight: 180, framesDecoded: 40 },
    ]);
    const { stats } = summarizeStats(BOB, video, null, 0, '1');
    expect(stats.video).toEqual({ width: 1280, height: 720, fps: null });
    expect(stats.framesDecoded).toBe(90);
  });

  it('reports the incoming video size and frames decoded', () => {
    const video = report([
      { type: 'inbound-rtp', kind: 'video', frameWidth: 640, frameHeight: 360, framesPerSecond: 30, framesDecoded: 90 },
    ]);
    const { stats } = summarizeStats(BOB, video, null, 0);
    expect(stats.video).toEqual({ width: 640, height: 360, fps: 30 });
    expect(stats.framesDecoded).toBe(90);
  });
});
