/**
 * States, reasons and events of a call session: the vocabulary shared by the engine, the hooks store and
 * the components. Mirrors the QuickBlox Video Calling module's QBRTCSession callbacks and states (the README's
 * "core, without React" section lists them; `addSeedCallbacks` maps them one to one).
 */
import type { MediaState, RejectReason, UserInfo } from '../protocol/signal.js';
import type { PeerStats } from '../stats/types.js';
import type { MeshcallError } from '../util/errors.js';
import type { UserId } from '../util/jid.js';

/**
 * Session lifecycle. Outgoing: `new` → `start()` → `pending` (dialing). Incoming sessions begin in `pending`
 * (ringing). Once someone has accepted: `connecting`, then `active` when the first peer connects. Every
 * session ends `closing` → `closed`.
 */
export type SessionState = 'new' | 'pending' | 'connecting' | 'active' | 'closing' | 'closed';

/**
 * State of the link to one remote participant (the seed's QB_RTC_CONNECTION_*). The states follow the
 * connection; from `disconnectTimeout` on they are terminal outcomes.
 */
export type PeerState =
  /** Nothing known yet. */
  | 'unknown'
  /** The peer connection exists but has done no networking. */
  | 'new'
  /** Waiting for this participant to answer. */
  | 'wait'
  /** Answered; offer/answer being exchanged. */
  | 'pending'
  /** ICE is connecting. */
  | 'connecting'
  /** ICE is checking candidate pairs. */
  | 'checking'
  /** Media can flow. */
  | 'connected'
  /** The connection dropped; an ICE restart is being tried until the disconnect timeout. */
  | 'disconnected'
  /** The connection stayed down past the disconnect timeout and was closed. */
  | 'disconnectTimeout'
  /** The link was closed normally (the session ended). */
  | 'closed'
  /** The participant never answered (caller side). */
  | 'notAnswered'
  /**
   * The call could not reach the participant: their server said the address does not exist, or their server
   * could not be found (caller side, while it rang; see the transport's `undeliverable`). A server that drops a
   * call to an unknown account without a word (Prosody does) leaves that callee ringing until `notAnswered`.
   */
  | 'unreachable'
  /** The participant rejected the call. */
  | 'rejected'
  /** The participant hung up. */
  | 'hungUp'
  /**
   * The link never connected (within the disconnect timeout), or ICE failed and could not be restarted; or, for a
   * callee, the call never left this device (our connection was down the whole time it rang, to the answer
   * timeout): they could not have answered.
   */
  | 'failed'
  /** Negotiation failed (bad SDP or a browser error). */
  | 'error';

/** Peer states after which the link is gone for good. */
export const TERMINAL_PEER_STATES: ReadonlySet<PeerState> = new Set<PeerState>([
  'disconnectTimeout',
  'closed',
  'notAnswered',
  'unreachable',
  'rejected',
  'hungUp',
  'failed',
  'error',
]);

/** Whether this device started the call or received it. */
export type SessionDirection = 'outgoing' | 'incoming';

/** Why a session closed. */
export type CloseReason =
  /** The local user hung up (or cancelled an outgoing call). */
  | 'hungUp'
  /** The local user rejected the incoming call. */
  | 'rejected'
  /**
   * Every other participant hung up or rejected: the local user is alone. Once the call took place, the last
   * one to go decides: their hang-up, or their link lost (`connectionLost`).
   */
  | 'remoteEnded'
  /** Caller: nobody answered within the answer timeout. */
  | 'notAnswered'
  /** Callee: the call was not answered on this device within the answer timeout. */
  | 'noAction'
  /** Callee: the caller cancelled before it was answered. */
  | 'cancelled'
  /** Callee: another device of the same user answered. */
  | 'answeredElsewhere'
  /** Callee: another device of the same user rejected. */
  | 'rejectedElsewhere'
  /**
   * Not given by meshcall's engine: a call its busy policy turns down never becomes a session (the client tells
   * it with `busyRejected`). Kept in the union for session code of one's own that ends calls this way.
   */
  | 'busy'
  /** Both sides called each other at once; the other call survived. */
  | 'glare'
  /** Local camera or microphone could not be acquired. */
  | 'mediaError'
  /** The links failed or timed out: every one, or the last one left after the others hung up or declined. */
  | 'connectionLost'
  /** The client was destroyed. */
  | 'destroyed';

