/**
 * What a session needs from its client: the transport, the resolved configuration, the clock, a factory
 * for local media, and a way to report back. Keeping it an interface lets the session be unit-tested with
 * fakes and keeps ownership obvious: the client owns sessions, a session owns its links and media.
 */
import type { Subscribable, Unsubscribe } from '../events/emitter.js';
import type { LocalMediaEvents, LocalMediaState, MediaControls } from '../media/types.js';
import type { CallType } from '../protocol/signal.js';
import type { SignalingTransport } from '../transport/transport.js';
import type { Clock } from '../util/clock.js';
import type { MeshcallError } from '../util/errors.js';
import type { CallSession } from './call-session.js';
import type { CloseReason } from './types.js';

/** The part of `LocalMedia` a session uses. */
export interface SessionMedia extends Subscribable<LocalMediaEvents>, MediaControls {
  /** The microphone track to send, or `null` (not acquired yet, no microphone, or the device was lost). */
  readonly audioTrack: MediaStreamTrack | null;
  /** The video track to send: the screen while sharing, else the camera; `null` when neither is on. */
  readonly videoTrack: MediaStreamTrack | null;
  /** The camera to send beside the shared screen (changes announced with `sideCameraChanged`), else `null`. */
  readonly sideCameraTrack: MediaStreamTrack | null;
  /** The sound shared with the screen (changes announced with `screenAudioChanged`), else `null`. */
  readonly screenAudioTrack: MediaStreamTrack | null;
  /** A stable preview stream that always holds the current `audioTrack` and `videoTrack`. */
  readonly stream: MediaStream;
  /** The current mute / camera / screen / device state; changes are announced with `stateChanged`. */
  readonly state: LocalMediaState;
  /**
   * Opens the tracks (or adopts the app's stream); called once by `start()` or `accept()`, and a rejection closes the
   * session with `mediaError`. `video: false` keeps the camera off; `signal` fires when the session ends first.
   */
  acquire(options?: { video?: boolean; signal?: AbortSignal }): Promise<void>;
  /** Stops the tracks it opened (never an app-provided stream's); called once, when the session closes. */
  release(): void;
}

/** Creates the local media of one session. */
export type SessionMediaFactory = (options: { callType: CallType; stream?: MediaStream }) => SessionMedia;

/** Timers and limits a session works with (resolved from the client config). */
export interface SessionSettings {
  /** How long a call rings before the caller gives up on a callee (and a callee stops ringing), in ms. */
  readonly answerTimeout: number;
  /** How often the caller sends `call` again to callees who have not answered, in ms. */
  readonly dialingInterval: number;
  /** How long a link may stay disconnected (or take to connect) before it is given up, in ms. */
  readonly disconnectTimeout: number;
  /** How long a disconnected link waits before it tries an ICE restart, in ms. */
  readonly iceRestartDelay: number;
  /** How long ICE candidates are gathered into one `candidates` signal, in ms. */
  readonly candidateBatchMs: number;
  /** How often a connected session samples connection stats for its `stats` event, in ms (0: never). */
  readonly statsInterval: number;
  /** How often a connected session samples audio levels for `speakersChanged`, in ms (0: never). */
  readonly speakingInterval: number;
  /** Bits per second the session's video may take on the uplink, split among the peers in the call (0: no cap). */
  readonly videoUplinkBitrate: number;
  /** STUN/TURN servers for every peer connection of the session. */
  readonly iceServers: readonly RTCIceServer[];
  /** `'relay'`: media only through the TURN servers, so no participant learns another's IP address. */
  readonly iceTransportPolicy: RTCIceTransportPolicy;
}

/** Everything a session gets from the client that owns it. */
export interface SessionContext {
  readonly transport: SignalingTransport;
  readonly settings: SessionSettings;
  readonly clock: Clock;
  readonly createMedia: SessionMediaFactory;
  /**
   * An outgoing session is about to ring. If a call from the same people already rings here, that is glare,
   * settled as for calls that cross on the wire (the call started by the lower bare JID stays): `false` means
   * theirs stays and this one must not ring.
   */
  readonly mayDial: (session: CallSession) => boolean;
  /** Called once, after the session emitted `closed`. */
  readonly onClosed: (session: CallSession, reason: CloseReason) => void;
  /** The user picked a device in the session (`selectDevice` succeeded): later calls open it too. */
  readonly onDeviceChosen: (kind: 'audioinput' | 'videoinput', deviceId: string) => void;
  /** Errors the session survived or that ended it, for the client's `error` event. */
  readonly onError: (error: MeshcallError, sessionId: string) => void;
}

export type { Unsubscribe };
