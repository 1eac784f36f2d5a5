/**
 * The playground's simulated world: one local user and a few simulated participants, each a real `CallClient`
 * on one in-page `MemoryNetwork`, with real `RTCPeerConnection`s carrying synthetic media (an animated canvas
 * with the person's name and a quiet tone). The local user is driven through `<VideoCall>`; the simulated
 * people are driven from a control panel (or a story's script): accept, decline, don't answer, leave, lose
 * the network, call the local user, or be busy in a call with someone off stage (so that their client turns
 * the local user's calls down as busy, as a real one would). The local user's client has `busyPolicy: 'ring'`:
 * someone who calls them during a call rings as call waiting.
 *
 * Browser only (WebRTC, canvas, Web Audio). Create one per story and `dispose()` it.
 */
import {
  CallClient,
  type CallSession,
  type CallType,
  LocalMedia,
  type MediaDevicesLike,
  MemoryNetwork,
  type PeerState,
  type UserId,
} from '@meshcall/core';
import { createSyntheticStream, type SyntheticStream } from '@meshcall/core/testing';

/** A person in the playground. */
export interface PlaygroundPerson {
  readonly id: UserId;
  readonly name: string;
  /** Colour of their synthetic camera picture (0–359). */
  readonly hue: number;
}

/** What a simulated participant does when called. */
export type AutoAnswer = 'manual' | 'accept' | 'reject' | 'ignore';

/** Where a simulated participant is at. */
export type SimulatedStatus = 'idle' | 'ringing' | 'calling' | 'in-call' | 'busy' | 'offline';

/** A simulated participant as the control panel shows it. Immutable; replaced on change. */
export interface SimulatedParticipant extends PlaygroundPerson {
  readonly status: SimulatedStatus;
  readonly autoAnswer: AutoAnswer;
  /** Their link to the local user, while in a call with them. */
  readonly linkToYou: PeerState | null;
  readonly audioMuted: boolean;
  readonly videoMuted: boolean;
  /** Their tone is loud enough to count as speech (see {@link CallPlayground.toggleTalking}). */
  readonly talking: boolean;
  /** Sharing a (synthetic) screen. */
  readonly screenSharing: boolean;
  readonly callType: CallType | null;
}

/** Options of {@link CallPlayground}. */
export interface CallPlaygroundOptions {
  /** The local user (driven through `<VideoCall>`). */
  readonly local: PlaygroundPerson;
  /** The simulated participants (1–3: a call has at most 4 people). */
  readonly people: readonly PlaygroundPerson[];
  /** What each simulated participant does when called, by id. Default `manual`. */
  readonly autoAnswer?: Readonly<Record<UserId, AutoAnswer>>;
  /** How long calls ring before giving up, in ms. Default 20 s, so "don't answer" ends in a watchable time. */
  readonly answerTimeout?: number;
  /** How long a dropped link may try to recover, in ms. Default 8 s. */
  readonly disconnectTimeout?: number;
  /** Delay of automatic answers, in ms (a person takes a moment to pick up). Default 700. */
  readonly answerDelay?: number;
  /** Volume of the simulated participants' tones (0–1). Default 0.015: audible, not a chord to endure. */
  readonly volume?: number;
}

interface Simulated {
  readonly person: PlaygroundPerson;
  readonly client: CallClient;
  autoAnswer: AutoAnswer;
  session: CallSession | null;
  media: SyntheticStream | null;
  /** Their call with the off-stage person, which makes them busy. */
  otherCall: CallSession | null;
  talking: boolean;
  offline: boolean;
  /** Whether they lost the network during a call (their peer connections closed): restoring it hangs up. */
  droppedCall: boolean;
  /** Their automatic answer on its way (see `#answerLater`), if any. */
  answerTimer: ReturnType<typeof setTimeout> | null;
  unsubscribe: (() => void) | null;
}

/** Every peer connection of the page, so "lose network" can close a participant's own connections. */
const peerConnections = new Set<RTCPeerConnection>();
let patchedBy = 0;
let OriginalPeerConnection: typeof RTCPeerConnection | null = null;

function watchPeerConnections(): () => void {
  if (patchedBy++ === 0) {
    const Original = window.RTCPeerConnection;
    OriginalPeerConnection = Original;
    window.RTCPeerConnection = class extends Original {
      constructor(config?: RTCConfiguration) {
        super(config);
        peerConnections.add(this);
      }
    };
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--patchedBy === 0 && OriginalPeerConnection) {
      window.RTCPeerConnection = OriginalPeerConnection;
      OriginalPeerConnection = null;
      peerConnections.clear();
    }
  };
}

