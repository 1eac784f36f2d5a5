/**
 * The shapes the hooks package works with: the engine objects it observes (described structurally, so a test
 * double or an alternative engine can stand in for `CallClient`) and the immutable snapshots it publishes.
 */
import type {
  AcceptOptions,
  CallSessionEvents,
  CallType,
  CloseReason,
  LocalMedia,
  LocalMediaState,
  MediaControls,
  MeshcallError,
  PeerSnapshot,
  PeerStats,
  PreferredDevices,
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

/**
 * Core's types the hooks hand out, re-exported so a hooks-only app needs no second import: the options of
 * `start` and `accept`, and `PeerSnapshot`, one remote participant (state, media, tracks, and what they said:
 * `userInfo` merged over their accept, reject and hang-up, and a `rejectReason` of `declined`, `busy` or
 * `failed`),
 * a new object only when something of it changed.
 */
export type { AcceptOptions, PeerSnapshot, StartOptions };

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
  /** Unique id of the session, shared by every participant. */
  readonly id: string;
  /** `outgoing` if this device started the call, `incoming` if it rang here. */
  readonly direction: SessionDirection;
  /** Whether the call carries video (`video`) or only audio (`audio`). */
  readonly callType: CallType;
  /** Bare JID of the participant who started the call. */
  readonly initiator: UserId;
  /** Everyone, including the local user. */
  readonly participants: readonly UserId[];
  /** Everyone but the local user (the keys of a snapshot's `peers`). */
  readonly opponents: readonly UserId[];
  /** The initiator's `userInfo` from `start()`. */
  readonly userInfo: UserInfo;
  /** Lifecycle: `new` → `pending` (dialing or ringing) → `connecting` → `active` → `closing` → `closed`. */
  readonly state: SessionState;
  /** Set once the session is closing. */
  readonly closeReason: CloseReason | null;
  /**
   * The failure that ended the call, when one did (core's `CallSession.closeError`): for `mediaError`, the
   * camera or microphone's error, whose `code` tells which. `null` otherwise.
   */
  readonly closeError: MeshcallError | null;
  /**
   * When the call went out (ms since epoch, the initiator's clock), or `null` for a call we placed whose
   * `start()` has not run: nobody has heard of it.
   */
  readonly startedAt: number | null;
  /** When the call first became `active` (ms since epoch, the engine's clock), or `null` while it has not. */
  readonly activeSince: number | null;
  /** The local user's mute / camera / screen-share state and current device ids. */
  readonly localMedia: LocalMediaState;
  /** Who is speaking now, the local user included, in participant order (core's `CallSession.speakers`). */
  readonly speakers: readonly UserId[];
}

/**
 * What the store needs from a call session: the public surface of `@meshcall/core`'s `CallSession`.
 * A real `CallSession` satisfies it.
 */
export interface CallSessionLike extends Subscribable<CallSessionEvents>, SessionActions, SessionFacts {
  /** The local user's bare JID. */
  readonly localUser: UserId;
  /** One snapshot per opponent, by bare JID; the map and each entry are replaced when something changes. */
  readonly peers: ReadonlyMap<UserId, PeerSnapshot>;
  /** The local preview stream (current microphone and camera/screen tracks), or `null` before media is acquired. */
  readonly localStream: MediaStream | null;
  /** One's camera as sent beside one's shared screen, or `null`. */
  readonly localSideCamera: MediaStreamTrack | null;
  /** Samples the connection-quality figures of every link that has a connection, by participant. */
  getStats(): Promise<ReadonlyMap<UserId, PeerStats>>;
}

/** Events of the client, as the store consumes them (mirrors `CallClientEvents`). */
export interface CallClientLikeEvents {
  /** A call is ringing on this device. */
  incomingCall: { session: CallSessionLike };
  /** A session was created, outgoing or incoming. */
  sessionAdded: { session: CallSessionLike };
  /** A session closed and was removed from `sessions`; `reason` says why. */
  sessionRemoved: { session: CallSessionLike; reason: CloseReason };
  /** The signaling connection changed status. */
  statusChanged: { status: TransportStatus };
  /** A device of another user came online or went away. */
  presence: PresenceUpdate;
  /** Something failed that the client survived; `sessionId` is set when it concerns a session. */
  error: { error: MeshcallError; sessionId?: string };
}

/**
 * What the store needs from a call client: the public surface of `@meshcall/core`'s `CallClient`.
 * A real `CallClient` satisfies it.
 */
export interface CallClientLike extends Subscribable<CallClientLikeEvents> {
  /** The local user's bare JID. */
  readonly localUser: UserId;
  /** The signaling connection's status. */
  readonly status: TransportStatus;
  /** Sessions that have not closed yet, by id. */
  readonly sessions: ReadonlyMap<string, CallSessionLike>;
  /** Users seen online through presence (bare JIDs). */
  onlineUsers(): ReadonlySet<UserId>;
  /** Creates an outgoing session (state `new`) to `opponents` (bare JIDs); its `start()` places the call. */
  createSession(opponents: readonly UserId[], callType: CallType): CallSessionLike;
  /** The session with this id, or `undefined` once it has closed (or if there never was one). */
  getSession(id: string): CallSessionLike | undefined;
  /** The devices later calls open; optional, for test doubles that have no media. */
  readonly preferredDevices?: PreferredDevices | undefined;
  /** Sets the devices later calls open (a session's `selectDevice` sets its device here too). */
  setPreferredDevices?(devices: PreferredDevices): void;
  /**
   * The media a `callType` call would open, not opened yet (core's `CallClient.createMedia`: the client's
   * `media` constraints, preferred devices and `createMedia`), which `usePreviewMedia` opens and hands over.
   * Optional, for test doubles: without it the preview opens a plain `LocalMedia` with the preferred devices.
   */
  createMedia?(callType: CallType): LocalMedia;
}

