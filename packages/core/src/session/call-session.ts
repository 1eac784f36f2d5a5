/**
 * A call session (the seed's QBRTCSession): the participants, the local user's part in the call, one
 * {@link PeerLink} per other participant, the local media, the timers, and the state machine that ties them
 * together. Signals reach a session through {@link CallSession.handleSignal} (the client routes them by
 * session id); anything from someone who is not a participant is dropped before it can change anything.
 *
 * Mesh rules: the initiator offers to every callee in `call`; a callee's `accept` goes to the initiator, and to
 * the other callees once the initiator has taken it (its `cancel answered-elsewhere` names this device, or the
 * link to it connects: see `#toldOthers`); each pair of accepted callees connects with the lower bare JID
 * offering (see `politeness.ts`).
 */
import { Emitter, type EVENT_TYPES, type Subscribable, type Unsubscribe } from '../events/emitter.js';
import type { LocalMedia } from '../media/local-media.js';
import type { LocalMediaState, MediaControls, ScreenShareOptions } from '../media/types.js';
import type {
  AcceptSignal,
  CallSignal,
  CallType,
  CancelSignal,
  HangUpSignal,
  MediaSignal,
  MediaState,
  RejectSignal,
  Signal,
  SignalDescription,
  UserInfo,
} from '../protocol/signal.js';
import { assertUserInfo, DIALING_INTERVAL_RANGE } from '../protocol/validate.js';
import type { PeerStats } from '../stats/types.js';
import type { PresenceUpdate, UndeliverableSignal } from '../transport/transport.js';
import { MeshcallError, type MeshcallErrorCode, toMeshcallError } from '../util/errors.js';
import { type Address, bareJid, type UserId } from '../util/jid.js';
import type { SessionContext, SessionMedia } from './context.js';
import { DevicesInCall } from './devices-in-call.js';
import { MediaPace } from './media-pace.js';
import { type OutgoingMedia, PeerLink, type PeerOutgoing } from './peer-link.js';
import { type PeerSnapshot, PeerSnapshots } from './peer-snapshots.js';
import { isOfferer } from './politeness.js';
import { SpeakerDetector } from './speakers.js';
import { TimerGroup } from './timers.js';
import {
  type CallSessionEvents,
  type CloseReason,
  type PeerState,
  type SessionDirection,
  type SessionState,
  TERMINAL_PEER_STATES,
} from './types.js';

/** What every call may be started or answered with. */
interface CallMediaOptions {
  /**
   * `false` places (or answers) a video call with the camera off (no camera prompt, light off; the others see
   * the camera off, and it can be turned on later). Default: on for video calls.
   */
  readonly video?: boolean | undefined;
}

/** A stream of the app's instead of the devices. */
interface StreamOption {
  /** Use this stream instead of acquiring camera/microphone. meshcall never stops its tracks. Not with `media`. */
  readonly stream?: MediaStream | undefined;
  readonly media?: undefined;
}

/** Media opened before the call. */
interface MediaOption {
  readonly stream?: undefined;
  /**
   * Media opened before the call, typically a lobby's preview (a `LocalMedia` of the call's type, acquired or
   * not): the call sends its tracks as they are, with the choices made on it (camera off, microphone muted,
   * devices), instead of opening the devices again, so the camera light never blinks. The call takes it
   * (`isTakenByCall`) and releases it when it ends. A call that gives way before it goes out to one of the same
   * people ringing here (glare) does not keep it: answer that call with it. Not with `stream`.
   */
  readonly media?: LocalMedia | undefined;
}

/** Options of `start()`: the camera on or off, and a stream or media of the app's (one of them). */
export type StartOptions = CallMediaOptions & (StreamOption | MediaOption);

/** Options of `accept()`: the same as {@link StartOptions}. */
export type AcceptOptions = StartOptions;

/** Media a call took (`StartOptions.media`): it is that call's, and no other call may take it. */
const TAKEN_BY_CALLS = /* @__PURE__ */ new WeakSet<LocalMedia>();

/**
 * Whether a call took `media` (it was given to `start()` or `accept()` as `media`, and not refused): that call
 * releases it when it ends, and its first owner must not. Stays `true` once the call is over (the media is
 * released then, and can serve no other call).
 *
 * @example
 * ```ts
 * await session.accept({}, { media: preview }).catch(() => {});
 * if (!isTakenByCall(preview)) showLobby(preview); // the call did not take it: it is still ours
 * ```
 */
export function isTakenByCall(media: LocalMedia): boolean {
  return TAKEN_BY_CALLS.has(media);
}

/**
 * Throws `invalid-argument` for options `start()` or `accept()` of a `callType` call would refuse: a `media`
 * with a `stream`, of another call type, released, or taken by a call already. For code that must check
 * before it creates a session (a session refused its options stays `new`).
 *
 * @example
 * ```ts
 * assertStartOptions('video', { media: preview }); // throws if the preview cannot go into a video call
 * const session = client.createSession([bob], 'video');
 * await session.start({}, { media: preview });
 * ```
 */
export function assertStartOptions(callType: CallType, { stream, media }: StartOptions): void {
  if (!media) return;
  if (stream) throw new MeshcallError('invalid-argument', 'Pass either a stream or a media, not both');
  if (media.callType !== callType) {
    throw new MeshcallError('invalid-argument', `A ${callType} call cannot use media of a ${media.callType} call`);
  }
  if (media.released) throw new MeshcallError('invalid-argument', 'This media was released: open it again');
  if (TAKEN_BY_CALLS.has(media)) throw new MeshcallError('invalid-argument', 'This media belongs to another call');
}

const EMPTY_USER_INFO: UserInfo = Object.freeze({});

const NOBODY: readonly UserId[] = Object.freeze([]);

/** What a participant's snapshot shows beside their shared screen. */
interface BesideScreen {
  readonly sideCamera: MediaStreamTrack | null;
  readonly screenAudio: MediaStreamTrack | null;
}

const NOTHING_BESIDE_SCREEN: BesideScreen = { sideCamera: null, screenAudio: null };

/**
 * How long a callee waits for the offer of a callee who joined after it before it says its accept to that one
 * again (see `#onAccept`). The offer follows the accept on the same path at once, so this only waits out a loss.
 */
const ACCEPT_AGAIN_MS = 1_500;

/**
 * How long callees in a call wait, after the caller left, for the accept of a callee the caller took just before
 * leaving (see `#letInLastAccepts`): it comes one signal behind the caller's hang-up, or, if it was lost, when
 * that callee says it again (`ACCEPT_AGAIN_MS` later), one more signal's way behind.
 */
const CALLER_GONE_GRACE_MS = ACCEPT_AGAIN_MS + 1_000;

/** Peer states of a link that was lost rather than left. */
const LINK_LOST: ReadonlySet<PeerState> = new Set(['disconnectTimeout', 'failed', 'error']);

/**
 * How often a participant's device coming back online is greeted (our media state, an offer in flight, our accept
 * again: see `handlePresence`). A device whose presence flaps — broken, or flapping on purpose — is greeted once
 * when it comes back and once more at the end of this window, with what is current then.
 */
const PRESENCE_GREETING_MS = 3_000;

/** How much longer than the caller a callee waits for another callee to answer (see `#ring`). */
const OTHER_CALLEE_GRACE_MS = 3_000;

/**
 * A ringing callee takes the call as gone when the caller's dialing re-sends stop for this many of its dialing
 * intervals (plus {@link CALLER_SILENCE_SLACK_MS}, for delivery), while it is online (see `#watchCaller`).
 */
const CALLER_SILENT_INTERVALS = 3;
const CALLER_SILENCE_SLACK_MS = 2_000;
/** How long a ringing callee waits for its server's answer before it takes the caller's silence for its own. */
const CONNECTION_CHECK_MS = 5_000;

const DEFAULT_MEDIA_STATE: LocalMediaState = Object.freeze({
  audioMuted: false,
  videoMuted: false,
  screenSharing: false,
  audioDeviceId: null,
  videoDeviceId: null,
});

/** How a callee's link ends when another device of theirs turned the call down or left (see `#reopen`). */
const REOPENABLE_PEER_STATES: ReadonlySet<PeerState> = new Set<PeerState>(['rejected', 'hungUp', 'notAnswered']);

/** How a link ends when this side gave up on it: the other side may not know (see `handleSignal`). */
const GAVE_UP_ON: ReadonlySet<PeerState> = new Set<PeerState>(['disconnectTimeout', 'failed', 'error']);

/** What tells a participant that our link to them is lost (we did not hang up): see `#tellLinkLost`. */
const LOST_HANGUP = (sessionId: string): HangUpSignal => ({
  kind: 'hangup',
  sessionId,
  userInfo: EMPTY_USER_INFO,
  connectionLost: true,
});

/** Signals that only someone in the call sends. */
const IN_CALL_SIGNALS: ReadonlySet<Signal['kind']> = new Set<Signal['kind']>(['description', 'candidates', 'media']);

/** Peer states in which a participant still counts as part of the call. */
const LIVE_PEER_STATES: ReadonlySet<PeerState> = new Set<PeerState>([
  'new',
  'wait',
  'pending',
  'connecting',
  'checking',
  'connected',
  'disconnected',
]);

/** Peer states of a participant who answered and is (or is about to be) sent media. */
const SENDING_PEER_STATES: ReadonlySet<PeerState> = new Set<PeerState>([
  'pending',
  'connecting',
  'checking',
  'connected',
  'disconnected',
]);

/** One call, from this device's point of view. */
export class CallSession implements Subscribable<CallSessionEvents>, MediaControls {
  /** Type-only: the event map (see {@link EVENT_TYPES}). */
  declare readonly [EVENT_TYPES]?: CallSessionEvents;
  /** Private, so that only the session emits its events and nobody can detach everyone else's listeners. */
  readonly #events: Emitter<CallSessionEvents>;
  /** Unique id of the session, shared by every participant. */
  readonly id: string;
  /** Whether this device started the call. */
  readonly direction: SessionDirection;
  /** Whether the call carries video (`video`) or only audio (`audio`), as chosen by the initiator. */
  readonly callType: CallType;
  /** Who started the call. */
  readonly initiator: UserId;
  /** The local user's bare JID (the transport's `localUser`). */
  readonly localUser: UserId;
  /** Every participant, initiator first, the local user included. */
  readonly participants: readonly UserId[];
  /** Every participant but the local user. */
  readonly opponents: readonly UserId[];