/**
 * Whom the simulated participants are busy with: a client of the playground's network that nobody sees and
 * that answers every call, audio only and silent, however many of them are busy at once (its busy policy is
 * `ring`, so a second call is answered too rather than turned down as busy).
 */
const OFF_STAGE: PlaygroundPerson = { id: 'someone-else@example.test', name: 'Someone else', hue: 0 };

/** The tone of a participant who "talks": well above core's speaking threshold (≈0.018). */
const TALKING_VOLUME = 0.08;

/** The playground: see the module comment. */
export class CallPlayground {
  /** The in-page signaling network. */
  readonly network: MemoryNetwork;
  /** The local user's client: give it to `<CallProvider>`. */
  readonly client: CallClient;
  readonly local: PlaygroundPerson;
  readonly #people = new Map<UserId, PlaygroundPerson>();
  readonly #simulated = new Map<UserId, Simulated>();
  readonly #listeners = new Set<() => void>();
  readonly #localMedia = new Set<SyntheticStream>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #answerDelay: number;
  readonly #volume: number;
  readonly #releasePeerConnections: () => void;
  readonly #offLocal: () => void;
  readonly #offStage: CallClient;
  readonly #offStageMedia = new Set<SyntheticStream>();
  /** The synthetic screens being shared. */
  readonly #screens = new Set<SyntheticStream>();
  /** The pending `until()` waits: `dispose()` rejects them, so that no timer outlives the playground. */
  readonly #waits = new Set<(error: Error) => void>();
  #snapshot: readonly SimulatedParticipant[] = [];
  #disposed = false;