/** The local user's tracks in a session. */
export interface LocalTracks {
  /** The microphone track being sent, or `null` (not acquired yet, no microphone, or the device was lost). */
  readonly audio: MediaStreamTrack | null;
  /**
   * The video track being sent (camera, or screen while sharing); `null` while the camera is off or not
   * acquired. While the screen is shared, the others see the screen, with the camera as a small picture beside
   * it (`sideCamera`); a self-view shows `sideCamera` then, as the screen shown inside itself repeats endlessly.
   */
  readonly video: MediaStreamTrack | null;
  /** Where the video comes from (`screen` while sharing), or `null` without video. */
  readonly videoSource: TrackSource | null;
  /** The camera sent beside the shared screen (while sharing with the camera on), else `null`. */
  readonly sideCamera: MediaStreamTrack | null;
  /** The local preview stream (current audio + video tracks). */
  readonly stream: MediaStream | null;
}

/** Everything a UI shows about one call session. Immutable; replaced (not mutated) on change. */
export interface SessionSnapshot extends SessionFacts {
  /** The local user's tracks and preview stream in this session. */
  readonly localTracks: LocalTracks;
  /** One entry per opponent. */
  readonly peers: Readonly<Record<UserId, PeerSnapshot>>;
  /** Latest connection-quality figures per peer (from `stats` events or polling). */
  readonly stats: Readonly<Record<UserId, PeerStats>>;
  /**
   * The remote participant who spoke last and is still in the call, or `null`: the one a speaker layout shows
   * large. It stays while everyone is quiet, and while they go on talking when someone else starts.
   */
  readonly activeSpeaker: UserId | null;
  /**
   * The remote participants still in the call who share a screen, in the order they started (the newest last):
   * the last one is on the stage (`presenterOf`). Starting order, not the call's: with two sharing, the one who
   * just started is who the others want to see. A new store (a `<CallProvider>` mounted afresh) lists those
   * already sharing in the call's order.
   */
  readonly presenters: readonly UserId[];
}

/** A session that just closed, kept briefly so the UI can say why. */
export interface EndedCall {
  /** The session's last snapshot (state `closed`). */
  readonly session: SessionSnapshot;
  /** Why it closed (the same as `session.closeReason`). */
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
  /** What went wrong; `error.code` tells the kind. */
  readonly error: MeshcallError;
  /** The session it concerns, or `null` for a client-level error (e.g. from the transport). */
  readonly sessionId: string | null;
  /** The participant whose link it concerns, or `null` when it concerns no one in particular. */
  readonly userId: UserId | null;
}

/** A media device, as plain data. */
export interface DeviceSnapshot {
  /** The browser's id of the device (for `selectDevice`); empty until the page has camera/microphone permission. */
  readonly deviceId: string;
  /** Devices with the same `groupId` belong to one physical device (e.g. a headset). */
  readonly groupId: string;
  /** `audioinput`, `videoinput` or `audiooutput`: the list the device is in. */
  readonly kind: MediaDeviceKind;
  /** Empty until the page has camera/microphone permission. */
  readonly label: string;
}

/**
 * The media devices, grouped by kind. `status`: `idle` until something asks for devices, `ready` once
 * listed, `unavailable` without media capture (server, insecure origin), `error` if listing failed.
 */
export interface DevicesSnapshot {
  /** `idle`, `ready`, `unavailable` or `error` (see above); on `error` the lists keep their previous entries. */
  readonly status: 'idle' | 'ready' | 'unavailable' | 'error';
  /** Microphones. */
  readonly audioinput: readonly DeviceSnapshot[];
  /** Cameras. */
  readonly videoinput: readonly DeviceSnapshot[];
  /** Speakers and headphones (audio outputs). */
  readonly audiooutput: readonly DeviceSnapshot[];
}

/** The whole store state. Every part keeps its identity until it changes. */
export interface CallState {
  /** Signaling connection status. */
  readonly status: TransportStatus;
  /** The local user's bare JID. */
  readonly localUser: UserId;
  /** Users known to be online, sorted. */
  readonly onlineUsers: readonly UserId[];
  /** Live (not yet closed) sessions by id. */
  readonly sessions: Readonly<Record<string, SessionSnapshot>>;
  /** Ids of {@link CallState.sessions}, oldest first. */
  readonly sessionOrder: readonly string[];
  /** Incoming sessions that are ringing, oldest first. */
  readonly incomingSessionIds: readonly string[];
  /**
   * The session a call screen shows: the newest connecting/active one, else the newest outgoing one being
   * dialed (not one still `new`), else the previous pick while it exists.
   */
  readonly activeSessionId: string | null;
  /** The most recently closed session, kept for a short while. */
  readonly lastEnded: EndedCall | null;
  /**
   * The ended call an end screen shows: the most recent one that deserves a screen (`showsEndScreen`). Unlike
   * `lastEnded`, a call that ends without news after it (the user declines a call that rang over the end screen)
   * leaves it in place. Dismissed with `lastEnded`, and expires as it does (`endedRetention`, `holdEnded`).
   */
  readonly endScreen: EndedCall | null;
  /** The latest errors, oldest first. */
  readonly errors: readonly CallErrorEntry[];
  /** The media devices by kind; `status` stays `idle` until something watches or lists them (`useMediaDevices`). */
  readonly devices: DevicesSnapshot;
  /**
   * The speaker the app plays calls' sound on (`deviceId` of an `audiooutput`), as chosen with
   * `CallStore.selectAudioOutput`; `null` is the system's output. Kept from call to call. The engine plays no
   * sound, so this choice lives here: `<VideoCall>` and your own audio elements read it (`useAudioOutput`).
   */
  readonly audioOutput: string | null;
}
