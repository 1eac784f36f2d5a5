/**
 * The shapes the hooks package works with: the engine objects it observes (described structurally, so a test
 * double or an alternative engine can stand in for `CallClient`) and the immutable snapshots it publishes.
 */
import type {
  AcceptOptions,
  CallSessionEvents,
  CallType,
  CloseReason,
  LocalMediaState,
  MediaControls,
  MeshcallError,
  PeerSnapshot,
  PeerStats,
  PresenceUpdate,
  SessionDirection,
  SessionState,
  StartOptions,
  Subscribable,
  TrackSource,
  TransportStatus,
  UserId,
  UserInfo,
} from '@meshcall/core';

/** The engine's view of one remote participant (`CallSession.peers` values). */
export type EnginePeer = PeerSnapshot;

/** Options of `CallSession.start` and `accept`, as core defines them. */
export type { AcceptOptions, StartOptions };

/**
 * The commands of a call session: what core's `CallSession` offers, and what `useCallSession` returns bound to
 * one session id (see `bindSessionActions`).
 */
export interface SessionActions extends MediaControls {
  /** Starts an outgoing call (rings the opponents). */
  start(userInfo?: UserInfo, options?: StartOptions): Promise<void>;
  /** Accepts an incoming call. */
  accept(userInfo?: UserInfo, options?: AcceptOptions): Promise<void>;
  /** Rejects an incoming call. */
  reject(userInfo?: UserInfo): void;
  /** Hangs up (or cancels an unanswered outgoing call). */
  hangUp(userInfo?: UserInfo): void;
}

/** What a call session is and where it stands: read from core's `CallSession`, copied into each snapshot. */
export interface SessionFacts {
  readonly id: string;
  readonly direction: SessionDirection;
  readonly callType: CallType;
  readonly initiator: UserId;
  /** Everyone, including the local user. */
  readonly participants: readonly UserId[];
  /** Everyone but the local user (the keys of a snapshot's `peers`). */
  readonly opponents: readonly UserId[];
  /** The initiator's `userInfo` from `start()`. */
  readonly userInfo: UserInfo;
  readonly state: SessionState;
  /** Set once the session is closing. */
  readonly closeReason: CloseReason | null;
  readonly localMedia: LocalMediaState;
  /** Who is speaking now, the local user included, in participant order (core's `CallSession.speakers`). */
  readonly speakers: readonly UserId[];
}

/**
 * What the store needs from a call session: the public surface of `@meshcall/core`'s `CallSession`.
 * A real `CallSession` satisfies it.
 */
export interface CallSessionLike extends Subscribable<CallSessionEvents>, SessionActions, SessionFacts {
  readonly localUser: UserId;
  readonly peers: ReadonlyMap<UserId, EnginePeer>;
  readonly localStream: MediaStream | null;
  getStats(): Promise<ReadonlyMap<UserId, PeerStats>>;
}

/** Events of the client, as the store consumes them (mirrors `CallClientEvents`). */
export interface CallClientLikeEvents {
  incomingCall: { session: CallSessionLike };
  sessionAdded: { session: CallSessionLike };
  sessionRemoved: { session: CallSessionLike; reason: CloseReason };
  statusChanged: { status: TransportStatus };
  presence: PresenceUpdate;
  error: { error: MeshcallError; sessionId?: string };
}

/**
 * What the store needs from a call client: the public surface of `@meshcall/core`'s `CallClient`.
 * A real `CallClient` satisfies it.
 */
export interface CallClientLike extends Subscribable<CallClientLikeEvents> {
  readonly localUser: UserId;
  readonly status: TransportStatus;
  readonly sessions: ReadonlyMap<string, CallSessionLike>;
  onlineUsers(): ReadonlySet<UserId>;
  createSession(opponents: readonly UserId[], callType: CallType): CallSessionLike;
  getSession(id: string): CallSessionLike | undefined;
}

/** One remote participant of a session, as rendered by a tile. A new object only when something of it changed. */
export interface ParticipantSnapshot extends PeerSnapshot {
  /** The `userInfo` they sent with their latest accept, reject or hang-up. */
  readonly userInfo: UserInfo | null;
}

/** The local user's tracks in a session. */
export interface LocalTracks {
  readonly audio: MediaStreamTrack | null;
  readonly video: MediaStreamTrack | null;
  /** Where the video comes from (`screen` while sharing), or `null` without video. */
  readonly videoSource: TrackSource | null;
  /** The local preview stream (current audio + video tracks). */
  readonly stream: MediaStream | null;
}

/** Everything a UI shows about one call session. Immutable; replaced (not mutated) on change. */
export interface SessionSnapshot extends SessionFacts {
  readonly localTracks: LocalTracks;
  /** One entry per opponent. */
  readonly peers: Readonly<Record<UserId, ParticipantSnapshot>>;
  /** Latest connection-quality figures per peer (from `stats` events or polling). */
  readonly stats: Readonly<Record<UserId, PeerStats>>;
}

/** A session that just closed, kept briefly so the UI can say why. */
export interface EndedCall {
  /** The session's last snapshot (state `closed`). */
  readonly session: SessionSnapshot;
  readonly reason: CloseReason;
  /** When it closed (ms since epoch). */
  readonly endedAt: number;
}

/** An error reported by the client or a session. */
export interface CallErrorEntry {
  /** Unique within the store; use it as a React key or to dismiss the entry. */
  readonly id: number;
  /** When it was reported (ms since epoch). */
  readonly time: number;
  readonly error: MeshcallError;
  readonly sessionId: string | null;
  readonly userId: UserId | null;
}

/** A media device, as plain data. */
export interface DeviceSnapshot {
  readonly deviceId: string;
  readonly groupId: string;
  readonly kind: MediaDeviceKind;
  /** Empty until the page has camera/microphone permission. */
  readonly label: string;
}

/**
 * The media devices, grouped by kind. `status`: `idle` until something asks for devices, `ready` once
 * listed, `unavailable` without media capture (server, insecure origin), `error` if listing failed.
 */
export interface DevicesSnapshot {
  readonly status: 'idle' | 'ready' | 'unavailable' | 'error';
  readonly audioinput: readonly DeviceSnapshot[];
  readonly videoinput: readonly DeviceSnapshot[];
  readonly audiooutput: readonly DeviceSnapshot[];
}

/** The whole store state. Every part keeps its identity until it changes. */
export interface CallState {
  /** Signaling connection status. */
  readonly status: TransportStatus;
  readonly localUser: UserId;
  /** Users known to be online, sorted. */
  readonly onlineUsers: readonly UserId[];
  /** Live (not yet closed) sessions by id. */
  readonly sessions: Readonly<Record<string, SessionSnapshot>>;
  /** Ids of {@link CallState.sessions}, oldest first. */
  readonly sessionOrder: readonly string[];
  /** Incoming sessions that are ringing, oldest first. */
  readonly incomingSessionIds: readonly string[];
  /** The session a call screen shows: the newest connecting/active one, else the newest outgoing one. */
  readonly activeSessionId: string | null;
  /** The most recently closed session, kept for a short while. */
  readonly lastEnded: EndedCall | null;
  /** The latest errors, oldest first. */
  readonly errors: readonly CallErrorEntry[];
  readonly devices: DevicesSnapshot;
}
