/**
 * The signals meshcall exchanges, as a discriminated union on `kind`. These are the decoded, validated
 * values; the wire format (XML) is produced and parsed by the codec in this folder and specified in
 * `docs/protocol.md`.
 *
 * Every signal belongs to one call session (`sessionId`). The sender is never part of the payload: it is
 * taken from the server-stamped `from` of the stanza, so nobody can speak for someone else.
 */
import type { UserId } from '../util/jid.js';

/** Whether a call carries video or only audio. */
export type CallType = 'audio' | 'video';

/**
 * Free-form data that travels with start, accept, reject and hang-up (the seed's `userInfo`): a flat
 * string→string map. Limits (see {@link SIGNAL_LIMITS}) keep every stanza small.
 */
export type UserInfo = Readonly<Record<string, string>>;

/** An ICE candidate as carried by the protocol (the JSON form of `RTCIceCandidate`). */
export interface SignalCandidate {
  /** The `candidate:` line; the empty string means end-of-candidates for that m-line. */
  readonly candidate: string;
  /** The `mid` of the media section the candidate belongs to, or `null` when not given. */
  readonly sdpMid: string | null;
  /** Index (0–63) of the m-line the candidate belongs to, or `null` when not given. */
  readonly sdpMLineIndex: number | null;
  /** The ICE username fragment (ufrag) the candidate belongs to, or `null` when not given. */
  readonly usernameFragment: string | null;
}

/** A session description (offer or answer) as carried by the protocol. */
export interface SignalDescription {
  /** Whether the SDP is an offer or the answer to one. */
  readonly type: 'offer' | 'answer';
  /** The SDP text with CRLF line endings (restored on decode: XML turns CR LF into LF). */
  readonly sdp: string;
  /**
   * Which offer this is: an offer's number among its sender's offers on the link, and on an answer, the number
   * of the offer it answers (0–999999999). It tells a late answer to an earlier offer from the answer to the
   * offer in place. Absent when the sender does not number its offers (meshcall before it did, custom code).
   */
  readonly seq?: number | undefined;
}

/** Why a callee stops ringing without having answered on this device. */
export type CancelReason =
  /** The caller hung up before anyone answered. */
  | 'cancelled'
  /** The caller gave up: the answer timeout passed. */
  | 'timeout'
  /** Another device of the same user accepted the call. */
  | 'answered-elsewhere'
  /** Another device of the same user rejected the call. */
  | 'rejected-elsewhere';

/**
 * Why a call was rejected. `declined` is the user's choice; `busy` is the busy policy's; `failed`: the callee
 * tried to answer and could not (its camera or microphone would not open, or the connection could not be set
 * up).
 */
export type RejectReason = 'declined' | 'busy' | 'failed';

/** Remote media state that the other side can't see in the RTP stream itself. */
export interface MediaState {
  /** The microphone is muted: its track is still sent, as silence. */
  readonly audioMuted: boolean;
  /** The camera is off (always `true` in audio calls); a screen share is still sent while sharing. */
  readonly videoMuted: boolean;
  /** A screen, window or tab is sent instead of the camera. */
  readonly screenSharing: boolean;
  /**
   * The screen is shared with its sound (a tab's), sent beside it. Absent (read as `false`) from senders that
   * do not tell, such as older ones, which send no sound either.
   */
  readonly screenAudio?: boolean | undefined;
}

interface SignalBase {
  /** The call session this signal belongs to. */
  readonly sessionId: string;
}

/**
 * Initiator → each callee (first to the callee's bare JID, so every device rings): rings the callee and
 * carries the initiator's offer for the initiator–callee link. Re-sent every dialing interval until the
 * callee answers or the answer timeout passes.
 */
export interface CallSignal extends SignalBase {
  /** Discriminant: always `call`. */
  readonly kind: 'call';
  /** Whether the call carries video (`video`) or only audio (`audio`). */
  readonly callType: CallType;
  /** Every participant of the session, initiator included, as bare JIDs. */
  readonly participants: readonly UserId[];
  /** Sender's clock when the call started (ms since epoch); stale calls are ignored. */
  readonly startedAt: number;
  /** The caller's SDP offer for the link to this callee (each callee gets its own; re-sends carry the same one). */
  readonly offer: SignalDescription;
  /** The flat string map the caller's app attached to `start()` (the seed's `userInfo`); empty when none. */
  readonly userInfo: UserInfo;
  /**
   * How often (ms) the caller says this `call` again while the callee has not answered (its dialing interval):
   * a ringing callee that hears nothing for several of them takes the call as gone. Absent from older callers.
   */
  readonly dialingInterval?: number | undefined;
}

/**
 * Callee → every other participant: the callee joined. To the initiator it carries the answer for the
 * initiator–callee link; other participants use it to connect the callee–callee pair.
 */