  readonly #ctx: SessionContext;
  readonly #timers: TimerGroup;
  /** Participants whose device came back online again within the greeting window (see `#greet`). */
  readonly #greetingOwed = new Set<UserId>();
  readonly #links = new Map<UserId, PeerLink>();
  /** Media failures already reported (see `#mediaAction`). */
  readonly #reportedMediaFailures = new WeakSet<MeshcallError>();
  /** Which device of each participant is in the call (multi-device rule). */
  readonly #devices = new DevicesInCall();
  /** The other participants who accepted the call (its initiator too, for a callee). */
  readonly #othersJoined = new Set<UserId>();
  /** What `peers` shows of each opponent. */
  readonly #peers: PeerSnapshots;
  /** What each opponent's snapshot showed beside their screen, as last told (`remoteSideCamera`, `remoteScreenAudio`). */
  readonly #toldBesideScreen = new Map<UserId, BesideScreen>();
  /** How often each opponent's media state is taken in, the newest one held back meanwhile, and when that was told. */
  readonly #mediaPace = new MediaPace();
  readonly #heldMedia = new Map<UserId, MediaSignal>();
  readonly #toldMediaFlood = new Map<UserId, number>();
  /** Participants told with a hang-up that we gave up on them (see `handleSignal`). */
  readonly #toldGaveUp = new Set<UserId>();
  /** Participants whose lost link both sides know of: we told them, or they told us (see `#tellLinkLost`). */
  readonly #lossKnown = new Set<UserId>();
  #state: SessionState;
  #closeReason: CloseReason | null = null;
  #closeError: MeshcallError | null = null;
  #userInfo: UserInfo = EMPTY_USER_INFO;
  #startedAt = 0;
  #activeSince: number | null = null;
  /** The callees the caller said, as it left, it had taken in (its hang-up's `inCall`); `null` if it said none. */
  #callerTookIn: ReadonlySet<UserId> | null = null;
  /** Whether `#letInLastAccepts` ran: the caller's leaving is dealt with once. */
  #callerGoneSeen = false;
  #remoteOffer: SignalDescription | null = null;
  /** Callees whose `call` went out to the server at least once (see `#onNotAnswered`). */
  readonly #reached = new Set<UserId>();
  /** The offer sent to each callee in `call` (re-sent while dialing). */
  #offers = new Map<UserId, SignalDescription>();
  /** We took part: `start()` or `accept()` was called (media may still be opening). */
  #weJoined = false;
  /** Outgoing: the `call` has gone out (not yet while the camera prompt of `start()` is open). */
  #callSent = false;
  /** Incoming: our `accept` to the initiator, once it went out (the other callees hear of it later: see `#toldOthers`). */
  #sentAccept: AcceptSignal | null = null;
  /**
   * Incoming, group call: the initiator took our accept (its `cancel answered-elsewhere` named this device, or
   * our link to it connected), and so we told the other callees we joined. Until then they hear nothing from us:
   * had another device of our user accepted at the same moment, they might take this one while the initiator
   * took the other, and our user would be split between them.
   */
  #toldOthers = false;
  /** When our accept was last said again to a re-sent `call` (see `handleSignal`). */
  #acceptSaidAgainAt = Number.NEGATIVE_INFINITY;
  #media: SessionMedia | null = null;
  /**
   * The mute and camera choices made before the media opened (dialing, ringing): what `localMedia` says until
   * then, and how the media opens.
   */
  #chosenBeforeMedia: LocalMediaState = DEFAULT_MEDIA_STATE;
  #mediaSubscriptions: Unsubscribe[] = [];
  /** The caller's dialing interval, as its `call` said (see `#watchCaller`); `null` when it said none. */
  #callerDialing: number | null = null;
  /**
   * Those this device announced itself to for this call (see `SignalingTransport.announceTo`), each with what
   * ends it: everyone in the call with us, once we and they are in.
   */
  readonly #announcedTo = new Map<UserId, () => void>();
  #mediaAbort: AbortController | null = null;
  /** Sends not settled yet, so `terminate()` can wait for the last hang-ups to leave. */
  readonly #inFlight = new Set<Promise<unknown>>();
  /** The media state last told to everyone, so unchanged states are not re-sent. */
  #announced: MediaState | null = null;
  /** How many times the announced media state changed: each `media` signal carries it as `seq`. */
  #mediaSeq = 0;
  readonly #speakers: SpeakerDetector;
  /** Callees whose ended link an accept from another of their devices opened again (see `#reopen`). */
  readonly #reopened = new Set<UserId>();
  /** The device whose reject or hang-up ended a callee's ringing: its own late accept reopens nothing. */
  readonly #endedFrom = new Map<UserId, Address>();
  /** Participants whose link has connected at least once (and so were told the local media state). */
  readonly #everConnected = new Set<UserId>();
  /** How the last participant who had been connected with us left (see `#aloneReason`). */
  #lastLeftAs: PeerState | null = null;
  /** Links whose ending is being told to listeners, with the state they end as (see `#endLink`). */
  readonly #endingAs = new Map<UserId, PeerState>();

