/**
 * The client configuration: defaults and validation. Every value is checked once, here, and a bad value
 * fails `new CallClient()` with a `MeshcallError('invalid-config')` that names the field, so a typo never
 * surfaces later as a call that silently never rings.
 */
import type { MediaConstraintsByKind } from '../media/types.js';
import type { CallType, UserInfo } from '../protocol/signal.js';
import type { SessionMediaFactory, SessionSettings } from '../session/context.js';
import type { SignalingTransport } from '../transport/transport.js';
import { type Clock, MAX_TIMER_MS, systemClock } from '../util/clock.js';
import { MeshcallError } from '../util/errors.js';
import type { UserId } from '../util/jid.js';

/** What happens to an incoming call while the local user is already in one. */
export type BusyPolicy =
  /** Decline it automatically with reason `busy` (the client emits `busyRejected`). */
  | 'reject'
  /** Let it ring alongside; the app decides. */
  | 'ring';

/** A call about to ring, as `allowCall` sees it. */
export interface IncomingCallRequest {
  /** The call's session id. */
  readonly sessionId: string;
  /** Who calls: the caller's bare JID, as its server vouches for it. */
  readonly from: UserId;
  /** Audio or video. */
  readonly callType: CallType;
  /** Everyone the call names, the caller and the local user included. */
  readonly participants: readonly UserId[];
  /** What the caller's app attached to the call. */
  readonly userInfo: UserInfo;
}

/** Configuration of a `CallClient`. Only `transport` is required. */
export interface CallClientConfig {
  /** Carries signals: `MemoryNetwork.createTransport(…)` or an `XmppTransport`. */
  readonly transport: SignalingTransport;
  /** How long a call rings before the caller gives up (`notAnswered`) and the callee stops ringing (`noAction`). Default 60 000 ms. */
  readonly answerTimeout?: number | undefined;
  /** How often the caller re-sends `call` to callees that have not answered (devices coming online). Default 3 000 ms. */
  readonly dialingInterval?: number | undefined;
  /**
   * How long a dropped connection may try to recover (ICE restart) before the peer is dropped, and how long a
   * link may take to connect once both sides are in the call. Default 30 000 ms.
   */
  readonly disconnectTimeout?: number | undefined;
  /**
   * Delay before an ICE restart after the connection dropped. Default 2 000 ms. The impolite side of a link
   * restarts after it (at once on `failed`), never later than a third of `disconnectTimeout`; the polite side
   * after twice that, as a fallback.
   */
  readonly iceRestartDelay?: number | undefined;
  /** STUN/TURN servers. `turn:`/`turns:` entries need `username` and `credential`. Default `[]` (host candidates only). */
  readonly iceServers?: readonly RTCIceServer[] | undefined;
  /**
   * Which paths media may take. `'all'` (default): direct when possible. `'relay'`: only through the TURN
   * servers of `iceServers`, so participants never learn each other's IP addresses (neither from the
   * candidates in the signals nor from the media packets) — for apps whose users must not be located by
   * whom they call. Needs at least one `turn:`/`turns:` server.
   */
  readonly iceTransportPolicy?: RTCIceTransportPolicy | undefined;
  /** Most participants in a call, the local user included (a full mesh; 4 is the sensible maximum). Default 4. */
  readonly maxParticipants?: number | undefined;
  /** What to do with a call that arrives while in another call. Default `'reject'`. */
  readonly busyPolicy?: BusyPolicy | undefined;
  /**
   * Screens incoming calls: `false` drops the call as a device that is offline would, with no ring, no
   * `incomingCall` and no reply of any kind (not even the busy policy's), so the caller learns nothing of this
   * device, not even that it is online; its call rings on until its own answer timeout. Anyone on any XMPP
   * server can call, so an app that takes calls only from its contacts says so here:
   * `allowCall: ({ from }) => roster.has(from)`. Asked once per call (its re-sends are dropped too), before
   * the busy policy; a call crossing one this device is placing to the same people is let through. A screener
   * that throws drops the call (and the error is logged). Default: every call may ring.
   */
  readonly allowCall?: ((call: IncomingCallRequest) => boolean) | undefined;
  /**
   * getUserMedia constraints per kind, used when a call acquires camera and microphone, and by a lobby's preview
   * made with `CallClient.createMedia`.
   */
  readonly media?: MediaConstraintsByKind | undefined;
  /** Interval of the sessions' `stats` events in ms; 0 turns them off. Default 0. */
  readonly statsInterval?: number | undefined;
  /**
   * How often a connected session samples audio levels to tell who is speaking (`speakers`,
   * `speakersChanged`), in ms; 0 turns it off. Default 200.
   */
  readonly speakingInterval?: number | undefined;
  /** How long local ICE candidates are collected into one signal. Default 20 ms. */
  readonly candidateBatchMs?: number | undefined;
  /**
   * How many bits per second this device's video may take on its uplink, all peers together. A mesh sends
   * one copy of the video to each peer, and each connection's congestion control would otherwise aim as high
   * as a 1:1 call's on the same uplink: in a group the budget is split evenly among the peers in the call
   * (2.5 Mbit/s: one peer up to 2.5, two 1.25 each, three 0.83 each), and re-split as people join and
   * leave. In bits per second, a whole number from 150 000 to 10⁹; 0 leaves every connection to the browser.
   * Default 2 500 000.
   */
  readonly videoUplinkBitrate?: number | undefined;
  /**
   * When the page goes away (`pagehide`: tab closed, reload, navigation), hang up the calls in progress and
   * cancel the ones being dialed, so the others see this user leave at once instead of after the disconnect
   * timeout. A call still ringing here is left alone: another device of the user may answer it. Default true.
   */
  readonly hangUpOnPageHide?: boolean | undefined;
  /** Time source for every timer. Default: the system clock. */
  readonly clock?: Clock | undefined;
  /**
   * Creates the local media of a session (advanced: custom capture). `CallClient.createMedia` (a lobby's
   * preview) makes its media with it too, and needs a `LocalMedia` from it then. Default: `LocalMedia`.
   */
  readonly createMedia?: SessionMediaFactory | undefined;
}