  constructor(options: CallPlaygroundOptions) {
    const config = {
      answerTimeout: options.answerTimeout ?? 20_000,
      dialingInterval: Math.min(3_000, options.answerTimeout ?? 20_000),
      disconnectTimeout: options.disconnectTimeout ?? 8_000,
      iceRestartDelay: 1_000,
    };
    this.#answerDelay = options.answerDelay ?? 700;
    this.#volume = options.volume ?? 0.015;
    this.#releasePeerConnections = watchPeerConnections();
    this.network = new MemoryNetwork({ latencyMs: 5 });
    this.local = options.local;
    this.#people.set(options.local.id, options.local);
    this.client = new CallClient({
      transport: this.network.createTransport(options.local.id),
      ...config,
      // A call that comes in during another one rings ("End call and accept" in `<VideoCall>`), instead of
      // being turned down as busy unseen: "Call you" during a call must show something.
      busyPolicy: 'ring',
    });
    // The local user's synthetic media lives as long as they have a call.
    this.#offLocal = this.client.on('sessionRemoved', () => {
      if (this.client.sessions.size > 0) return;
      for (const media of this.#localMedia) media.stop();
      this.#localMedia.clear();
    });
    this.#offStage = new CallClient({
      transport: this.network.createTransport(OFF_STAGE.id),
      ...config,
      busyPolicy: 'ring',
    });
    this.#offStage.on('incomingCall', ({ session }) => {
      const media = this.#synthetic(OFF_STAGE, false, 0);
      this.#offStageMedia.add(media);
      session.once('closed', () => {
        media.stop();
        this.#offStageMedia.delete(media);
      });
      session.accept({}, { stream: media.stream }).catch(() => undefined);
    });
    for (const person of options.people) {
      this.#people.set(person.id, person);
      const client = new CallClient({
        transport: this.network.createTransport(person.id),
        ...config,
        // Their synthetic camera, and a synthetic screen to share instead of a screen picker.
        createMedia: ({ callType, stream }) =>
          new LocalMedia({ callType, ...(stream ? { stream } : {}), mediaDevices: this.#screenOf(person) }),
      });
      const simulated: Simulated = {
        person,
        client,
        autoAnswer: options.autoAnswer?.[person.id] ?? 'manual',
        session: null,
        media: null,
        otherCall: null,
        talking: false,
        offline: false,
        droppedCall: false,
        answerTimer: null,
        unsubscribe: null,
      };
      this.#simulated.set(person.id, simulated);
      client.on('incomingCall', ({ session }) => this.#onIncoming(simulated, session));
    }
    this.#publish();
  }

  /** The display name of anyone in the playground. Stable: pass it to `<VideoCall getDisplayName>`. */
  readonly displayName = (userId: UserId): string => this.#people.get(userId)?.name ?? userId;

  /**
   * A synthetic camera and microphone for the local user (for `<VideoCall getLocalStream>`); stopped when the
   * local user has no call left. A video call always gets the synthetic camera, even when it is answered
   * without video (`video: false`): the call then starts with the camera off, and turning it on later sends
   * this camera, instead of opening the machine's real one.
   */
  readonly localStream = ({ callType = 'video' }: { callType?: CallType } = {}): MediaStream => {
    const media = this.#synthetic(this.local, callType === 'video', 0.01);
    this.#localMedia.add(media);
    return media.stream;
  };

  /** Listens for changes of {@link CallPlayground.participants} (for `useSyncExternalStore`). */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** The simulated participants, as the control panel shows them. Same array until something changes. */
  readonly participants = (): readonly SimulatedParticipant[] => this.#snapshot;

  /**
   * Resolves once `id`'s status is `status` (and their link to the local user, if given, is `link`); rejects
   * after `timeout` ms. For story scripts: "wait until Alice is in the call, then…". `dispose()` ends every
   * pending wait at once, rejecting it with an `AbortError` (see {@link isPlaygroundAbort}): a script that
   * still waits when its story is left stops there.
   */
  until(id: UserId, status: SimulatedStatus, link?: PeerState, timeout = 20_000): Promise<void> {
    if (this.#disposed) return Promise.reject(disposedError());
    const matches = () => {
      const participant = this.#snapshot.find((p) => p.id === id);
      return participant?.status === status && (link === undefined || participant.linkToYou === link);
    };
    if (matches()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const settle = (error?: Error) => {
        clearTimeout(timer);
        off();
        this.#waits.delete(settle);
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(
        () => settle(new Error(`${id} did not reach ${status}${link ? `/${link}` : ''} within ${timeout} ms`)),
        timeout,
      );
      const off = this.subscribe(() => {
        if (matches()) settle();
      });
      this.#waits.add(settle);
    });
  }

  /** The local user places a call to some of the simulated participants (returns the session id). */
  async call(ids: readonly UserId[], callType: CallType = 'video'): Promise<string> {
    const session = this.client.createSession(ids, callType);
    await session.start({ name: this.local.name }, { stream: this.localStream({ callType }) });
    return session.id;
  }

  /** A simulated participant calls the local user (and optionally others too, making it a group call). */
  async callFrom(id: UserId, callType: CallType = 'video', others: readonly UserId[] = []): Promise<void> {
    const simulated = this.#get(id);
    if (simulated.session) return;
    const session = simulated.client.createSession([this.local.id, ...others], callType);
    this.#track(simulated, session);
    simulated.media = this.#synthetic(simulated.person, callType === 'video', this.#volumeOf(simulated));
    await session.start({ name: simulated.person.name }, { stream: simulated.media.stream });
  }

  /** What `id` does when called, from now on: a call ringing them now is answered that way too. */
  setAutoAnswer(id: UserId, mode: AutoAnswer): void {
    const simulated = this.#get(id);
    simulated.autoAnswer = mode;
    const session = simulated.session;
    if (session?.direction === 'incoming' && session.state === 'pending') this.#answerLater(simulated, session);
    this.#publish();
  }

  /** `id` answers their ringing call. */
  async accept(id: UserId): Promise<void> {
    const simulated = this.#get(id);
    const session = simulated.session;
    if (session?.direction !== 'incoming' || session.state !== 'pending') return;
    simulated.media ??= this.#synthetic(simulated.person, session.callType === 'video', this.#volumeOf(simulated));
    await session.accept({ name: simulated.person.name }, { stream: simulated.media.stream });
  }

  /** `id` declines their ringing call. */
  reject(id: UserId): void {
    const session = this.#get(id).session;
    if (session?.direction === 'incoming' && session.state === 'pending') session.reject();
  }

  /** `id` hangs up (or cancels the call they are placing). */
  leave(id: UserId): void {
    this.#get(id).session?.hangUp();
  }

  /** `id` mutes or unmutes their microphone. */
  toggleMicrophone(id: UserId): void {
    const session = this.#get(id).session;
    session?.setAudioMuted(!session.localMedia.audioMuted);
    this.#publish();
  }

  /** `id` starts or stops "talking": their tone gets loud enough for the speaking ring, or quiet again. */
  toggleTalking(id: UserId): void {
    const simulated = this.#get(id);
    simulated.talking = !simulated.talking;
    simulated.media?.setVolume(this.#volumeOf(simulated));
    this.#publish();
  }

  /** `id` starts or stops sharing their screen (a synthetic slide): it takes the stage of everyone else's call. */
  async toggleScreen(id: UserId): Promise<void> {
    const session = this.#get(id).session;
    if (session?.callType !== 'video') return;
    if (session.localMedia.screenSharing) await session.stopScreenShare();
    else await session.startScreenShare();
  }

  /** `id` turns their camera off or on. */
  async toggleCamera(id: UserId): Promise<void> {
    const session = this.#get(id).session;
    if (session?.callType === 'video') await session.setVideoMuted(!session.localMedia.videoMuted);
  }

  /**
   * `id` loses their network: no signal reaches or leaves them (a partition from everyone). In a call, their
   * peer connections close too, so the others see the media stop and their links drop (then time out, since no
   * ICE restart can get through). While their call rings, only the signals stop: a ringing callee never
   * answers (the caller's call rings out, theirs ends once the caller falls silent), and a caller's call is
   * missed on the other side once it falls silent there.
   */
  loseNetwork(id: UserId): void {
    const simulated = this.#get(id);
    if (simulated.offline) return;
    simulated.offline = true;
    simulated.droppedCall = statusOf(simulated.session) === 'in-call';
    for (const other of this.#people.keys()) if (other !== id) this.network.partition(id, other);
    // While it rings, the connections its call's offer was made on wait for an answer: they stay.
    if (!simulated.droppedCall) {
      this.#publish();
      return;
    }
    const ownTracks = new Set(simulated.media?.stream.getTracks() ?? []);
    for (const pc of peerConnections) {
      if (pc.signalingState === 'closed') {
        peerConnections.delete(pc);
        continue;
      }
      if (pc.getSenders().some((sender) => sender.track !== null && ownTracks.has(sender.track))) pc.close();
    }
    this.#publish();
  }

  /**
   * `id` takes a call with someone off stage, or ends it. While it lasts their client is busy, and its busy
   * policy turns the local user's calls down with reason `busy`. Their status is `busy` once that call is
   * answered (the off-stage person answers at once, whoever calls). Ignored while `id` is in a call of the
   * playground or offline.
   */
  async setBusy(id: UserId, busy: boolean): Promise<void> {
    const simulated = this.#get(id);
    if (!busy) {
      simulated.otherCall?.hangUp();
      return;
    }
    if (simulated.otherCall || simulated.session || simulated.offline) return;
    const call = simulated.client.createSession([OFF_STAGE.id], 'audio');
    simulated.otherCall = call;
    const media = this.#synthetic(simulated.person, false, 0);
    const offState = call.on('stateChanged', () => this.#publish());
    call.once('closed', () => {
      offState();
      media.stop();
      if (simulated.otherCall === call) simulated.otherCall = null;
      this.#publish();
    });
    this.#publish();
    await call.start({ name: simulated.person.name }, { stream: media.stream });
  }

  /**
   * `id` is back online. A call they dropped out of is over for them (they hang it up); a call that was ringing
   * goes on ringing if it still does (the caller's next re-sent call gets through).
   */
  restoreNetwork(id: UserId): void {
    const simulated = this.#get(id);
    if (!simulated.offline) return;
    for (const other of this.#people.keys()) if (other !== id) this.network.heal(id, other);
    simulated.offline = false;
    if (simulated.droppedCall) simulated.session?.hangUp();
    simulated.droppedCall = false;
    // An answer that fell due while they were away (their "When called") is given now.
    const session = simulated.session;
    if (session?.direction === 'incoming' && session.state === 'pending') this.#answerLater(simulated, session);
    this.#publish();
  }

  /** Ends every call, destroys every client and stops every synthetic source. Idempotent. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    for (const settle of [...this.#waits]) settle(disposedError());
    this.#offLocal();
    this.#listeners.clear();
    await this.client.destroy();
    await this.#offStage.destroy();
    for (const media of this.#offStageMedia) media.stop();
    for (const simulated of this.#simulated.values()) {
      simulated.unsubscribe?.();
      await simulated.client.destroy();
      simulated.media?.stop();
    }
    for (const media of [...this.#localMedia, ...this.#screens]) media.stop();
    this.#localMedia.clear();
    this.#screens.clear();
    this.#releasePeerConnections();
  }

  #get(id: UserId): Simulated {
    const simulated = this.#simulated.get(id);
    if (!simulated) throw new Error(`${id} is not a simulated participant of this playground`);
    return simulated;
  }

  /** A quiet hum, below the speaking threshold, or a louder "talking" tone above it. */
  #volumeOf(simulated: Simulated): number {
    return simulated.talking ? TALKING_VOLUME : this.#volume;
  }

  /**
   * Media devices whose screen picker hands over a synthetic slide at once; it stops drawing when its track
   * ends (sharing stopped) or the playground goes.
   */
  #screenOf(person: PlaygroundPerson): MediaDevicesLike {
    return {
      getUserMedia: () => Promise.reject(new DOMException('only synthetic media here', 'NotAllowedError')),
      enumerateDevices: async () => [],
      getDisplayMedia: async () => {
        const screen = createSyntheticStream({
          label: `${person.name}'s slides`,
          hue: (person.hue + 180) % 360,
          width: 1280,
          height: 720,
        });
        this.#screens.add(screen);
        const [track] = screen.stream.getVideoTracks();
        const stop = track?.stop.bind(track);
        if (track && stop) {
          // Stopped by meshcall when sharing ends: the canvas stops drawing too.
          track.stop = () => {
            stop();
            screen.stop();
            this.#screens.delete(screen);
          };
        }
        return new MediaStream(screen.stream.getVideoTracks());
      },
    };
  }

  #synthetic(person: PlaygroundPerson, video: boolean, volume: number): SyntheticStream {
    return createSyntheticStream({ label: person.name, hue: person.hue, video, volume, width: 480, height: 360 });
  }

  #onIncoming(simulated: Simulated, session: CallSession): void {
    if (simulated.offline || simulated.session) return;
    this.#track(simulated, session);
    this.#answerLater(simulated, session);
  }

  /** Answers `session` after the answer delay as `simulated`'s "when called" says then, unless it is manual. */
  #answerLater(simulated: Simulated, session: CallSession): void {
    // One answer on its way at a time: a "When called" changed, or the network back, sets it afresh.
    if (simulated.answerTimer) {
      clearTimeout(simulated.answerTimer);
      this.#timers.delete(simulated.answerTimer);
      simulated.answerTimer = null;
    }
    if (simulated.autoAnswer !== 'accept' && simulated.autoAnswer !== 'reject') return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      simulated.answerTimer = null;
      // Offline, they never hear it ring (the answer would go nowhere).
      if (simulated.session !== session || simulated.offline) return;
      if (simulated.autoAnswer === 'accept') this.accept(simulated.person.id).catch(() => undefined);
      else if (simulated.autoAnswer === 'reject') this.reject(simulated.person.id);
    }, this.#answerDelay);
    this.#timers.add(timer);
    simulated.answerTimer = timer;
  }

  /** Follows `session` of `simulated` until it closes, republishing the panel's snapshot on every change. */
  #track(simulated: Simulated, session: CallSession): void {
    simulated.unsubscribe?.();
    simulated.session = session;
    const changed = () => this.#publish();
    const offs = [
      session.on('stateChanged', changed),
      session.on('peerStateChanged', changed),
      session.on('localMediaChanged', changed),
      session.on('closed', () => {
        for (const off of offs) off();
        if (simulated.session === session) {
          simulated.session = null;
          simulated.unsubscribe = null;
          simulated.media?.stop();
          simulated.media = null;
        }
        this.#publish();
      }),
    ];
    simulated.unsubscribe = () => {
      for (const off of offs) off();
    };
    this.#publish();
  }

  #publish(): void {
    this.#snapshot = [...this.#simulated.values()].map(
      ({ person, session, otherCall, autoAnswer, offline, talking }) => ({
        ...person,
        autoAnswer,
        status: offline ? 'offline' : !session && answered(otherCall) ? 'busy' : statusOf(session),
        linkToYou: session && session.state !== 'closed' ? session.getPeerState(this.local.id) : null,
        audioMuted: session?.localMedia.audioMuted ?? false,
        videoMuted: session ? session.callType === 'video' && session.localMedia.videoMuted : false,
        talking,
        screenSharing: session?.localMedia.screenSharing ?? false,
        callType: session?.callType ?? null,
      }),
    );
    for (const listener of this.#listeners) listener();
  }
}

/** Whether `call` was answered and is not over. */
function answered(call: CallSession | null): boolean {
  return call?.state === 'connecting' || call?.state === 'active';
}

/** The abort that `dispose()` rejects pending waits with: a DOMException named `AbortError`. */
class PlaygroundDisposed extends DOMException {
  constructor() {
    super('The playground was disposed', 'AbortError');
  }
}

function disposedError(): Error {
  return new PlaygroundDisposed();
}

/** Whether `error` only says that the playground was disposed (e.g. a story script waiting when its story was left). */
export function isPlaygroundAbort(error: unknown): boolean {
  return error instanceof PlaygroundDisposed;
}

function statusOf(session: CallSession | null): SimulatedStatus {
  if (!session) return 'idle';
  switch (session.state) {
    case 'new':
    case 'pending':
      return session.direction === 'incoming' ? 'ringing' : 'calling';
    case 'connecting':
    case 'active':
      return 'in-call';
    default:
      return 'idle';
  }
}
