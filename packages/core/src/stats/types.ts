/**
 * A per-peer connection-quality summary distilled from `RTCPeerConnection.getStats()`: the few figures a
 * call-quality panel shows. Every figure is `null` until the browser reports it.
 */
import type { UserId } from '../util/jid.js';

/** Connection quality of the link to one participant. */
export interface PeerStats {
  /** Bare JID of the participant at the other end of the link. */
  readonly userId: UserId;
  /** When these figures were taken (ms since epoch). */
  readonly timestamp: number;
  /** Round-trip time of the active candidate pair, in milliseconds. */
  readonly rttMs: number | null;
  /** Bits per second sent to this peer (all media), over the last interval. */
  readonly outgoingBitrate: number | null;
  /** Bits per second received from this peer (all media), over the last interval. */
  readonly incomingBitrate: number | null;
  /** Fraction (0–1) of incoming packets lost over the last interval. */
  readonly packetLoss: number | null;
  /** The incoming video shown (camera or screen; not the side camera), when there is one. */
  readonly video: { readonly width: number; readonly height: number; readonly fps: number | null } | null;
  /** Frames of the video shown decoded so far (rises while it plays). */
  readonly framesDecoded: number | null;
  /**
   * How the media travels, from the candidate pair in use: each end's candidate type (`host`: a local address,
   * `srflx`/`prflx`: an address seen from outside, `relay`: through a TURN server) and the transport protocol.
   * A call whose `local` or `remote` is `relay` is relayed (it costs the TURN server bandwidth, and adds delay).
   * `null` while no pair is in use.
   */
  readonly route: PeerRoute | null;
}

/** A candidate's type (RTCIceCandidateType): see {@link PeerStats.route}. */
export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

/** The path of a link's media: see {@link PeerStats.route}. */
export interface PeerRoute {
  /** This device's end: `relay` when it sends through a TURN server. */
  readonly local: CandidateType;
  /** The other device's end: `relay` when it sends through a TURN server. */
  readonly remote: CandidateType;
  /** How this device's end carries the media (`tcp`: to a TURN server over TCP, or ICE-TCP). */
  readonly protocol: 'udp' | 'tcp';
}