/** The configuration with every default filled in. */
export interface ResolvedConfig extends SessionSettings {
  /** Most participants in a call, the local user included: an integer from 2 to 16 (default 4). */
  readonly maxParticipants: number;
  /** What happens to a call that arrives while in another one (default `'reject'`). */
  readonly busyPolicy: BusyPolicy;
  /** The call screener, if any (see `CallClientConfig.allowCall`). */
  readonly allowCall: ((call: IncomingCallRequest) => boolean) | undefined;
  /** Whether `pagehide` hangs up the calls in progress and cancels the ones being dialed (default `true`). */
  readonly hangUpOnPageHide: boolean;
  /** getUserMedia constraints per kind for the default `LocalMedia`; `{}` when none were given. */
  readonly media: NonNullable<CallClientConfig['media']>;
  /** Time source for every timer (default: the system clock). */
  readonly clock: Clock;
}

/** Default values, exported for documentation and tests. */
export const DEFAULT_CONFIG = Object.freeze({
  answerTimeout: 60_000,
  dialingInterval: 3_000,
  disconnectTimeout: 30_000,
  iceRestartDelay: 2_000,
  maxParticipants: 4,
  busyPolicy: 'reject' as BusyPolicy,
  statsInterval: 0,
  speakingInterval: 200,
  candidateBatchMs: 20,
  videoUplinkBitrate: 2_500_000,
});

/** The smallest `videoUplinkBitrate` (other than 0, no cap): less cannot carry a moving picture to three peers. */
export const MIN_VIDEO_UPLINK_BITRATE = 150_000;

