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
}