  private constructor(
    ctx: SessionContext,
    init: {
      id: string;
      direction: SessionDirection;
      callType: CallType;
      initiator: UserId;
      participants: readonly UserId[];
      state: SessionState;
    },
  ) {
    this.#events = new Emitter((error) => ctx.onError(toMeshcallError(error, 'invalid-state'), init.id));
    this.#ctx = ctx;
    this.#timers = new TimerGroup(ctx.clock);
    this.id = init.id;
    this.direction = init.direction;
    this.callType = init.callType;
    // An audio call has no camera to be on, from the start.
    if (init.callType === 'audio')
      this.#chosenBeforeMedia = Object.freeze({ ...DEFAULT_MEDIA_STATE, videoMuted: true });
    this.initiator = init.initiator;
    this.localUser = ctx.transport.localUser;
    this.participants = Object.freeze([...init.participants]);
    this.opponents = Object.freeze(init.participants.filter((user) => user !== this.localUser));
    this.#state = init.state;
    this.#speakers = new SpeakerDetector(this.participants);
    this.#peers = new PeerSnapshots(
      this.opponents,
      (userId) => this.#links.get(userId),
      (userId) => this.getPeerState(userId),
    );
    for (const userId of this.opponents) this.#links.set(userId, this.#createLink(userId));
  }

  /** Creates an outgoing session (state `new`); `start()` places the call. Used by `CallClient`. */
  static outgoing(ctx: SessionContext, id: string, opponents: readonly UserId[], callType: CallType): CallSession {
    const initiator = ctx.transport.localUser;
    return new CallSession(ctx, {
      id,
      direction: 'outgoing',
      callType,
      initiator,
      participants: [initiator, ...opponents],
      state: 'new',
    });
  }

  /** Creates a ringing session from a received `call`. Used by `CallClient`. */
  static incoming(ctx: SessionContext, from: Address, signal: CallSignal): CallSession {
    const initiator = bareJid(from);
    const participants = [initiator, ...signal.participants.filter((user) => user !== initiator)];
    const session = new CallSession(ctx, {
      id: signal.sessionId,
      direction: 'incoming',
      callType: signal.callType,
      initiator,
      participants,
      state: 'pending',
    });
    session.#ring(from, signal);
    return session;
  }

  /** Current session state. */
  get state(): SessionState {
    return this.#state;
  }

  /** Why the session closed, once it has. */
  get closeReason(): CloseReason | null {
    return this.#closeReason;
  }

  /**
   * The failure that ended the call, when one did: for `mediaError`, the camera or microphone's error (its
   * `code` tells which: `media-permission-denied`, `media-no-device`, `media-device-busy`…), also reported as
   * an `error` event. `null` for every other ending.
   */
  get closeError(): MeshcallError | null {
    return this.#closeError;
  }

  /** The initiator's userInfo from `start()`. */
  get userInfo(): UserInfo {
    return this.#userInfo;
  }

  /**
   * When the call was started, by the initiator's clock (ms since epoch; 0 before `start()`): set by `start()`,
   * and again when the call goes out once the media opened. Another device's clock may disagree with it.
   */
  get startedAt(): number {
    return this.#startedAt;
  }

  /**
   * When the call first became `active` (ms since epoch, by this device's clock), or `null` while it has not:
   * where its duration starts. It stays set through `closing` and `closed`.
   */
  get activeSince(): number | null {
    return this.#activeSince;
  }

  /** One snapshot per opponent. The map (and each entry) is replaced only when something changed. */
  get peers(): ReadonlyMap<UserId, PeerSnapshot> {
    return this.#peers.view;
  }

  /** The local preview stream (current microphone and camera/screen tracks), once media is acquired. */
  get localStream(): MediaStream | null {
    return this.#media?.stream ?? null;
  }

  /** One's camera as sent beside one's shared screen (see `PeerSnapshot.sideCameraTrack`), else `null`. */
  get localSideCamera(): MediaStreamTrack | null {
    return this.#media?.sideCameraTrack ?? null;
  }

  /** Local mute / camera / screen-share state. */
  get localMedia(): LocalMediaState {
    return this.#media?.state ?? this.#chosenBeforeMedia;
  }

  /**
   * The participants speaking now (the local user included), in participant order; sampled every
   * `speakingInterval` ms once connected, announced by `speakersChanged`. Empty once the session is ending.
   */
  get speakers(): readonly UserId[] {
    return this.#isEnding ? NOBODY : this.#speakers.speakers;
  }

  /** The state of the link to `userId` (`unknown` for non-participants). */
  getPeerState(userId: UserId): PeerState {
    return this.#stateOf(userId) ?? 'unknown';
  }

  /** Listens to a session event; returns the function that stops listening. */
  on<K extends keyof CallSessionEvents>(name: K, listener: (payload: CallSessionEvents[K]) => void): Unsubscribe {
    return this.#events.on(name, listener);
  }

  /** Listens to the next occurrence of a session event only; returns the function that cancels it. */
  once<K extends keyof CallSessionEvents>(name: K, listener: (payload: CallSessionEvents[K]) => void): Unsubscribe {
    return this.#events.once(name, listener);
  }

  /** Listener count (of one event, or of all), for leak checks. */
  listenerCount(name?: keyof CallSessionEvents): number {
    return this.#events.listenerCount(name);
  }

  /**
   * Places the call: acquires local media, then rings every opponent (all their devices) with an offer.
   * Rejects with a `MeshcallError` if media cannot be acquired (the session then closes with `mediaError`).
   */
  async start(userInfo: UserInfo = EMPTY_USER_INFO, options: StartOptions = {}): Promise<void> {
    if (this.direction !== 'outgoing' || this.#state !== 'new') {
      throw new MeshcallError('invalid-state', `start() needs a new outgoing session (this one is ${this.#state})`);
    }
    this.#userInfo = freezeUserInfo(userInfo);
    assertStartOptions(this.callType, options);
    // Their call rings here: ours gives way before it goes out, and leaves the media to answer theirs with.
    if (!this.#ctx.mayDial(this)) {
      this.#close('glare');
      return;
    }
    this.#takeMedia(options);
    this.#startedAt = this.#ctx.clock.now();
    this.#weJoined = true;
    this.#setState('pending');
    const media = await this.#acquireMedia(options, this.callType === 'video' && options.video !== false);
    if (!media) return;
    const calls = await Promise.all(
      this.opponents.map(async (userId) => {
        const link = this.#liveLink(userId);
        if (!link) return null;
        try {
          const offer = await link.createOffer(this.#outgoingMedia());
          return { userId, offer };
        } catch (error) {
          // Hung up meanwhile: the offer was cut short on purpose, nothing failed.
          if (!this.#isEnding) this.#reportError(toMeshcallError(error, 'negotiation-failed'), userId);
          link.close('error');
          return null;
        }
      }),
    );
    if (this.#isEnding) return;
    // Their call may have started ringing here while our camera prompt was open: settle that glare now. Ours
    // never went out, so media handed to it goes back to the app, to answer theirs with, as when giving way at once.
    if (!this.#ctx.mayDial(this)) {
      this.#giveMediaBack(options);
      this.#close('glare');
      return;
    }
    // The call starts ringing now, not when start() was called (a camera prompt may have been open a while).
    this.#startedAt = this.#ctx.clock.now();
    for (const call of calls) {
      if (!call) continue;
      this.#links.get(call.userId)?.setState('wait');
      this.#timers.set(`answer:${call.userId}`, this.#ctx.settings.answerTimeout, () =>
        this.#onNotAnswered(call.userId),
      );
    }
    this.#offers = new Map(calls.filter((c) => c !== null).map((c) => [c.userId, c.offer]));
    this.#callSent = true;
    this.#dial();
    this.#endIfAlone();
  }

  /**
   * Answers the ringing call: acquires local media and answers the initiator; the other callees are told once
   * the initiator has taken this answer (see `#toldOthers`). Rejects with a `MeshcallError` if media cannot be
   * acquired (the caller is told with a `reject`, and the session closes with `mediaError`).
   */
  async accept(userInfo: UserInfo = EMPTY_USER_INFO, options: AcceptOptions = {}): Promise<void> {
    if (this.direction !== 'incoming' || this.#state !== 'pending' || this.#weJoined) {
      throw new MeshcallError(
        'invalid-state',
        `accept() needs a ringing incoming session (this one is ${this.#state})`,
      );
    }
    const info = freezeUserInfo(userInfo);
    assertStartOptions(this.callType, options);
    this.#takeMedia(options);
    this.#weJoined = true;
    this.#timers.clear('noAction');
    this.#timers.clear('callerSilent');
    this.#setState('connecting');
    const wantVideo = this.callType === 'video' && options.video !== false;
    const media = await this.#acquireMedia(options, wantVideo, info);
    if (!media) return;
    const link = this.#liveLink(this.initiator);
    const offer = this.#remoteOffer;
    if (!link || !offer) {
      this.#endIfAlone();
      return;
    }
    let answer: SignalDescription;
    try {
      answer = await link.answerOffer(offer, () => this.#outgoingMedia());
    } catch (error) {
      if (this.#isEnding) return; // the caller gave up meanwhile: nothing failed
      // A link that failed has reported why already.
      if (!link.isTerminal) this.#reportError(toMeshcallError(error, 'negotiation-failed'), this.initiator);
      // Nobody knows we answered: say we could not, so nobody waits for us.
      this.#rejectAll(info, 'failed');
      this.#close('connectionLost');
      return;
    }
    if (this.#isEnding) return;
    this.#sentAccept = { kind: 'accept', sessionId: this.id, answer, userInfo: info, shareSections: true };
    this.#send(this.initiator, this.#sentAccept);
    link.enableSignaling();
    this.#expectConnections();
  }

  /**
   * The initiator took our accept: tell the other callees we joined, and connect to those already in. Once.
   * (In a 1:1 call there is nobody else to tell.)
   */
  #tellOthersWeJoined(): void {
    if (this.#toldOthers || !this.#sentAccept || this.#isEnding) return;
    this.#toldOthers = true;
    for (const userId of this.opponents) {
      if (userId === this.initiator || !this.#liveLink(userId)) continue;
      this.#sayAcceptTo(userId);
      if (!this.#othersJoined.has(userId)) continue;
      void this.#connectCallee(userId);
      // A callee in before us who offers to us: it offers once our accept reaches it.
      this.#expectOfferFrom(userId);
    }
    this.#expectConnections();
  }

  /** Tells another callee that we joined (our accept without an answer: they connect to us, see §8). */
  #sayAcceptTo(userId: UserId): void {
    if (!this.#sentAccept) return;
    const { userInfo } = this.#sentAccept;
    this.#send(userId, { kind: 'accept', sessionId: this.id, answer: null, userInfo, shareSections: true });
  }

  /**
   * `userId`, a callee in the call with us, offers to us (the lower JID of the pair) as soon as it has our accept.
   * If the accept was lost (its device was offline a moment, a server dropped it), it takes us for ringing while we
   * wait for its offer: when no offer has come a moment later, our accept is said again, once (and again when its
   * device comes back online, see `handlePresence`).
   */
  #expectOfferFrom(userId: UserId): void {
    if (!isOfferer(userId, this.localUser)) return;
    this.#timers.set(`acceptAgain:${userId}`, ACCEPT_AGAIN_MS, () => {
      if (this.#isLive(userId) && !this.#links.get(userId)?.hasConnection) this.#sayAcceptTo(userId);
    });
  }

  /** Whether we take part in signaling with `userId` yet (see {@link CallSession.#toldOthers}). */
  #inCallWith(userId: UserId): boolean {
    if (this.direction === 'outgoing' || userId === this.initiator) return this.#inCall;
    return this.#toldOthers;
  }

  /**
   * Declines the ringing call; every participant is told. Does nothing once the session is closing (it may
   * have stopped ringing a moment before the user pressed the button).
   */
  reject(userInfo: UserInfo = EMPTY_USER_INFO): void {
    if (this.#isEnding) return;
    if (this.direction !== 'incoming' || this.#state !== 'pending' || this.#weJoined) {
      throw new MeshcallError(
        'invalid-state',
        `reject() needs a ringing incoming session (this one is ${this.#state})`,
      );
    }
    const info = freezeUserInfo(userInfo);
    this.#rejectAll(info);
    this.#close('rejected');
  }

  /**
   * Leaves the call (or cancels it while it is still ringing): participants are told with `hangup`, callees the
   * caller still rings with `cancel`. On an incoming call that has not been answered yet — still ringing, or the
   * camera prompt of `accept()` still open — it declines instead (closes with `rejected`). Does nothing once the
   * session is closing.
   */
  hangUp(userInfo: UserInfo = EMPTY_USER_INFO): void {
    if (this.#isEnding) return;
    if (this.direction === 'incoming' && !this.#sentAccept) {
      // The caller is gone (a hang-up from the listener of its going): nothing to decline, the call ends as it would.
      if (!this.#isLive(this.initiator)) {
        this.#endIfAlone();
        return;
      }
      // Ringing, or answering with our accept not out yet (the camera prompt is open): nobody knows we joined,
      // so this is a decline; otherwise the caller would ring us until its answer timeout.
      this.#rejectAll(freezeUserInfo(userInfo));
      this.#close('rejected');
      return;
    }
    this.#notifyLeaving(freezeUserInfo(userInfo));
    // Nobody left to leave (hanging up from a listener of the last one's going): the call ends as it would have.
    this.#close(this.#everyoneGone() ? this.#aloneReason() : 'hungUp');
  }

  /**
   * Mutes or unmutes the microphone (instant; the device stays open). Before the media opens (dialing,
   * ringing), the choice is kept and the microphone opens muted; once the session ends it does nothing.
   */
  setAudioMuted(muted: boolean): void {
    if (this.#isEnding) return;
    if (this.#media) this.#media.setAudioMuted(muted);
    else this.#chooseBeforeMedia({ audioMuted: muted });
  }

  /**
   * Turns the camera off (released, light off) or on again. Before the media opens (dialing, ringing), the
   * choice is kept: camera off, the call opens without it (as `accept({ video: false })`).
   */
  setVideoMuted(muted: boolean): Promise<void> {
    if (!this.#media) {
      this.#chooseBeforeMedia({ videoMuted: muted });
      return Promise.resolve();
    }
    return this.#mediaAction((media) => media.setVideoMuted(muted));
  }

  #chooseBeforeMedia(choice: Partial<MediaState>): void {
    if (this.#isEnding) return;
    const next = Object.freeze({ ...this.#chosenBeforeMedia, ...choice });
    if (sameMediaState(next, this.#chosenBeforeMedia)) return;
    this.#chosenBeforeMedia = next;
    this.#events.emit('localMediaChanged', { media: mediaStateOf(next) });
  }

  /** Switches to the other camera (see `LocalMedia.switchCamera`): the other side on a phone, else the next listed. */
  switchCamera(): Promise<void> {
    return this.#mediaAction((media) => media.switchCamera());
  }

  /**
   * Uses another microphone or camera; the new track replaces the old one on every link. The device is also
   * what the client's later calls open (its preferred devices), as a user who switched to a headset expects.
   */
  selectDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<void> {
    return this.#mediaAction(async (media) => {
      await media.selectDevice(kind, deviceId);
      this.#ctx.onDeviceChosen(kind, deviceId);
    });
  }

  /**
   * Sends the screen instead of the camera, the camera (if on) as a small side camera beside it, and the sound
   * shared with it (`audio`, by default: the picker offers it where it can), until
   * {@link CallSession.stopScreenShare}. A picker the user cancelled rejects with `media-permission-denied` and is
   * no `error` event (the user knows).
   */
  startScreenShare(options?: ScreenShareOptions): Promise<void> {
    return this.#mediaAction((media) => media.startScreenShare(options), 'media-permission-denied');
  }

  /** Goes back from the screen to the camera. */
  stopScreenShare(): Promise<void> {
    return this.#mediaAction((media) => media.stopScreenShare());
  }

  /**
   * Runs a media change. A failure rejects, for the caller, and is an `error` event too, for whoever shows
   * errors (a camera that will not turn on must not fail silently), except `unreported` (the user's own doing)
   * and the caller's own mistakes (`invalid-state`, `invalid-argument`), which only reject. A command sent
   * after the call ended rejects `invalid-state`; one cut short because the call ended meanwhile (hung up with
   * the screen picker still open) resolves quietly, as `accept()` does: nothing went wrong worth telling.
   */
  async #mediaAction(action: (media: SessionMedia) => Promise<void>, unreported?: MeshcallErrorCode): Promise<void> {
    if (this.#isEnding) throw new MeshcallError('invalid-state', 'The call is over');
    const media = this.#requireMedia();
    try {
      await action(media);
    } catch (error) {
      // Ended meanwhile (hung up with the picker open, a command queued behind the hang-up): nothing to tell.
      if (this.#isEnding) return;
      const failure = toMeshcallError(error, 'media-aborted');
      // A command the app should not have sent (camera on in an audio call) is the caller's to handle.
      const callersMistake = failure.code === 'invalid-state' || failure.code === 'invalid-argument';
      // Two commands that joined one attempt (a double click's screen shares: one picker) share its failure:
      // it is one error to show, not two.
      if (failure.code !== unreported && !callersMistake && !this.#reportedMediaFailures.has(failure)) {
        this.#reportedMediaFailures.add(failure);
        this.#reportError(failure);
      }
      throw failure;
    }
  }

  /** Connection-quality figures of every link that has a connection. */
  async getStats(): Promise<ReadonlyMap<UserId, PeerStats>> {
    const result = new Map<UserId, PeerStats>();
    await Promise.all(
      [...this.#links.values()].map(async (link) => {
        try {
          const stats = await link.getStats();
          if (stats) result.set(link.userId, stats);
        } catch {
          // A link closing mid-call has no stats; the others still do.
        }
      }),
    );
    return result;
  }

  /**
   * Handles a signal of this session. Signals from non-participants, from a device other than the one that
   * joined, or that make no sense in the current state are dropped without any effect.
   */
  handleSignal(from: Address, signal: Signal): void {
    if (this.#isEnding || signal.sessionId !== this.id) return;
    const userId = bareJid(from);
    const link = this.#links.get(userId);
    if (!link) return;
    const pinned = this.#devices.addressOf(userId);
    if (pinned !== undefined && pinned !== from) {
      // Another device of this user accepted too, a moment after the first: the call goes on with the first.
      // Tell the late one, once, so it ends now instead of waiting for connections nobody will make.
      if (signal.kind === 'accept' && this.#devices.shouldTellLate(from)) {
        // The initiator's word decides which device is in: it names the one it took.
        this.#send(
          userId,
          this.direction === 'outgoing'
            ? { kind: 'cancel', sessionId: this.id, reason: 'answered-elsewhere', joined: pinned }
            : { kind: 'hangup', sessionId: this.id, userInfo: EMPTY_USER_INFO },
          from,
        );
      }
      return;
    }
    if (link.isTerminal && GAVE_UP_ON.has(link.state) && IN_CALL_SIGNALS.has(signal.kind)) {
      // We gave up on them (their connection did not come back in time) and the call went on with the others,
      // yet they still try to reach us: tell them, once, so they drop us now rather than at their own timeout.
      if (pinned === from && !this.#toldGaveUp.has(userId)) {
        this.#toldGaveUp.add(userId);
        this.#send(userId, LOST_HANGUP(this.id), from);
      }
      return;
    }
    switch (signal.kind) {
      case 'call':
        // A dialing re-send: this session already rings. If we answered already, the caller never got our
        // accept (its XMPP was down): say it again. The caller ignores duplicates. At most twice per dialing
        // interval: a caller re-sending faster (a bug, or one who would have us send our SDP without end)
        // is not answered each time.
        if (userId === this.initiator) this.#watchCaller();
        if (this.#sentAccept && userId === this.initiator) {
          const now = this.#ctx.clock.now();
          if (now - this.#acceptSaidAgainAt < this.#ctx.settings.dialingInterval / 2) return;
          this.#acceptSaidAgainAt = now;
          this.#send(userId, this.#sentAccept);
        }
        return;
      case 'accept':
        this.#onAccept(userId, from, signal);
        return;
      case 'reject':
        this.#onReject(userId, from, signal);
        return;
      case 'hangup':
        if (link.isTerminal) return;
        if (!this.#othersJoined.has(userId) && userId !== this.initiator) {
          // A callee we still take for ringing: it joined and left before it could tell us (it tells the other
          // callees only once the initiator took its accept). It is gone all the same.
          if (link.state === 'wait') {
            this.#endedFrom.set(userId, from);
            // That user's other devices stop ringing: one of them took the call (and is gone already).
            if (this.direction === 'outgoing') {
              this.#send(
                userId,
                { kind: 'cancel', sessionId: this.id, reason: 'answered-elsewhere', joined: from },
                userId,
              );
            }
            this.#onHangUp(userId, signal);
          }
          // Otherwise a repeat of a lost hang-up, or a reply to our signals after leaving: nothing changes.
          return;
        }
        if (userId === this.initiator && signal.inCall) this.#callerTookIn = new Set(signal.inCall);
        this.#onHangUp(userId, signal);
        return;
      case 'cancel':
        this.#onCancel(userId, signal);
        return;
      case 'candidates':
        // Before our accept went out nobody has a reason to send us candidates: holding them would let a
        // caller pile up as many as it likes while we ring.
        if (pinned === undefined || link.isTerminal || !this.#inCallWith(userId)) return;
        void link.handleCandidates(signal.candidates);
        return;
      case 'description':
        if (!this.#inCallWith(userId) || link.isTerminal) return;
        // A callee joins the caller with its accept (which carries the answer), nothing else: a description
        // from one still ringing would let it in without an accept and open the way for its candidates.
        if (this.direction === 'outgoing' && !this.#othersJoined.has(userId)) return;
        if (!this.#othersJoined.has(userId)) {
          // A description implies the sender joined; its accept may still be on its way.
          this.#othersJoined.add(userId);
          link.setState('pending');
          this.#expectConnections();
        }
        this.#pin(userId, from);
        link.enableSignaling();
        void link.handleDescription(signal.description, () => this.#outgoingMedia());
        return;
      case 'media':
        // Only from the device they joined from: another of their devices (or a stray one) says nothing of it.
        if (pinned === undefined) this.#devices.holdEarlyMedia(from, signal);
        else this.#applyMedia(userId, signal);
        return;
    }
  }

  /**
   * Outgoing: whether the call has gone out (not yet while the camera prompt of `start()` is open, when
   * nobody knows of it). Used by `CallClient` (glare).
   */
  get callSent(): boolean {
    return this.#callSent;
  }

  /**
   * Whether someone besides the initiator has answered this call and is still in it: a call ringing here is
   * then already under way elsewhere. Used by `CallClient` (glare).
   */
  get answeredByOthers(): boolean {
    return [...this.#othersJoined].some((userId) => userId !== this.initiator && this.#isLive(userId));
  }

  /**
   * A device came online (presence). If a participant joined from it, it may have missed signals while it was
   * reconnecting (servers drop headline messages to absent devices), so it gets the local media state again, an
   * offer still unanswered, and our accept if it is a callee that should have offered to us.
   * Used by `CallClient`.
   */
  handlePresence(update: PresenceUpdate): void {
    if (!update.available || this.#isEnding) return;
    const userId = update.user;
    if (this.#devices.addressOf(userId) !== update.address) return;
    this.#greet(userId);
  }

  /**
   * A signal of this session came back undelivered. A `call` that can never reach a callee (the address does
   * not exist, its server is unknown) stops ringing them at once — `unreachable` — instead of for the whole
   * answer timeout; the call goes on with the others, or ends if there are none. Anything else is left to the
   * usual re-sends and timeouts.
   *
   * @returns Whether that callee is `unreachable` now: the bounce is part of the call's story, not an error.
   */
  handleUndeliverable(bounce: UndeliverableSignal): boolean {
    if (this.#isEnding || bounce.sessionId !== this.id || !bounce.permanent || bounce.kind !== 'call') return false;
    if (this.direction !== 'outgoing' || !this.#isRinging(bounce.to)) return false;
    // As when nobody answers: should any device have got the call after all, it stops ringing.
    this.#send(bounce.to, { kind: 'cancel', sessionId: this.id, reason: 'timeout' }, bounce.to);
    // Told as a callee who does not answer (it never will), only sooner.
    this.#endLink(bounce.to, 'unreachable', () => this.#events.emit('notAnswered', { userId: bounce.to }));
    return true;
  }

  /** Greets `userId`'s device back online now, or at the end of the window if it was greeted within it. */
  #greet(userId: UserId): void {
    const greetingWindow = `presenceGreeting:${userId}`;
    if (this.#timers.has(greetingWindow)) {
      this.#greetingOwed.add(userId);
      return;
    }
    this.#timers.set(greetingWindow, PRESENCE_GREETING_MS, () => {
      if (this.#greetingOwed.delete(userId) && !this.#isEnding) this.#greet(userId);
    });
    this.#announceMedia(userId, true);
    const link = this.#liveLink(userId);
    link?.offerAgain();
    // A callee who offers to us and has no connection with us: it may have missed our accept (see `#expectOfferFrom`).
    const waitingForOffer = link && !link.hasConnection && isOfferer(userId, this.localUser);
    if (waitingForOffer && userId !== this.initiator && this.#othersJoined.has(userId) && this.#toldOthers) {
      this.#sayAcceptTo(userId);
    }
  }

  /**
   * Runs now the timers that are overdue by the clock (a ringing call's answer timeout, a callee's), which a
   * browser holds while the machine sleeps or the page is frozen or in the back/forward cache: after a wake-up, a
   * call that rang long ago stops ringing, and one dialed long ago stops dialing. `CallClient` calls it.
   */
  catchUp(): void {
    if (this.#isEnding) return;
    // Held or away, we could not hear the caller's re-sends, nor a late callee's accept: fresh waits, not silences.
    this.#watchCaller();
    if (this.#timers.has('callerGone')) this.#waitForLastAccepts();
    this.#timers.catchUp();
  }

  /**
   * Our own connection is back. What we said while it was down may have been dropped (a signal waits only so
   * long to be sent), and a resumed stream brings no presence to set `handlePresence` off: say our media state
   * again to everyone in the call with us, and any offer still unanswered. Used by `CallClient`.
   */
  handleReconnected(): void {
    this.catchUp();
    if (this.#isEnding) return;
    for (const userId of this.opponents) {
      if (this.#devices.addressOf(userId) === undefined) continue;
      this.#announceMedia(userId, true);
      this.#liveLink(userId)?.offerAgain();
    }
  }

  /** Local media is acquired (its state is set, for announcing, at the end of the acquisition). */
  get #mediaReady(): boolean {
    return this.#announced !== null;
  }

  /** Whether the session is closing or closed. */
  get #isEnding(): boolean {
    return this.#state === 'closing' || this.#state === 'closed';
  }

  /**
   * Whether the others know we are in the call: we placed it, or our accept has gone out. A callee still
   * answering (the camera prompt open) is not in yet.
   */
  get #inCall(): boolean {
    return this.direction === 'outgoing' ? this.#weJoined : this.#sentAccept !== null;
  }

  /**
   * Ends the session for a reason of the client's (`destroyed`, `glare`). With `notify`, participants in the
   * call get `hangup` and callees still ringing get `cancel`, as with `hangUp()`; without, they hear nothing
   * (a crossed call the other side drops too). Used by `CallClient`.
   */
  terminate(reason: CloseReason, { notify }: { readonly notify: boolean }): Promise<void> {
    if (!this.#isEnding) {
      if (notify) this.#notifyLeaving(EMPTY_USER_INFO);
      this.#close(reason);
    }
    return this.#flushed();
  }

  /** Resolves once every signal this session handed to the transport was sent or failed. */
  #flushed(): Promise<void> {
    return Promise.allSettled([...this.#inFlight]).then(() => undefined);
  }

  /** Declines the call to every other participant (`failed`: we tried to answer and could not). */
  #rejectAll(userInfo: UserInfo, reason: 'declined' | 'failed' = 'declined'): void {
    for (const userId of this.opponents) {
      this.#send(userId, { kind: 'reject', sessionId: this.id, reason, userInfo });
    }
  }

  /**
   * Tells everyone who knows we joined that we leave, and cancels the ringing of callees we called. A callee
   * sends its hang-up to every participant: those it had not told it joined yet take a hang-up from a callee
   * they hold for ringing as the end of its ringing. A callee whose accept has not gone out yet declines
   * instead.
   */
  #notifyLeaving(userInfo: UserInfo): void {
    if (this.direction === 'incoming' && !this.#sentAccept) {
      // Answering with our accept not out yet: decline. Still ringing: nobody expects anything from us.
      if (this.#weJoined) this.#rejectAll(userInfo);
      return;
    }
    // The caller names whom it took in: a callee still waiting for the accept of one of them waits for it.
    const inCall =
      this.direction === 'outgoing'
        ? this.opponents.filter((userId) => this.#othersJoined.has(userId) && this.#liveLink(userId))
        : [];
    const hangup: Signal = { kind: 'hangup', sessionId: this.id, userInfo, ...(inCall.length > 0 ? { inCall } : {}) };
    for (const userId of this.opponents) {
      if (!this.#liveLink(userId)) continue;
      if (this.direction === 'incoming' || this.#othersJoined.has(userId)) {
        this.#send(userId, hangup);
      } else if (this.#offers.has(userId)) {
        // What we said on hanging up goes to those who had not answered too.
        const said = Object.keys(userInfo).length > 0 ? { userInfo } : {};
        this.#send(userId, { kind: 'cancel', sessionId: this.id, reason: 'cancelled', ...said });
      }
    }
  }

  #ring(from: Address, signal: CallSignal): void {
    this.#userInfo = signal.userInfo;
    this.#peers.heard(this.initiator, signal.userInfo);
    this.#startedAt = signal.startedAt;
    this.#remoteOffer = signal.offer;
    this.#othersJoined.add(this.initiator);
    // Known address, but no candidates until our accept has gone out: the caller only listens to us then.
    this.#pin(this.initiator, from);
    for (const userId of this.opponents) {
      this.#links.get(userId)?.setState(userId === this.initiator ? 'pending' : 'wait');
    }
    const { answerTimeout } = this.#ctx.settings;
    this.#timers.set('noAction', answerTimeout, () => {
      this.#events.emit('noAction', { userId: this.localUser });
      this.#close('noAction');
    });
    this.#callerDialing = signal.dialingInterval ?? null;
    this.#watchCaller();
    // The caller gives up on a callee who never answers at its answer timeout, and tells only that callee.
    // The other callees count the same timeout from the same moment (give or take delivery), a little longer
    // so that an accept sent at the last moment still counts, and then stop showing that callee as ringing.
    for (const userId of this.opponents) {
      if (userId === this.initiator) continue;
      this.#timers.set(`answer:${userId}`, answerTimeout + OTHER_CALLEE_GRACE_MS, () => {
        if (this.#isRinging(userId)) this.#endLink(userId, 'notAnswered');
      });
    }
  }

  /**
   * While this call rings here, unanswered: the caller says it again every dialing interval (it announces it in
   * the `call`). When those re-sends stop for a few intervals while we are online, the call is gone — cancelled,
   * or answered or declined on another device, and the word of it was lost (this page was cached or asleep) — and
   * it stops ringing (`cancelled`). Not with a caller that announces no interval (older meshcall).
   */
  #watchCaller(): void {
    const interval = this.#callerDialing;
    if (interval === null || this.direction !== 'incoming' || this.#state !== 'pending' || this.#weJoined) return;
    this.#timers.set('callerSilent', CALLER_SILENT_INTERVALS * interval + CALLER_SILENCE_SLACK_MS, () => {
      void this.#onCallerSilent();
    });
  }

  /** Whether our connection answers (see `SignalingTransport.checkConnection`); a check that fails says no. */
  async #connectionWorks(): Promise<boolean> {
    const { transport } = this.#ctx;
    if (!transport.checkConnection) return true;
    try {
      return await transport.checkConnection(CONNECTION_CHECK_MS);
    } catch {
      return false;
    }
  }

  /** The caller's re-sends stopped: the caller is gone, unless the silence is our connection's. */
  async #onCallerSilent(): Promise<void> {
    const transport = this.#ctx.transport;
    // Offline, or online but carrying nothing (stalled in a tunnel): we could not have heard them.
    const deaf = transport.status !== 'online' || !(await this.#connectionWorks());
    // Heard from them meanwhile (the watch started again), or the call moved on.
    if (this.#timers.has('callerSilent') || this.#state !== 'pending' || this.#weJoined) return;
    if (deaf) this.#watchCaller();
    else this.#close('cancelled');
  }

  #onAccept(userId: UserId, from: Address, signal: AcceptSignal): void {
    if (userId === this.initiator || this.#othersJoined.has(userId)) return; // initiators don't accept; duplicates
    const link = this.#liveLink(userId) ?? this.#reopen(userId, from);
    if (!link) return;
    if (this.direction === 'outgoing') {
      if (signal.answer?.type !== 'answer') {
        this.#reportError(new MeshcallError('signal-malformed', `accept from ${userId} carries no answer`), userId);
        return;
      }
      this.#othersJoined.add(userId);
      this.#pin(userId, from);
      this.#timers.clear(`answer:${userId}`);
      link.setState('pending');
      // Other devices of this user stop ringing; the one named may now tell the other callees it joined.
      this.#send(userId, { kind: 'cancel', sessionId: this.id, reason: 'answered-elsewhere', joined: from }, userId);
      this.#peers.heard(userId, signal.userInfo);
      this.#events.emit('accepted', { userId, userInfo: signal.userInfo });
      if (this.#state === 'pending') this.#setState('connecting');
      link.enableSignaling();
      if (signal.shareSections) link.takeShareSections(() => this.#outgoingMedia());
      void link.acceptAnswer(signal.answer);
      this.#expectConnections();
      return;
    }
    this.#othersJoined.add(userId);
    this.#pin(userId, from);
    if (signal.shareSections) link.takeShareSections(() => this.#outgoingMedia());
    link.setState('pending');
    this.#peers.heard(userId, signal.userInfo);
    this.#events.emit('accepted', { userId, userInfo: signal.userInfo });
    // The offerer of our pair just joined and should offer to us now (our accept went out when we joined).
    if (this.#toldOthers) this.#expectOfferFrom(userId);
    // Only once our accept is out (and with it our media): an offer made during the camera prompt would carry
    // no tracks, and would tell them we joined before the others know.
    if (this.#inCallWith(userId)) void this.#connectCallee(userId);
    this.#expectConnections();
  }

  /**
   * A callee's accept after we took them for gone: another device of that user declined, failed or left a moment
   * before, while the caller took this one (which tells the other callees only once the caller took it). That
   * user is in after all: a fresh link. Incoming sessions only (a caller takes the first device's word), once
   * per user, so nobody can make us build links without end, and never for the device that said no or left.
   */
  #reopen(userId: UserId, from: Address): PeerLink | undefined {
    const ended = this.#links.get(userId);
    if (this.direction !== 'incoming' || !ended || !REOPENABLE_PEER_STATES.has(ended.state)) return undefined;
    // The very device that declined or left: its accept was overtaken on the way (a reordering transport).
    if (this.#reopened.has(userId) || this.#endedFrom.get(userId) === from) return undefined;
    this.#reopened.add(userId);
    const link = this.#createLink(userId);
    this.#links.set(userId, link);
    this.#peers.forgetRejection(userId);
    return link;
  }

  #onReject(userId: UserId, from: Address, signal: RejectSignal): void {
    if (this.#othersJoined.has(userId) || userId === this.initiator) return;
    const link = this.#liveLink(userId);
    if (!link) return;
    this.#endedFrom.set(userId, from);
    this.#timers.clear(`answer:${userId}`);
    if (this.direction === 'outgoing') {
      this.#send(userId, { kind: 'cancel', sessionId: this.id, reason: 'rejected-elsewhere' }, userId);
    }
    this.#peers.heard(userId, signal.userInfo, signal.reason);
    const { userInfo, reason } = signal;
    this.#endLink(userId, 'rejected', () => this.#events.emit('rejected', { userId, userInfo, reason }));
  }

  #onCancel(userId: UserId, signal: CancelSignal): void {
    if (userId !== this.initiator || this.direction !== 'incoming') return;
    if (this.#inCall) {
      if (signal.reason === 'timeout' && !this.#toldOthers) {
        // Our accept crossed the caller's answer timeout: the call goes on (or ended) without us, as when the
        // timeout reaches a callee still ringing. Nobody hung up on us.
        this.#events.emit('noAction', { userId: this.localUser });
        this.#close('noAction');
      } else if (signal.reason === 'cancelled' || signal.reason === 'timeout') {
        // The caller gave up while our accept was on its way: it has left the call, as with a hang-up.
        this.#callerHungUp(signal);
      } else if (signal.reason === 'answered-elsewhere') {
        // The caller took an accept of our user. Ours (it names this device, or no device: a caller that does
        // not say) — or that of another device of our user, which accepted at the same moment: then the call
        // goes on there, and nobody but the caller ever heard of this one.
        const here = this.#ctx.transport.localAddress;
        if (signal.joined === undefined || signal.joined === here) this.#tellOthersWeJoined();
        // Our own address unknown for a moment (the connection being restored): decide nothing rather than leave
        // a call we are in; our link to the caller connecting tells the others all the same. Once the others
        // know we are in, or the caller's link to us connected, it is too late to be another device's call: a
        // caller saying so (a bug, or one who would end our call with the others) is not heard.
        else if (here !== null && !this.#toldOthers && !this.#everConnected.has(userId)) {
          this.#close('answeredElsewhere');
        }
      } else if (signal.reason === 'rejected-elsewhere' && !this.#toldOthers && !this.#everConnected.has(userId)) {
        // Another device of our user declined, and the caller took that before our accept, which it drops: the
        // call goes on (or ended) without us. (Once the caller took ours, it never says this.)
        this.#close('rejectedElsewhere');
      }
      return;
    }
    switch (signal.reason) {
      case 'cancelled':
        // The caller hung up before we answered: told as a hang-up (seed: onReceiveHangUpFromUser), with what
        // they said; the call ends as cancelled.
        this.#callerHungUp(signal);
        this.#close('cancelled');
        return;
      case 'timeout':
        this.#events.emit('noAction', { userId: this.localUser });
        this.#close('noAction');
        return;
      case 'answered-elsewhere':
        this.#close('answeredElsewhere');
        return;
      case 'rejected-elsewhere':
        this.#close('rejectedElsewhere');
        return;
    }
  }

  /** The caller left before we were in the call with them: a hang-up, with what they said (if they said it). */
  #callerHungUp(signal: CancelSignal): void {
    const userId = this.initiator;
    const userInfo = signal.userInfo ?? EMPTY_USER_INFO;
    this.#peers.heard(userId, userInfo);
    this.#endLink(userId, 'hungUp', () => this.#events.emit('hungUp', { userId, userInfo }));
  }

  #onNotAnswered(userId: UserId): void {
    if (!this.#liveLink(userId) || this.#othersJoined.has(userId)) return;
    // Queued still, it goes out behind the call if our connection comes back.
    this.#send(userId, { kind: 'cancel', sessionId: this.id, reason: 'timeout' }, userId);
    // The call never left this device, or our connection is down now (their answer may be on its way): we cannot
    // say they did not answer.
    if (!this.#reached.has(userId) || this.#ctx.transport.status !== 'online') this.#endLink(userId, 'failed');
    else this.#endLink(userId, 'notAnswered', () => this.#events.emit('notAnswered', { userId }));
  }

  /** Re-sends `call` to callees that have not answered, every dialing interval, until the answer timeout. */
  #dial(): void {
    if (this.#isEnding) return;
    const { dialingInterval } = this.#ctx.settings;
    let ringing = false;
    for (const [userId, offer] of this.#offers) {
      if (!this.#isRinging(userId)) continue;
      ringing = true;
      const sent = this.#send(userId, {
        kind: 'call',
        sessionId: this.id,
        callType: this.callType,
        participants: this.participants,
        startedAt: this.#startedAt,
        offer,
        userInfo: this.#userInfo,
        // The range a `call` can announce: a faster caller says the least (a longer one says nothing).
        ...(dialingInterval <= DIALING_INTERVAL_RANGE.max
          ? { dialingInterval: Math.max(dialingInterval, DIALING_INTERVAL_RANGE.min) }
          : {}),
      });
      // Reached: handed to a connection that is up, or sent later from the transport's queue.
      if (this.#ctx.transport.status === 'online') this.#reached.add(userId);
      else void sent.then((went) => went && this.#reached.add(userId));
    }
    if (ringing) this.#timers.set('dial', dialingInterval, () => this.#dial());
  }

  /**
   * Once we are in with our media, every link to a participant who is in too must connect within the disconnect
   * timeout (see `PeerLink.expectConnection`). Before that (ringing, or the camera prompt still open) nobody is
   * expected to connect yet.
   */
  #expectConnections(): void {
    if (!this.#weJoined || !this.#mediaReady || this.#isEnding) return;
    // In the call: those in it with us should see this device drop and come back, contacts or not. Not an
    // invitee who has not answered: the list of names is only the caller's word, and our presence is not theirs.
    for (const userId of this.#othersJoined) {
      if (this.#announcedTo.has(userId) || !this.#isLive(userId)) continue;
      this.#announcedTo.set(userId, this.#ctx.transport.announceTo?.([userId]) ?? (() => undefined));
    }
    // Not with callees we have not told we joined yet (the caller's word is still on its way): their clock
    // starts when we tell them.
    for (const userId of this.#othersJoined) if (this.#inCallWith(userId)) this.#liveLink(userId)?.expectConnection();
  }

  /** Connects two accepted callees: the lower JID offers, the other waits for that offer. */
  async #connectCallee(userId: UserId): Promise<void> {
    const link = this.#liveLink(userId);
    if (!link || link.hasConnection || !isOfferer(this.localUser, userId)) return;
    try {
      const offer = await link.createOffer(this.#outgoingMedia());
      if (this.#isEnding || link.isTerminal) return;
      this.#send(userId, { kind: 'description', sessionId: this.id, description: offer });
      link.enableSignaling(); // candidates only after the offer they belong to
    } catch (error) {
      if (this.#isEnding) return;
      this.#reportError(toMeshcallError(error, 'negotiation-failed'), userId);
      this.#endLink(userId, 'error');
    }
  }

  /** The link to `userId` unless it has ended (or `userId` is no participant). */
  #liveLink(userId: UserId): PeerLink | undefined {
    const link = this.#links.get(userId);
    return link && !link.isTerminal && !this.#endingAs.has(userId) ? link : undefined;
  }

  /** The state of the link to `userId`, or the one it is ending as while that is being told (see `#endLink`). */
  #stateOf(userId: UserId): PeerState | undefined {
    return this.#endingAs.get(userId) ?? this.#links.get(userId)?.state;
  }

  #isRinging(userId: UserId): boolean {
    return !this.#othersJoined.has(userId) && this.#stateOf(userId) === 'wait';
  }

  /** Remembers the device a participant answered from; everything for them goes there from now on. */
  #pin(userId: UserId, from: Address): void {
    const early = this.#devices.pin(userId, from);
    if (early) this.#applyMedia(userId, early);
  }

  #applyMedia(userId: UserId, signal: MediaSignal): void {
    if (!this.#mediaPace.take(userId, this.#ctx.clock.now())) {
      this.#holdMedia(userId, signal);
      return;
    }
    const link = this.#links.get(userId);
    if (!link || link.isTerminal || !link.setRemoteMedia(signal.media, signal.seq)) return;
    if (signal.media.screenSharing) link.needShareSections();
    // Off the speakers first: nobody reading the state after the change sees a muted participant speaking.
    if (signal.media.audioMuted) this.#silence(userId);
    this.#peers.changed(userId);
    this.#events.emit('remoteMediaChanged', { userId, media: signal.media });
    this.#tellBesideScreen(userId);
  }

  /** `userId` cannot be heard any more: off the speakers at once, not at the next sample (up to a hold later). */
  #silence(userId: UserId): void {
    if (!this.#isEnding && this.#speakers.silence(userId)) {
      this.#events.emit('speakersChanged', { speakers: this.#speakers.speakers });
    }
  }

  /**
   * A media state that comes too soon after many (see `MediaPace`) waits, the newest one only, and is applied when
   * the pace allows. The flood is told once a minute at most.
   */
  #holdMedia(userId: UserId, signal: MediaSignal): void {
    const waiting = this.#heldMedia.has(userId);
    this.#heldMedia.set(userId, signal);
    if (waiting) return;
    const now = this.#ctx.clock.now();
    if (now - (this.#toldMediaFlood.get(userId) ?? -Infinity) >= 60_000) {
      this.#toldMediaFlood.set(userId, now);
      const error = new MeshcallError('signal-flood', `media states from ${userId} come too often: the newest waits`);
      this.#reportError(error, userId);
    }
    this.#timers.set(`media:${userId}`, this.#mediaPace.wait(userId, now), () => {
      const held = this.#heldMedia.get(userId);
      this.#heldMedia.delete(userId);
      if (held) this.#applyMedia(userId, held);
    });
  }

  /**
   * Emits `remoteSideCamera` / `remoteScreenAudio` when what `userId`'s snapshot shows beside their screen changed
   * (a track came or went, or they started or stopped sharing; see `PeerSnapshot`).
   */
  #tellBesideScreen(userId: UserId): void {
    const peer = this.#peers.view.get(userId);
    const now: BesideScreen = {
      sideCamera: peer?.sideCameraTrack ?? null,
      screenAudio: peer?.screenAudioTrack ?? null,
    };
    const told = this.#toldBesideScreen.get(userId) ?? NOTHING_BESIDE_SCREEN;
    this.#toldBesideScreen.set(userId, now);
    if (now.sideCamera !== told.sideCamera) this.#events.emit('remoteSideCamera', { userId, track: now.sideCamera });
    if (now.screenAudio !== told.screenAudio) {
      this.#events.emit('remoteScreenAudio', { userId, track: now.screenAudio });
    }
  }

  /**
   * Ends the link to `userId` as `state`, then the call if nobody is left. `announce` (the event saying why) is
   * told first, while the session already reads the peer as `state`: a listener that reads the session sees the
   * peer as it now is, and one that hangs up a call left empty (a common habit) does not change how it ended.
   */
  #endLink(userId: UserId, state: PeerState, announce?: () => void): void {
    this.#timers.clear(`answer:${userId}`);
    const link = this.#links.get(userId);
    if (announce && link && !link.isTerminal) {
      // Told before the link closes (its own events follow, as its going causes them), yet as it now is.
      this.#endingAs.set(userId, state);
      if (this.#everConnected.has(userId)) this.#lastLeftAs = state;
      this.#peers.changed(userId);
      try {
        announce();
      } finally {
        this.#endingAs.delete(userId);
      }
    } else announce?.();
    if (link && !link.isTerminal) link.close(state);
    this.#unannounce(userId);
    this.#endIfAlone();
  }

  /**
   * `userId` left the call, or (`connectionLost`) lost its connection to us: then their link ends as lost, as if
   * our own disconnect timeout had passed, and nobody is told they hung up.
   */
  #onHangUp(userId: UserId, signal: HangUpSignal): void {
    // Lost only once they were in the call with us: a ringing call's caller who says so has left it.
    if (signal.connectionLost && this.#inCallWith(userId)) {
      this.#lossKnown.add(userId); // they know: no need to tell them we lost them too
      this.#endLink(userId, this.#everConnected.has(userId) ? 'disconnectTimeout' : 'failed');
      return;
    }
    this.#peers.heard(userId, signal.userInfo);
    this.#endLink(userId, 'hungUp', () => this.#events.emit('hungUp', { userId, userInfo: signal.userInfo }));
  }

  /** `userId` is out of the call: no longer told of this device (a stranger who left stops following it). */
  #unannounce(userId: UserId): void {
    this.#announcedTo.get(userId)?.();
    this.#announcedTo.delete(userId);
  }

  /**
   * Ends the session once nobody else is left: the local user is alone, or (for a callee) the initiator who
   * rang us is gone while we had not answered.
   */
  #endIfAlone(): void {
    if (this.#isEnding) return;
    const initiatorLive = this.#isLive(this.initiator);
    if (this.direction === 'incoming' && !this.#toldOthers) {
      // Ringing, answering with our accept not out yet, or our accept gone to the caller only: nobody else heard
      // of us, and only the caller could let us in.
      if (!initiatorLive) this.#close(this.#inCall ? this.#aloneReason() : 'cancelled');
      return;
    }
    if (this.#state === 'new') return;
    if (!initiatorLive && this.initiator !== this.localUser) this.#letInLastAccepts();
    // Someone still ringing counts while the caller may yet let them in (or its word that it did is on its way).
    const mayJoin = this.initiator === this.localUser || initiatorLive || this.#timers.has('callerGone');
    const anyoneLive = this.opponents.some((userId) => this.#isLive(userId) && (!this.#isRinging(userId) || mayJoin));
    if (anyoneLive) return;
    this.#close(this.#aloneReason());
  }

  /**
   * The caller has gone while others were still ringing. None of them can be let in any more, except one whose
   * accept the caller took just before leaving: that callee tells us itself, one signal behind the caller's
   * hang-up. So they count as ringing a moment longer; then those still ringing are shown as not answering
   * (rather than ringing until the answer timeout), and the call ends if nobody else is in it.
   */
  #letInLastAccepts(): void {
    if (this.#callerGoneSeen) return;
    this.#callerGoneSeen = true;
    const tookIn = this.#callerTookIn;
    const mayStillJoin = (userId: UserId) => this.#isRinging(userId) && (tookIn === null || tookIn.has(userId));
    // First the wait, so that those the caller took in count as in while the others are let go.
    if (this.opponents.some(mayStillJoin)) this.#waitForLastAccepts();
    if (tookIn === null) return;
    // The caller said whom it took in as it left: nobody else can join any more (it cancelled their ringing).
    for (const userId of this.opponents) {
      if (this.#isRinging(userId) && !tookIn.has(userId)) this.#endLink(userId, 'notAnswered');
    }
  }

  /**
   * The wait of `#letInLastAccepts`, afresh. Not while we are offline: we could not have heard those accepts.
   * For callees the caller named as taken in, as long as a link may take to connect (their accept comes two
   * trips over their link behind the caller's word, however slow that link is); else a moment.
   */
  #waitForLastAccepts(): void {
    const wait = this.#callerTookIn === null ? CALLER_GONE_GRACE_MS : this.#ctx.settings.disconnectTimeout;
    this.#timers.set('callerGone', wait, () => {
      if (this.#ctx.transport.status !== 'online') {
        this.#waitForLastAccepts();
        return;
      }
      for (const userId of this.opponents) if (this.#isRinging(userId)) this.#endLink(userId, 'notAnswered');
      this.#endIfAlone();
    });
  }

  /** Whether every other participant's link has ended (the call is over but for its closing). */
  #everyoneGone(): boolean {
    return this.opponents.every((userId) => {
      const state = this.#stateOf(userId);
      return state !== undefined && !LIVE_PEER_STATES.has(state);
    });
  }

  #isLive(userId: UserId): boolean {
    if (userId === this.localUser) return true;
    const state = this.#stateOf(userId);
    return state !== undefined && LIVE_PEER_STATES.has(state);
  }

  #aloneReason(): CloseReason {
    // A call that took place ends as its last participant left it: their link lost, or gone of their own
    // accord (someone who declined or hung up earlier does not make a lost call look like a hang-up).
    if (this.#lastLeftAs !== null) return LINK_LOST.has(this.#lastLeftAs) ? 'connectionLost' : 'remoteEnded';
    // A call that never took place ends as its most telling outcome: someone who answered could not be
    // connected; someone who answered left; someone never answered (not everyone said no); everyone said no.
    const states = new Set(this.opponents.map((userId) => this.#stateOf(userId)));
    if ([...LINK_LOST].some((state) => states.has(state))) return 'connectionLost';
    if (states.has('hungUp')) return 'remoteEnded';
    if (states.has('notAnswered') || states.has('unreachable')) return 'notAnswered';
    return 'remoteEnded';
  }

  #createLink(userId: UserId): PeerLink {
    const settings = this.#ctx.settings;
    const link = new PeerLink({
      userId,
      polite: !isOfferer(this.localUser, userId),
      video: this.callType === 'video',
      iceServers: settings.iceServers,
      iceTransportPolicy: settings.iceTransportPolicy,
      clock: this.#ctx.clock,
      disconnectTimeout: settings.disconnectTimeout,
      iceRestartDelay: settings.iceRestartDelay,
      candidateBatchMs: settings.candidateBatchMs,
      send: (signal) => this.#sendFromLink(userId, signal),
    });
    // A link made while we share (a participant taken in again, see `#reopen`) wants the share sections too.
    if (this.#media?.state.screenSharing) link.needShareSections();
    link.on('state', ({ state, previous }) => this.#onPeerState(userId, state, previous));
    link.on('track', ({ slot, track, stream }) => {
      this.#peers.changed(userId);
      if (slot === 'audio' || slot === 'video') this.#events.emit('remoteTrack', { userId, kind: slot, track, stream });
      else this.#tellBesideScreen(userId);
    });
    link.on('trackEnded', ({ slot, track }) => {
      this.#peers.changed(userId);
      if (slot === 'audio' || slot === 'video') this.#events.emit('remoteTrackEnded', { userId, kind: slot, track });
      else this.#tellBesideScreen(userId);
    });
    link.on('error', (error) => this.#reportError(error, userId));
    return link;
  }

  /**
   * Splits the video uplink budget evenly among the peers in the call: those who answered and whose link is not
   * over (a callee still ringing receives nothing yet). Runs on every link state change; links ignore repeats.
   */
  #shareVideoUplink(): void {
    const budget = this.#ctx.settings.videoUplinkBitrate;
    if (budget === 0 || this.callType !== 'video') return;
    const inCall = [...this.#links.values()].filter((link) => SENDING_PEER_STATES.has(link.state));
    const share = Math.floor(budget / Math.max(1, inCall.length));
    for (const link of inCall) link.setMaxVideoBitrate(share);
  }

  #onPeerState(userId: UserId, state: PeerState, previous: PeerState): void {
    // Off the speakers first: nobody reading the state after the change sees someone who left speaking. And the
    // way the last one connected went noted before any listener (who may hang up an empty call) hears of it.
    if (TERMINAL_PEER_STATES.has(state)) {
      this.#silence(userId);
      this.#unannounce(userId);
    }
    if (TERMINAL_PEER_STATES.has(state) && this.#everConnected.has(userId) && state !== 'closed') {
      this.#lastLeftAs = state;
    }
    this.#peers.changed(userId);
    this.#shareVideoUplink();
    this.#events.emit('peerStateChanged', { userId, state, previous });
    switch (state) {
      case 'connecting':
        this.#events.emit('peerConnecting', { userId });
        break;
      case 'connected':
        this.#events.emit('peerConnected', { userId });
        // The initiator connects only with the device it took: a lost confirmation must not keep us from the others.
        if (userId === this.initiator && this.direction === 'incoming') this.#tellOthersWeJoined();
        // On the first connection only (a reconnect changes nothing they know), even if it came after a
        // failed first attempt and an ICE restart.
        if (!this.#everConnected.has(userId)) {
          this.#everConnected.add(userId);
          this.#announceMedia(userId);
        }
        if (this.#state === 'connecting' || this.#state === 'pending') this.#setState('active');
        this.#startStats();
        this.#startSpeakerDetection();
        break;
      case 'disconnected':
        this.#events.emit('peerDisconnected', { userId });
        break;
      case 'failed':
        this.#events.emit('peerFailed', { userId });
        break;
      case 'disconnectTimeout':
        this.#events.emit('peerDisconnectTimeout', { userId });
        break;
      default:
        break;
    }
    if (TERMINAL_PEER_STATES.has(state)) {
      const joined = previous !== 'new' && previous !== 'wait';
      if (joined) this.#events.emit('peerClosed', { userId });
      // A link that failed or timed out on its own ends like a departure. While we answer, `accept()` sees
      // the failure itself and declines openly.
      const answering = this.#weJoined && !this.#inCall;
      if (joined && LINK_LOST.has(state) && !answering) {
        // Say why, for the app's logs and support (a negotiation `error` was reported as it happened).
        if (state !== 'error') this.#reportLinkFailure(userId, state, this.#lossKnown.has(userId));
        this.#tellLinkLost(userId);
      }
      if ((state === 'failed' || state === 'disconnectTimeout' || state === 'error') && !answering) {
        queueMicrotask(() => this.#endIfAlone());
      }
    }
  }

  /**
   * Reports why the link to `userId` ended `failed` or `disconnectTimeout` (`peer-connection-failed`): found here,
   * or `told` by their device, which gave up first; with what our ICE servers said, which may be the cause.
   */
  #reportLinkFailure(userId: UserId, state: PeerState, told: boolean): void {
    const said = this.#links.get(userId)?.iceServerErrors ?? [];
    const why = told
      ? `${userId}'s device gave up on it`
      : state === 'failed'
        ? 'ICE found no path that works'
        : `it did not come back within ${this.#ctx.settings.disconnectTimeout} ms`;
    const what =
      state === 'failed'
        ? `No connection to ${userId} could be made: ${why}`
        : `The connection to ${userId} dropped: ${why}`;
    const servers = said.length > 0 ? `; ${said.join('; ')}` : '';
    this.#reportError(new MeshcallError('peer-connection-failed', `${what}${servers}`), userId);
  }

  /**
   * Our link to `userId` is gone for good (it failed, or stayed down past our disconnect timeout): tell them,
   * so that they stop trying to restore it and do not take our silence for a hang-up (`connectionLost`).
   */
  #tellLinkLost(userId: UserId): void {
    if (this.#lossKnown.has(userId)) return;
    this.#lossKnown.add(userId);
    this.#send(userId, LOST_HANGUP(this.id));
  }

  #startStats(): void {
    this.#repeat('stats', this.#ctx.settings.statsInterval, async () => {
      const stats = await this.getStats();
      if (!this.#isEnding) this.#events.emit('stats', { stats });
    });
  }

  #startSpeakerDetection(): void {
    this.#repeat('speakers', this.#ctx.settings.speakingInterval, async () => {
      const levels = await this.#audioLevels();
      if (!this.#isEnding && this.#speakers.update(levels, this.#ctx.clock.now())) {
        this.#events.emit('speakersChanged', { speakers: this.#speakers.speakers });
      }
    });
  }

  /** Runs `work` every `interval` ms (0: never) until the session ends; each run waits for the one before. */
  #repeat(name: string, interval: number, work: () => Promise<void>): void {
    if (interval <= 0 || this.#timers.has(name)) return;
    const tick = async () => {
      await work();
      if (!this.#isEnding) this.#timers.set(name, interval, () => void tick());
    };
    this.#timers.set(name, interval, () => void tick());
  }

  /** The audio level of everyone who can be heard now: connected and not muted. */
  async #audioLevels(): Promise<Map<UserId, number>> {
    const levels = new Map<UserId, number>();
    const [first] = [...this.#links.values()].filter((link) => link.state === 'connected');
    // The microphone is the same on every link: one link's sender tells its level.
    const local = first && !this.localMedia.audioMuted ? await first.localAudioLevel().catch(() => null) : null;
    if (local !== null && !this.localMedia.audioMuted) levels.set(this.localUser, local);
    // Read after that wait, and used at once: someone who muted or left meanwhile is not taken for speaking.
    for (const link of this.#links.values()) {
      if (link.state === 'connected' && !link.media?.audioMuted) levels.set(link.userId, link.remoteAudioLevel());
    }
    return levels;
  }

  /** The media handed to `start()` or `accept()` (checked already) is this session's from now on. */
  #takeMedia({ media }: StartOptions): void {
    if (!media) return;
    TAKEN_BY_CALLS.add(media);
  }

  /** Undoes {@link CallSession.#takeMedia} before the session closes: the media is the app's again, not released. */
  #giveMediaBack({ media }: StartOptions): void {
    if (!media || this.#media !== media) return;
    for (const unsubscribe of this.#mediaSubscriptions) unsubscribe();
    this.#mediaSubscriptions = [];
    this.#media = null;
    TAKEN_BY_CALLS.delete(media);
  }

  async #acquireMedia(
    { stream, media: given }: StartOptions,
    video: boolean,
    rejectInfo?: UserInfo,
  ): Promise<SessionMedia | null> {
    // Ended already (hung up from a state listener): the media taken is released with nothing else to do.
    if (this.#isEnding) {
      given?.release();
      return null;
    }
    let media: SessionMedia;
    try {
      media = given ?? this.#ctx.createMedia({ callType: this.callType, ...(stream ? { stream } : {}) });
    } catch (error) {
      throw this.#failMedia(error, rejectInfo);
    }
    this.#media = media;
    // What the media announces while it is being acquired is announced once, below, when it is ready.
    this.#mediaSubscriptions.push(
      media.on('trackChanged', ({ kind, track, source }) => {
        if (!this.#mediaReady) return;
        for (const link of this.#links.values()) {
          void link.replaceTrack(kind, track);
          if (source === 'screen') link.needShareSections();
        }
        this.#events.emit('localTrack', { kind, track, source });
      }),
      media.on('sideCameraChanged', ({ track }) => {
        if (!this.#mediaReady) return;
        for (const link of this.#links.values()) void link.replaceTrack('sideCamera', track);
        this.#events.emit('localSideCamera', { track });
      }),
      media.on('screenAudioChanged', ({ track }) => {
        if (!this.#mediaReady) return;
        for (const link of this.#links.values()) void link.replaceTrack('screenAudio', track);
      }),
      media.on('stateChanged', () => this.#announceMedia()),
      media.on('error', (error) => this.#reportError(error)),
    );
    const abort = new AbortController();
    this.#mediaAbort = abort;
    try {
      if (this.#chosenBeforeMedia.audioMuted) media.setAudioMuted(true);
      const wantVideo = video && !this.#chosenBeforeMedia.videoMuted;
      await media.acquire({ video: wantVideo, signal: abort.signal });
      // Media opened beforehand kept its camera: turn it off if the call is to start without.
      if (!wantVideo && !media.state.videoMuted) await media.setVideoMuted(true);
    } catch (error) {
      if (this.#isEnding) return null;
      throw this.#failMedia(error, rejectInfo);
    } finally {
      this.#mediaAbort = null;
    }
    if (this.#isEnding) return null;
    const audio = media.audioTrack;
    const videoTrack = media.videoTrack;
    if (audio) this.#events.emit('localTrack', { kind: 'audio', track: audio, source: 'microphone' });
    const videoSource = media.state.screenSharing ? 'screen' : 'camera';
    if (videoTrack) this.#events.emit('localTrack', { kind: 'video', track: videoTrack, source: videoSource });
    if (media.sideCameraTrack) this.#events.emit('localSideCamera', { track: media.sideCameraTrack });
    // Media handed over already sharing (a lobby's "present"): no share starts later to ask for the sections.
    if (media.state.screenSharing) for (const link of this.#links.values()) link.needShareSections();
    this.#announced = mediaStateOf(media.state);
    this.#events.emit('localMediaChanged', { media: this.#announced });
    return media;
  }

  /** The media could not be opened (or made): told, and the session closes with `mediaError`. Returns the error. */
  #failMedia(error: unknown, rejectInfo: UserInfo | undefined): MeshcallError {
    const failure = toMeshcallError(error, 'media-aborted');
    this.#reportError(failure);
    // The user said yes: the others hear that answering failed, not that the call was declined.
    if (rejectInfo) this.#rejectAll(rejectInfo, 'failed');
    if (!this.#isEnding) this.#closeError = failure;
    this.#close('mediaError');
    return failure;
  }

  #outgoingMedia(): OutgoingMedia {
    const media = this.#requireMedia();
    return {
      audio: media.audioTrack,
      video: media.videoTrack,
      sideCamera: media.sideCameraTrack,
      screenAudio: media.screenAudioTrack,
      stream: media.stream,
    };
  }

  #requireMedia(): SessionMedia {
    if (!this.#media) throw new MeshcallError('invalid-state', 'local media is not acquired yet');
    return this.#media;
  }

  /**
   * Tells joined participants about the local mute / camera / screen state: everyone on a change, or just
   * `only` when its link comes up (and only if something is off, since "all on" is what peers assume, unless
   * `always`: the peer may hold a stale state).
   */
  #announceMedia(only?: UserId, always = false): void {
    // Not before our media is ready: a state from before (the camera prompt still open) is not ours yet.
    if (!this.#media || !this.#mediaReady || this.#isEnding) return;
    const media = mediaStateOf(this.#media.state);
    if (only === undefined) {
      this.#events.emit('localMediaChanged', { media });
      // Device switches change the local state but nothing the other side sees: send nothing then.
      if (this.#announced && sameMediaState(this.#announced, media)) return;
      this.#announced = media;
      this.#mediaSeq++;
    } else if (!always && !media.audioMuted && !media.videoMuted && !media.screenSharing) return;
    for (const userId of only ? [only] : this.opponents) {
      if (!this.#liveLink(userId) || !this.#othersJoined.has(userId) || this.#devices.addressOf(userId) === undefined)
        continue;
      // Not to callees we have not told we joined: they hear our state when our link to them connects.
      if (!this.#inCallWith(userId)) continue;
      this.#send(userId, { kind: 'media', sessionId: this.id, media, seq: this.#mediaSeq });
    }
  }

  #sendFromLink(userId: UserId, signal: PeerOutgoing): void {
    if (signal.kind === 'candidates') {
      this.#send(userId, { kind: 'candidates', sessionId: this.id, candidates: signal.candidates });
    } else {
      this.#send(userId, { kind: 'description', sessionId: this.id, description: signal.description });
    }
  }

  /**
   * Sends to `address`, else to the device `userId` joined from, else to all of their devices (bare JID);
   * resolves to whether it went out (a failure is reported as an error event).
   */
  #send(userId: UserId, signal: Signal, address?: Address): Promise<boolean> {
    const to = address ?? this.#devices.addressOf(userId) ?? userId;
    const sending = this.#ctx.transport.send(to, signal).then(
      () => true,
      (error: unknown) => {
        if (!this.#isEnding) this.#reportError(toMeshcallError(error, 'send-failed'), userId);
        return false;
      },
    );
    this.#inFlight.add(sending);
    void sending.finally(() => this.#inFlight.delete(sending));
    return sending;
  }

  #setState(state: SessionState): void {
    if (this.#state === state || this.#state === 'closed') return;
    const previous = this.#state;
    this.#state = state;
    if (state === 'active') this.#activeSince ??= this.#ctx.clock.now();
    this.#events.emit('stateChanged', { state, previous });
  }

  #reportError(error: MeshcallError, userId?: UserId): void {
    this.#events.emit('error', userId === undefined ? { error } : { error, userId });
    this.#ctx.onError(error, this.id);
  }

  /** Ends the session and releases links, timers, media and listeners. Idempotent. */
  #close(reason: CloseReason): void {
    if (this.#isEnding) return;
    this.#closeReason = reason;
    this.#setState('closing');
    this.#events.emit('closing', { reason });
    this.#timers.clearAll();
    this.#mediaAbort?.abort();
    for (const [userId, link] of this.#links) {
      // A link whose ending is being told (a listener of it hung up) ends as told.
      link.close(link.isTerminal ? link.state : (this.#endingAs.get(userId) ?? 'closed'));
      link.clear();
    }
    for (const unsubscribe of this.#mediaSubscriptions) unsubscribe();
    this.#mediaSubscriptions = [];
    this.#media?.release();
    for (const userId of [...this.#announcedTo.keys()]) this.#unannounce(userId);
    this.#setState('closed');
    this.#events.emit('closed', { reason });
    this.#events.clear();
    this.#ctx.onClosed(this, reason);
  }
}

/** Checks `userInfo` against the protocol's limits up front (so a call never fails half-sent) and freezes a copy. */
function freezeUserInfo(userInfo: UserInfo): UserInfo {
  if (userInfo === EMPTY_USER_INFO) return userInfo;
  assertUserInfo(userInfo);
  return Object.freeze({ ...userInfo });
}

function sameMediaState(a: MediaState, b: MediaState): boolean {
  return (
    a.audioMuted === b.audioMuted &&
    a.videoMuted === b.videoMuted &&
    a.screenSharing === b.screenSharing &&
    Boolean(a.screenAudio) === Boolean(b.screenAudio)
  );
}

function mediaStateOf(state: LocalMediaState): MediaState {
  const media = { audioMuted: state.audioMuted, videoMuted: state.videoMuted, screenSharing: state.screenSharing };
  return state.screenAudio ? { ...media, screenAudio: true } : media;
}