/** Where a local track comes from. */
export type TrackSource = 'microphone' | 'camera' | 'screen';

/** Events of a `CallSession`. Every payload is a plain object. */
export interface CallSessionEvents {
  /** The session state changed. */
  stateChanged: { state: SessionState; previous: SessionState };
  /** A participant accepted (seed: onCallAcceptByUser). */
  accepted: { userId: UserId; userInfo: UserInfo };
  /**
   * A participant rejected (seed: onCallRejectByUser). Told while the session already shows it (their state
   * reads `rejected`), before their link's own events and before the call may end for want of others; so are
   * `hungUp` and `notAnswered`. A listener that hangs up the call left empty does not change how it ended.
   */
  rejected: { userId: UserId; userInfo: UserInfo; reason: RejectReason };
  /** A participant hung up (seed: onReceiveHangUpFromUser). */
  hungUp: { userId: UserId; userInfo: UserInfo };
  /**
   * Caller side: a callee did not answer in time (seed: onUserNotAnswer), or cannot be reached at all (their
   * server sent the call back: peer state `unreachable` rather than `notAnswered`).
   */
  notAnswered: { userId: UserId };
  /** Callee side: the local user did not answer in time (seed: onUserNoActions). */
  noAction: { userId: UserId };
  /** The session is about to close (seed: onSessionStartClose). */
  closing: { reason: CloseReason };
  /** The session closed; every resource is released (seed: onSessionClosed). */
  closed: { reason: CloseReason };
  /** The link to a participant changed state. */
  peerStateChanged: { userId: UserId; state: PeerState; previous: PeerState };
  /** Connection establishment with a participant started (seed: onStartConnectToUser). */
  peerConnecting: { userId: UserId };
  /** Connected to a participant (seed: onConnectedToUser). */
  peerConnected: { userId: UserId };
  /** The link failed (seed: onConnectionFailedWithUser). */
  peerFailed: { userId: UserId };
  /** The link dropped; recovery is being tried (seed: onDisconnectedFromUser). */
  peerDisconnected: { userId: UserId };
  /** The link stayed down past the disconnect timeout (seed: onDisconnectedTimeoutFromUser). */
  peerDisconnectTimeout: { userId: UserId };
  /** The link was closed (seed: onConnectionClosedForUser). */
  peerClosed: { userId: UserId };
  /** A local track is available or replaced (seed: onLocalVideoTrackReceive / onLocalAudioTrackReceive). */
  localTrack: { kind: 'audio' | 'video'; track: MediaStreamTrack | null; source: TrackSource | null };
  /** A remote track arrived (seed: onRemoteVideoTrackReceive / onRemoteAudioTrackReceive). */
  remoteTrack: { userId: UserId; kind: 'audio' | 'video'; track: MediaStreamTrack; stream: MediaStream };
  /** A remote track is gone (its link closed). */
  remoteTrackEnded: { userId: UserId; kind: 'audio' | 'video'; track: MediaStreamTrack };
  /**
   * The camera one sends beside one's shared screen changed (see `CallSession.localSideCamera`): sharing
   * started or stopped, or the camera went on, off or to another device while sharing.
   */
  localSideCamera: { track: MediaStreamTrack | null };
  /**
   * A participant's side camera (their camera beside the screen they share) is to be shown, or no longer
   * (`null`: they stopped sharing or turned their camera off). See `PeerSnapshot.sideCameraTrack`.
   */
  remoteSideCamera: { userId: UserId; track: MediaStreamTrack | null };
  /**
   * A participant's screen sound (the sound they share with their screen) is to be played, or no longer
   * (`null`: they stopped sharing). See `PeerSnapshot.screenAudioTrack`.
   */
  remoteScreenAudio: { userId: UserId; track: MediaStreamTrack | null };
  /** The local mute / camera / screen-share state changed. */
  localMediaChanged: { media: MediaState };
  /** A participant's mute / camera / screen-share state changed. */
  remoteMediaChanged: { userId: UserId; media: MediaState };
  /** The participants speaking now changed (config `speakingInterval`); see `CallSession.speakers`. */
  speakersChanged: { speakers: readonly UserId[] };
  /** Periodic connection-quality figures (config `statsInterval`), one entry per connected peer. */
  stats: { stats: ReadonlyMap<UserId, PeerStats> };
  /** Something went wrong that the session survived, or that ended it. */
  error: { error: MeshcallError; userId?: UserId };
}