/** The largest `videoUplinkBitrate`: 1 Gbit/s, far above what any camera sends. */
export const MAX_VIDEO_UPLINK_BITRATE = 1_000_000_000;

/** Hard ceiling of `maxParticipants`: the protocol carries at most 16, a mesh is sensible up to 4. */
export const MAX_PARTICIPANTS_LIMIT = 16;

function invalid(message: string): MeshcallError {
  return new MeshcallError('invalid-config', message);
}

/** The settings given in milliseconds. */
type DurationName =
  | 'answerTimeout'
  | 'dialingInterval'
  | 'disconnectTimeout'
  | 'iceRestartDelay'
  | 'statsInterval'
  | 'speakingInterval'
  | 'candidateBatchMs';

/** `config[name]`, or its default when absent; throws unless it is a number of ms from `min` to {@link MAX_TIMER_MS}. */
function duration(config: CallClientConfig, name: DurationName, min: number): number {
  const value = config[name];
  if (value === undefined) return DEFAULT_CONFIG[name];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > MAX_TIMER_MS) {
    throw invalid(`${name} must be a number of milliseconds from ${min} to ${MAX_TIMER_MS} (got ${String(value)})`);
  }
  return value;
}

/** A sampling interval: 0 (off) or at least `min` ms. */
function interval(config: CallClientConfig, name: 'statsInterval' | 'speakingInterval', min: number): number {
  const value = duration(config, name, 0);
  if (value > 0 && value < min) throw invalid(`${name} must be 0 (off) or at least ${min} ms`);
  return value;
}

/** Whether `server` names a TURN relay (the only kind a `'relay'` policy can use). */
function hasTurnUrl(server: RTCIceServer): boolean {
  const urls = typeof server.urls === 'string' ? [server.urls] : server.urls;
  return urls.some((url) => /^turns?:/i.test(url));
}

function checkIceServers(servers: unknown): readonly RTCIceServer[] {
  if (servers === undefined) return [];
  if (!Array.isArray(servers)) throw invalid('iceServers must be an array of RTCIceServer');
  return servers.map((server: unknown, index) => {
    if (typeof server !== 'object' || server === null) throw invalid(`iceServers[${index}] must be an object`);
    const { urls, username, credential } = server as RTCIceServer;
    const list = typeof urls === 'string' ? [urls] : urls;
    if (!Array.isArray(list) || list.length === 0 || !list.every((url) => typeof url === 'string')) {
      throw invalid(`iceServers[${index}].urls must be a URL or a non-empty list of URLs`);
    }
    for (const url of list) {
      if (!/^(stun|stuns|turn|turns):/.test(url))
        throw invalid(`iceServers[${index}]: "${url}" is not a stun:/turn: URL`);
      if (/^turns?:/.test(url) && (typeof username !== 'string' || typeof credential !== 'string')) {
        throw invalid(`iceServers[${index}]: TURN server "${url}" needs username and credential`);
      }
    }
    return Object.freeze({ ...(server as RTCIceServer) });
  });
}

/** The shortest `statsInterval` (other than 0, off): sampling faster only costs CPU. */
export const MIN_STATS_INTERVAL_MS = 100;

function videoUplinkBitrate(config: CallClientConfig): number {
  const value = config.videoUplinkBitrate ?? DEFAULT_CONFIG.videoUplinkBitrate;
  const inRange = value >= MIN_VIDEO_UPLINK_BITRATE && value <= MAX_VIDEO_UPLINK_BITRATE;
  if (typeof value !== 'number' || !Number.isInteger(value) || (value !== 0 && !inRange)) {
    throw invalid(
      `videoUplinkBitrate must be 0 (no cap) or bits per second from ${MIN_VIDEO_UPLINK_BITRATE} to ${MAX_VIDEO_UPLINK_BITRATE} (got ${String(value)})`,
    );
  }
  return value;
}