export interface AcceptSignal extends SignalBase {
  /** Discriminant: always `accept`. */
  readonly kind: 'accept';
  /** Present only on the copy sent to the initiator. */
  readonly answer: SignalDescription | null;
  /** The flat string map the callee's app attached to `accept()` (the seed's `userInfo`); empty when none. */
  readonly userInfo: UserInfo;
  /**
   * The callee takes the share sections (the side camera and the screen's sound) on its links: their offerers
   * add them once someone on the link shares a screen. Absent from callees that do not (older ones).
   */
  readonly shareSections?: boolean | undefined;
}

/** Callee → every other participant: the callee declined, or could not answer. */
export interface RejectSignal extends SignalBase {
  /** Discriminant: always `reject`. */
  readonly kind: 'reject';
  /**
   * `declined` (the user, or the client gave up before answering), `busy` (the busy policy), or `failed` (the
   * user answered but the camera, microphone or answer failed; on the wire a `declined` with `failed="true"`).
   */
  readonly reason: RejectReason;
  /** The flat string map the callee's app attached (the seed's `userInfo`); empty when none. */
  readonly userInfo: UserInfo;
}

/** Participant → every other participant: the sender left the call. */
export interface HangUpSignal extends SignalBase {
  /** Discriminant: always `hangup`. */
  readonly kind: 'hangup';
  /** The flat string map the sender's app attached to `hangUp()`; empty when none (and on automatic hang-ups). */
  readonly userInfo: UserInfo;
  /**
   * Only from the caller, optional: the callees whose accept it took (bare JIDs), so that the others, still
   * waiting for the accept of one of them, wait for it rather than end the call as left alone. Absent from an
   * older caller.
   */
  readonly inCall?: readonly UserId[] | undefined;
  /**
   * `true` when the sender did not hang up but lost its connection to the receiver: it gave up on their link at
   * its disconnect timeout (or the link failed), or its whole call ended so. The receiver ends that link as lost,
   * not as a departure. Absent from an older sender (a plain hang-up).
   */
  readonly connectionLost?: true | undefined;
}

/** Initiator → a callee's devices: stop ringing (see {@link CancelReason}). */
export interface CancelSignal extends SignalBase {
  /** Discriminant: always `cancel`. */
  readonly kind: 'cancel';
  /** Why the ringing stops: `cancelled`, `timeout`, `answered-elsewhere` or `rejected-elsewhere`. */
  readonly reason: CancelReason;
  /**
   * Only with `answered-elsewhere`: the device (full JID) whose accept the caller took. A device of the same
   * user that accepted at the same moment learns from it that the call goes on without it; the one named
   * learns that it may now tell the other callees it joined.
   */
  readonly joined?: string | undefined;
  /**
   * Only with `cancelled`, optional: what the caller said on hanging up (`hangUp(userInfo)`), for callees that
   * had not answered yet, as a `hangup` carries it to those that had.
   */
  readonly userInfo?: UserInfo | undefined;
}

/** Peer → peer: a batch of trickled ICE candidates for their link. */
export interface CandidatesSignal extends SignalBase {
  /** Discriminant: always `candidates`. */
  readonly kind: 'candidates';
  /** 1–64 candidates gathered within the sender's batching window; an empty `candidate` marks end-of-candidates. */
  readonly candidates: readonly SignalCandidate[];
}

/**
 * Peer → peer: a session description outside call/accept: the first offer between two callees, and every
 * renegotiation or ICE restart afterwards ("perfect negotiation").
 */
export interface DescriptionSignal extends SignalBase {
  /** Discriminant: always `description`. */
  readonly kind: 'description';
  /** An offer (first callee–callee offer, renegotiation or ICE restart) or the answer to one. */
  readonly description: SignalDescription;
}

/** Participant → every other participant: mute, camera and screen-share state changed. */
export interface MediaSignal extends SignalBase {
  /** Discriminant: always `media`. */
  readonly kind: 'media';
  /** The sender's whole current mute / camera / screen-share state (not just what changed). */
  readonly media: MediaState;
  /**
   * The sender's count of its media changes in this session (0 before the first). A receiver ignores a
   * `media` whose `seq` is not above the last one it applied from that sender, so a reordered or repeated
   * copy never brings an old state back. Optional on the wire: signals without it are always applied.
   */
  readonly seq?: number | undefined;
}

/** Any meshcall signal. */
export type Signal =
  | CallSignal
  | AcceptSignal
  | RejectSignal
  | HangUpSignal
  | CancelSignal
  | CandidatesSignal
  | DescriptionSignal
  | MediaSignal;

/** The `kind` of a signal. */
export type SignalKind = Signal['kind'];

/** The signal of a given kind. */
export type SignalOf<K extends SignalKind> = Extract<Signal, { kind: K }>;

/** Every signal kind, in protocol order. */
export const SIGNAL_KINDS: readonly SignalKind[] = [
  'call',
  'accept',
  'reject',
  'hangup',
  'cancel',
  'candidates',
  'description',
  'media',
];
