/**
 * Distils a `getStats()` report into {@link PeerStats}. Rates need two samples, so the caller keeps the
 * returned `sample` and passes it back next time. Pure: works on any Map-like report, which is how it is
 * unit-tested without a browser.
 */
import type { UserId } from '../util/jid.js';
import type { CandidateType, PeerRoute, PeerStats } from './types.js';

/** The running totals that rates are computed from. */
export interface StatsSample {
  readonly timestamp: number;
  readonly bytesSent: number;
  readonly bytesReceived: number;
  readonly packetsReceived: number;
  readonly packetsLost: number;
}

/** The subset of an `RTCStatsReport` this module reads. */
export type StatsReportLike = { forEach(callback: (value: Record<string, unknown>) => void): void };

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * Summarizes `report`; `previous` is the sample returned by the last call (null the first time). With
 * `shownVideoMid`, the video figures are those of that section only (the video shown, not the side camera).
 */
export function summarizeStats(
  userId: UserId,
  report: StatsReportLike,
  previous: StatsSample | null,
  now: number,
  shownVideoMid: string | null = null,
): { stats: PeerStats; sample: StatsSample } {
  let bytesSent = 0;
  let bytesReceived = 0;
  let packetsReceived = 0;
  let packetsLost = 0;
  let rttMs: number | null = null;
  let video: PeerStats['video'] = null;
  let framesDecoded: number | null = null;
  let pair: Record<string, unknown> | null = null;
  const candidates = new Map<unknown, Record<string, unknown>>();

  report.forEach((entry) => {
    switch (entry.type) {
      case 'outbound-rtp':
        bytesSent += num(entry.bytesSent) ?? 0;
        break;
      case 'inbound-rtp': {
        bytesReceived += num(entry.bytesReceived) ?? 0;
        packetsReceived += num(entry.packetsReceived) ?? 0;
        packetsLost += Math.max(0, num(entry.packetsLost) ?? 0);
        const shown = shownVideoMid === null || entry.mid === undefined || entry.mid === shownVideoMid;
        if (entry.kind === 'video' && shown) {
          const width = num(entry.frameWidth);
          const height = num(entry.frameHeight);
          if (width !== null && height !== null) video = { width, height, fps: num(entry.framesPerSecond) };
          framesDecoded = (framesDecoded ?? 0) + (num(entry.framesDecoded) ?? 0);
        }
        break;
      }
      case 'candidate-pair':
        if (entry.nominated === true && entry.state === 'succeeded') {
          pair = entry;
          const rtt = num(entry.currentRoundTripTime);
          if (rtt !== null) rttMs = rtt * 1000;
        }
        break;
      case 'local-candidate':
      case 'remote-candidate':
        candidates.set(entry.id, entry);
        break;
      default:
        break;
    }
  });

  const sample: StatsSample = { timestamp: now, bytesSent, bytesReceived, packetsReceived, packetsLost };
  const elapsed = previous ? (now - previous.timestamp) / 1000 : 0;
  const rate = (current: number, before: number | undefined) =>
    previous && elapsed > 0 && before !== undefined ? Math.max(0, ((current - before) * 8) / elapsed) : null;
  let packetLoss: number | null = null;
  if (previous) {
    const lost = packetsLost - previous.packetsLost;
    const received = packetsReceived - previous.packetsReceived;
    // Nothing received and nothing lost says nothing of loss (the link may be down, or the peer sends nothing).
    packetLoss = lost + received > 0 ? Math.max(0, lost) / (lost + received) : null;
  }
  return {
    stats: {
      userId,
      timestamp: now,
      rttMs,
      outgoingBitrate: rate(bytesSent, previous?.bytesSent),
      incomingBitrate: rate(bytesReceived, previous?.bytesReceived),
      packetLoss,
      video,
      framesDecoded,
      route: routeOf(pair, candidates),
    },
    sample,
  };
}

const CANDIDATE_TYPES: ReadonlySet<unknown> = new Set<CandidateType>(['host', 'srflx', 'prflx', 'relay']);

/** The route of the pair in use, from its two candidates' entries; `null` if anything is missing or unknown. */
function routeOf(
  pair: Record<string, unknown> | null,
  candidates: ReadonlyMap<unknown, Record<string, unknown>>,
): PeerRoute | null {
  const local = pair && candidates.get(pair.localCandidateId);
  const remote = pair && candidates.get(pair.remoteCandidateId);
  if (!local || !remote || !CANDIDATE_TYPES.has(local.candidateType) || !CANDIDATE_TYPES.has(remote.candidateType)) {
    return null;
  }
  // A relay candidate's own `protocol` is the relayed leg's (always UDP); how we reach the TURN server is its
  // `relayProtocol` (`tls` is TCP too).
  const leg = local.candidateType === 'relay' ? local.relayProtocol : local.protocol;
  const protocol = leg === 'tcp' || leg === 'tls' ? 'tcp' : 'udp';
  return { local: local.candidateType as CandidateType, remote: remote.candidateType as CandidateType, protocol };
}