/** `media`: per kind, `true`/`false` or getUserMedia constraints (an object). */
function checkMedia(media: unknown): MediaConstraintsByKind {
  if (media === undefined) return {};
  const isKind = (value: unknown) => value === undefined || typeof value === 'boolean' || isObject(value);
  if (!isObject(media) || !isKind(media.audio) || !isKind(media.video)) {
    throw invalid('media must be an object whose audio and video are true, false or track constraints');
  }
  return media as MediaConstraintsByKind;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Fills in defaults and validates; throws `MeshcallError('invalid-config')` naming the bad field. */
export function resolveConfig(config: CallClientConfig): ResolvedConfig {
  if (typeof config !== 'object' || config === null) throw invalid('a configuration object is required');
  const { transport } = config;
  if (!transport || typeof transport.send !== 'function' || typeof transport.on !== 'function') {
    throw invalid('transport must be a SignalingTransport (MemoryNetwork.createTransport or XmppTransport)');
  }
  const answerTimeout = duration(config, 'answerTimeout', 1);
  const dialingInterval = duration(config, 'dialingInterval', 1);
  if (dialingInterval > answerTimeout) throw invalid('dialingInterval must not be longer than answerTimeout');
  const maxParticipants = config.maxParticipants ?? DEFAULT_CONFIG.maxParticipants;
  if (!Number.isInteger(maxParticipants) || maxParticipants < 2 || maxParticipants > MAX_PARTICIPANTS_LIMIT) {
    throw invalid(
      `maxParticipants must be an integer from 2 to ${MAX_PARTICIPANTS_LIMIT} (got ${String(maxParticipants)})`,
    );
  }
  const busyPolicy = config.busyPolicy ?? DEFAULT_CONFIG.busyPolicy;
  if (busyPolicy !== 'reject' && busyPolicy !== 'ring') throw invalid(`busyPolicy must be 'reject' or 'ring'`);
  const allowCall = config.allowCall;
  if (allowCall !== undefined && typeof allowCall !== 'function') throw invalid('allowCall must be a function');
  const iceServers = checkIceServers(config.iceServers);
  const iceTransportPolicy = config.iceTransportPolicy ?? 'all';
  if (iceTransportPolicy !== 'all' && iceTransportPolicy !== 'relay') {
    throw invalid(`iceTransportPolicy must be 'all' or 'relay'`);
  }
  if (iceTransportPolicy === 'relay' && !iceServers.some(hasTurnUrl)) {
    throw invalid(`iceTransportPolicy 'relay' needs a turn: or turns: server in iceServers`);
  }
  const hangUpOnPageHide = config.hangUpOnPageHide ?? true;
  if (typeof hangUpOnPageHide !== 'boolean') throw invalid('hangUpOnPageHide must be true or false');
  const clock = config.clock ?? systemClock;
  if (!(['now', 'setTimeout', 'clearTimeout'] as const).every((name) => typeof clock?.[name] === 'function')) {
    throw invalid('clock must have now, setTimeout and clearTimeout functions');
  }
  if (config.createMedia !== undefined && typeof config.createMedia !== 'function') {
    throw invalid('createMedia must be a function');
  }
  return Object.freeze({
    answerTimeout,
    dialingInterval,
    disconnectTimeout: duration(config, 'disconnectTimeout', 1),
    iceRestartDelay: duration(config, 'iceRestartDelay', 0),
    candidateBatchMs: duration(config, 'candidateBatchMs', 0),
    statsInterval: interval(config, 'statsInterval', MIN_STATS_INTERVAL_MS),
    speakingInterval: interval(config, 'speakingInterval', 50),
    videoUplinkBitrate: videoUplinkBitrate(config),
    iceServers: Object.freeze(iceServers),
    iceTransportPolicy,
    maxParticipants,
    busyPolicy,
    allowCall,
    hangUpOnPageHide,
    media: Object.freeze({ ...checkMedia(config.media) }),
    clock,
  });
}
