/**
 * One `RTCPeerConnection` to one remote participant, and everything that belongs to that link alone:
 * offer/answer, trickled ICE candidates (batched out, buffered in until the remote description is set),
 * "perfect negotiation" for renegotiation and ICE restarts, connection state, recovery timers and stats.
 *
 * The session decides *when* to offer or answer and *where* signals go; the link only knows how.
 */
import { Emitter } from '../events/emitter.js';
import { SIGNAL_LIMITS } from '../protocol/limits.js';
import type { MediaState, SignalCandidate, SignalDescription } from '../protocol/signal.js';
import { type StatsSample, summarizeStats } from '../stats/summarize.js';
import type { PeerStats } from '../stats/types.js';
import type { Clock } from '../util/clock.js';
import { MeshcallError } from '../util/errors.js';
import type { UserId } from '../util/jid.js';
import { TimerGroup } from './timers.js';
import { type PeerState, TERMINAL_PEER_STATES } from './types.js';

/** What a link asks the session to send to its peer. */
export type PeerOutgoing =
  | { readonly kind: 'candidates'; readonly candidates: readonly SignalCandidate[] }
  | { readonly kind: 'description'; readonly description: SignalDescription };

/**
 * What a link's senders and receivers carry, one transceiver each, in this order on the wire: the microphone,
 * and in video calls the video shown (camera or screen), then the share sections (see
 * {@link PeerLink.takeShareSections}): the side camera (one's camera beside a shared screen) and the sound
 * shared with a screen.
 */
export type TrackSlot = 'audio' | 'video' | 'sideCamera' | 'screenAudio';

/** The tracks this device sends. `null` sends nothing in that slot (camera off, not sharing). */
export interface OutgoingMedia {
  readonly audio: MediaStreamTrack | null;
  readonly video: MediaStreamTrack | null;
  readonly sideCamera: MediaStreamTrack | null;
  readonly screenAudio: MediaStreamTrack | null;
  readonly stream: MediaStream;
}

/** A track received from the peer, with the stream it came in. */
export interface RemoteTrackEntry {
  readonly track: MediaStreamTrack;
  readonly stream: MediaStream;
}

/** How old (ms) the last audio packet of a source may be for its level to count (they come every 20 ms). */
const FRESH_AUDIO_MS = 1_000;

/** The shortest wait before a restart that got nowhere is tried again (ICE checks take a few seconds). */
const RESTART_RETRY_MIN_MS = 5_000;

/**
 * Most remote ICE candidates taken per remote description (a browser gathers a few dozen: host, reflexive and
 * relay candidates per network interface). More would only cost memory and connectivity checks to addresses
 * the peer picks.
 */
const MAX_REMOTE_CANDIDATES = 200;

/** How many different ICE server errors a link keeps (see `PeerLink.iceServerErrors`). */
const ICE_ERRORS_KEPT = 4;

/**
 * Most offers after the first that a peer may make in {@link RENEGOTIATION_WINDOW_MS}: each costs this side two
 * descriptions and a full SDP sent back. ICE restarts come at most every 5 s (see `RESTART_RETRY_MIN_MS`).
 */
const MAX_RENEGOTIATIONS = 20;

/** The window of {@link MAX_RENEGOTIATIONS}. */
const RENEGOTIATION_WINDOW_MS = 60_000;

/** How often, and how long apart, a video cap the browser refused is tried again. */
const BITRATE_RETRIES = 5;
const BITRATE_RETRY_MS = 250;

/**
 * How long a renegotiation offer may go unanswered before it is said again (the offer or its answer was lost on
 * the way; until answered, this side would also ignore the peer's own offers as collisions), doubling each time
 * up to {@link UNANSWERED_OFFER_MAX_MS}: a peer whose signaling is away for long gets it when back, at a pace far
 * under its renegotiation limit.
 */
const UNANSWERED_OFFER_MS = 5_000;
const UNANSWERED_OFFER_MAX_MS = 30_000;

/**
 * The side camera is shown as a small picture inside the shared screen: half the camera's resolution and a
 * thumbnail's bit rate are plenty. Under a video cap it takes a quarter of it at most, out of the screen's.
 */
const SIDE_CAMERA_MAX_BITRATE = 150_000;
const SIDE_CAMERA_SCALE_DOWN = 2;

/** The ICE username fragment of a description (the first `a=ice-ufrag:`; one for all sections, bundled). */
function iceUfragOf(sdp: string | undefined): string | null {
  return /\na=ice-ufrag:([^\r\n]+)/.exec(sdp ?? '')?.[1] ?? null;
}

/** The media kinds of a description's sections, in order (`m=audio …` gives `audio`). */
function sectionKinds(sdp: string | undefined): string[] {
  return [...(sdp ?? '').matchAll(/^m=(\S*)/gm)].map((match) => match[1] ?? '');
}

const SLOTS: readonly TrackSlot[] = ['audio', 'video', 'sideCamera', 'screenAudio'];
const KIND_OF = { audio: 'audio', video: 'video', sideCamera: 'video', screenAudio: 'audio' } as const;

/** The sections added once the peer said it takes them (see `PeerLink.takeShareSections`). */
function isShareSlot(slot: TrackSlot): boolean {
  return slot === 'sideCamera' || slot === 'screenAudio';
}

/**
 * The streams a slot's sender is in. The share sections are in none: a receiver playing the stream plays the
 * microphone and the video shown, never a second picture or sound.
 */
function streamsOf(slot: TrackSlot, media: OutgoingMedia): MediaStream[] {
  return isShareSlot(slot) ? [] : [media.stream];
}

/** Options of a {@link PeerLink}. */
export interface PeerLinkOptions {
  readonly userId: UserId;
  /** The polite peer yields on offer collisions (perfect negotiation). */
  readonly polite: boolean;
  /** Whether the call has a video section. */
  readonly video: boolean;
  readonly iceServers: readonly RTCIceServer[];
  /** `'relay'`: gather and use relay candidates only (see `CallClientConfig.iceTransportPolicy`). */
  readonly iceTransportPolicy: RTCIceTransportPolicy;
  readonly clock: Clock;
  /** How long a dropped connection may try to recover before the link gives up. */
  readonly disconnectTimeout: number;
  /** Delay before an ICE restart after `disconnected` (`failed` restarts at once). */
  readonly iceRestartDelay: number;
  /** How long candidates are collected before they are sent as one batch. */
  readonly candidateBatchMs: number;
  /** Sends a signal to the peer (the session adds session id and address). */
  readonly send: (signal: PeerOutgoing) => void;
}

/** Events of a {@link PeerLink}. */
export interface PeerLinkEvents {
  state: { state: PeerState; previous: PeerState };
  track: { slot: TrackSlot; track: MediaStreamTrack; stream: MediaStream };
  trackEnded: { slot: TrackSlot; track: MediaStreamTrack };
  error: MeshcallError;
}

/** The link to one remote participant. */
export class PeerLink extends Emitter<PeerLinkEvents> {
  readonly userId: UserId;
  readonly #options: PeerLinkOptions;
  readonly #timers: TimerGroup;
  #pc: RTCPeerConnection | null = null;
  #state: PeerState = 'new';
  #media: MediaState | null = null;
  /** The `seq` of the last media state applied, if the peer numbers them. */
  #mediaSeq: number | null = null;
  #everConnected = false;
  #iceErrors: readonly string[] = [];
  #negotiated = false;
  #makingOffer = false;
  /** A renegotiation offer queued behind descriptions being applied, not yet made (see `#renegotiate`). */
  #offerWaiting: Promise<void> | null = null;
  #ignoreOffer = false;
  #canSignal = false;
  #outbox: PeerOutgoing[] = [];
  #candidateBatch: SignalCandidate[] = [];
  #pendingRemoteCandidates: SignalCandidate[] = [];
  /** Remote candidates taken since the last remote description (see {@link MAX_REMOTE_CANDIDATES}). */
  #remoteCandidateCount = 0;
  /** When the peer's renegotiation offers came, within the last window (see {@link MAX_RENEGOTIATIONS}). */
  #renegotiations: number[] = [];
  /** Whether the renegotiation flood going on was reported already. */
  #toldRenegotiationFlood = false;
  #remoteTracks = new Map<TrackSlot, RemoteTrackEntry>();
  #lastStats: StatsSample | null = null;
  /** The cap the session wants on the outgoing video, in bits per second (`null`: the browser decides). */
  #maxVideoBitrate: number | null = null;
  /** The cap the video sender has now. */
  #appliedVideoBitrate: number | null = null;
  /** The cap the side camera's sender has now (`undefined`: none set yet). */
  #appliedSideBitrate: number | undefined = undefined;
  /** Whether the session wants a side camera sent (its share comes out of the video cap once there is a sender). */
  #wantsSideCamera = false;
  /** Whether a refused remote candidate was told for the remote description in place. */
  #toldRefusedCandidate = false;
  /** The number of the offer in place (the last one this side made), sent with it; its answer echoes it. */
  #offerSeq = 0;
  /** The ICE credentials of both sides as last agreed (an exchange done), to tell a stale answer by. */
  #agreedUfrags: { readonly local: string | null; readonly remote: string | null } | null = null;
  /** Whether this side made the first offer (then it is the one to add the share sections). */
  #offered = false;
  /** The tracks to put on the share sections, once the peer said it takes them (see `takeShareSections`). */
  #shareMedia: (() => OutgoingMedia) | null = null;
  /** Someone in this link shares a screen (see `needShareSections`). */
  #shareNeeded = false;
  #shareSectionsAdded = false;
  /** Whether `#applyVideoBitrate` is at work (one `setParameters` at a time: each needs the latest read). */
  #applyingBitrate = false;
  /** Tries again after the browser refused the cap (see `#applyVideoBitrate`). */
  #bitrateRetries = 0;
  /** Serializes description handling: descriptions must be applied in arrival order. */
  #queue: Promise<void> = Promise.resolve();
  /** Aborted by `close()`: operations still pending on a closed connection never settle, so we stop waiting. */
  readonly #lifetime = new AbortController();

  constructor(options: PeerLinkOptions) {
    super();
    this.userId = options.userId;
    this.#options = options;
    this.#timers = new TimerGroup(options.clock);
  }

  /** Current state of the link. */
  get state(): PeerState {
    return this.#state;
  }

  /** Whether the link has ended for good. */
  get isTerminal(): boolean {
    return TERMINAL_PEER_STATES.has(this.#state);
  }

  /** The peer's mute / camera / screen state, once it told us. */
  get media(): MediaState | null {
    return this.#media;
  }

  /** The peer's tracks received so far. */
  get remoteTracks(): ReadonlyMap<TrackSlot, RemoteTrackEntry> {
    return this.#remoteTracks;
  }

  /** Whether a peer connection exists (negotiation started). */
  /**
   * What the ICE servers said when gathering through them failed (a TURN server refusing the credentials, one
   * that did not answer…), latest last, at most {@link ICE_ERRORS_KEPT} different ones: for the error that tells
   * why a link could not connect.
   */
  get iceServerErrors(): readonly string[] {
    return this.#iceErrors;
  }

  get hasConnection(): boolean {
    return this.#pc !== null;
  }

  /** Sets a state that the session decides (wait, pending, rejected…). Terminal states stick. */
  setState(state: PeerState): void {
    if (this.#state === state || this.isTerminal) return;
    const previous = this.#state;
    this.#state = state;
    this.emit('state', { state, previous });
  }

  /**
   * Records the peer's announced media state, unless it is older than one already applied (a `seq` not above
   * the last one): then it returns `false` and changes nothing.
   */
  setRemoteMedia(media: MediaState, seq?: number): boolean {
    if (seq !== undefined) {
      if (this.#mediaSeq !== null && seq <= this.#mediaSeq) return false;
      this.#mediaSeq = seq;
    }
    this.#media = media;
    return true;
  }

  /**
   * Allows signals to flow: called once the peer's device address is known, so candidates are never
   * sprayed to every device of a user. Everything queued until now is sent in order.
   */
  enableSignaling(): void {
    if (this.#canSignal) return;
    this.#canSignal = true;
    const queued = this.#outbox;
    this.#outbox = [];
    for (const signal of queued) this.#options.send(signal);
  }

  /**
   * The peer takes the share sections (its accept said so): in a video call, the side that made the first
   * offer adds them in a renegotiation once they are needed (see `needShareSections`) and the link has
   * connected; the other side answers it with its own tracks. A peer that never says so (an older one) never
   * gets sections it would misread. `media` gives the tracks to send on them at that moment. Idempotent.
   */
  takeShareSections(media: () => OutgoingMedia): void {
    this.#shareMedia ??= media;
    this.#addShareSections();
  }

  /**
   * Someone in this link shares a screen (this side, or the peer by its media state): the share sections are
   * wanted from now on. Until then a call has none, and costs nothing for them. Idempotent.
   */
  needShareSections(): void {
    this.#shareNeeded = true;
    this.#addShareSections();
  }

  /** Creates the first offer of this link (the initiator's offer in `call`, or a callee-to-callee offer). */
  async createOffer(media: OutgoingMedia): Promise<SignalDescription> {
    const pc = this.#connection();
    this.#offered = true;
    this.#attachMedia(media, true);
    this.#makingOffer = true;
    try {
      await this.#guard(pc.setLocalDescription());
      this.#offerSeq += 1;
    } finally {
      this.#makingOffer = false;
    }
    return this.#localDescription(pc);
  }

  /** Applies the peer's answer to our first offer. */
  acceptAnswer(answer: SignalDescription): Promise<void> {
    return this.#serialized(async () => {
      const pc = this.#connection();
      if (pc.signalingState !== 'have-local-offer') return; // duplicate answer: already applied
      await this.#setRemoteDescription(pc, answer);
      this.#agree(pc);
      this.#negotiated = true;
      void this.#applyVideoBitrate();
      this.setState('connecting');
      await this.#flushRemoteCandidates();
    });
  }

  /**
   * Answers the peer's first offer (ours is the `accept`, or a callee-to-callee answer). `media` is read
   * when the tracks go on the senders, after the offer is applied: a camera switched or turned off meanwhile
   * is what gets sent, not what was there when the offer came.
   */
  async answerOffer(offer: SignalDescription, media: () => OutgoingMedia): Promise<SignalDescription> {
    let answer: SignalDescription | null = null;
    if (!this.#fitsCall(offer)) throw this.#unfitOfferError();
    await this.#serialized(async () => {
      const pc = this.#connection();
      await this.#setRemoteDescription(pc, offer);
      this.#attachMedia(media(), false);
      await this.#guard(pc.setLocalDescription());
      this.#agree(pc);
      this.#negotiated = true;
      answer = this.#localDescription(pc, offer.seq);
      this.setState('connecting');
      await this.#flushRemoteCandidates();
    });
    if (!answer) throw new MeshcallError('negotiation-failed', `no answer was created for ${this.userId}`);
    return answer;
  }

  /**
   * Handles a `description` from the peer with the perfect-negotiation rules: on an offer collision the
   * impolite side ignores the peer's offer and the polite side rolls its own back. `media` is read when an
   * offer's answer puts the tracks on the senders (see {@link PeerLink.answerOffer}).
   */
  handleDescription(description: SignalDescription, media: () => OutgoingMedia): Promise<void> {
    return this.#serialized(async () => {
      const pc = this.#connection();
      const collision = description.type === 'offer' && (this.#makingOffer || pc.signalingState !== 'stable');
      this.#ignoreOffer = !this.#options.polite && collision;
      if (this.#ignoreOffer) return;
      if (description.type === 'answer' && pc.signalingState !== 'have-local-offer') return; // stale answer
      if (description.type === 'answer' && !this.#answersOfferInPlace(pc, description)) return;
      if (description.type === 'offer' && !this.#fitsCall(description)) {
        this.#ignoreOffer = true; // its candidates will be refused: expected
        this.emit('error', this.#unfitOfferError());
        return;
      }
      if (description.type === 'offer' && this.#negotiated && this.#tooManyRenegotiations()) {
        this.#ignoreOffer = true; // its candidates will be refused: expected, as for an offer lost to a collision
        return;
      }
      await this.#setRemoteDescription(pc, description);
      if (description.type === 'offer') {
        this.#attachMedia(media(), false);
        await this.#guard(pc.setLocalDescription());
        this.#sendOrQueue({ kind: 'description', description: this.#localDescription(pc, description.seq) });
      }
      this.#agree(pc);
      if (this.#negotiated) this.#restartNegotiated();
      this.#negotiated = true;
      // Share sections just negotiated have encodings now.
      if (description.type === 'answer') void this.#applyVideoBitrate();
      if (this.#state === 'new' || this.#state === 'wait' || this.#state === 'pending') this.setState('connecting');
      await this.#flushRemoteCandidates();
    });
  }

  /**
   * Adds the peer's trickled candidates, buffering them until a remote description is set. Beyond
   * {@link MAX_REMOTE_CANDIDATES} for one description the rest is dropped (`signal-flood`, once). Counted in
   * turn with the descriptions, so that candidates right behind a new description count for that one.
   */
  handleCandidates(candidates: readonly SignalCandidate[]): Promise<void> {
    return this.#serialized(() => {
      const room = MAX_REMOTE_CANDIDATES - this.#remoteCandidateCount;
      if (candidates.length > room && room >= 0) {
        this.#flood(`more than ${MAX_REMOTE_CANDIDATES} ICE candidates from ${this.userId} for one description`);
      }
      // Past the limit the count stays one above it, so that the error above is told once per description.
      this.#remoteCandidateCount = Math.min(this.#remoteCandidateCount + candidates.length, MAX_REMOTE_CANDIDATES + 1);
      this.#pendingRemoteCandidates.push(...candidates.slice(0, Math.max(0, room)));
      return this.#flushRemoteCandidates();
    });
  }

  /** Swaps the outgoing track of `slot` on the existing sender: no renegotiation. */
  async replaceTrack(slot: TrackSlot, track: MediaStreamTrack | null): Promise<void> {
    const sender = this.#transceiverFor(slot)?.sender;
    // No "already sending it?" shortcut: `sender.track` changes only once an earlier replaceTrack resolves, so a
    // screen share stopped right after it started would compare with the stale camera, skip, and leave the ended
    // screen track on the wire. The browser runs replaceTrack calls in order: the last one wins.
    if (slot === 'sideCamera' && this.#wantsSideCamera !== (track !== null)) {
      this.#wantsSideCamera = track !== null;
      void this.#applyVideoBitrate(); // the screen's cap gives the side camera its share, or takes it back
    }
    if (!sender) return;
    try {
      await this.#guard(sender.replaceTrack(track));
    } catch (error) {
      if (!this.isTerminal) throw error; // a link that closed meanwhile sends nothing: nothing went wrong
    }
  }

  /**
   * Caps the outgoing video at `bitsPerSecond` (`null`: no cap), on the sender now or as soon as the link has
   * one (see `CallClientConfig.videoUplinkBitrate`). The cap survives track swaps and renegotiation.
   */
  setMaxVideoBitrate(bitsPerSecond: number | null): void {
    if (bitsPerSecond !== this.#maxVideoBitrate) this.#bitrateRetries = 0;
    this.#maxVideoBitrate = bitsPerSecond;
    void this.#applyVideoBitrate();
  }

  /**
   * Both sides are in the call: from now on the link has the disconnect timeout to reach `connected`, or it
   * closes as `failed`. Without this, a peer that vanished mid-negotiation (its offer, answer or candidates
   * never arrive) would leave the link `pending` or `connecting` forever. Idempotent.
   */
  expectConnection(): void {
    if (this.isTerminal || this.#state === 'connected' || this.#timers.has('disconnect')) return;
    this.#armDisconnectTimeout();
  }

  /** Connection-quality figures since the last call. */
  async getStats(): Promise<PeerStats | null> {
    if (!this.#pc || this.isTerminal) return null;
    const report = await this.#guard(this.#pc.getStats());
    const now = this.#options.clock.now();
    const shownMid = this.#transceiverFor('video')?.mid ?? null;
    const { stats, sample } = summarizeStats(this.userId, report, this.#lastStats, now, shownMid);
    this.#lastStats = sample;
    return stats;
  }

  /**
   * How loud the peer is (0–1) in the audio last played out from this link, read from the RTP audio-level
   * header extension: synchronous and cheap. 0 while not connected. Browsers fill it in only for audio that
   * is being played (as `CallAudio` does), which is the only audio a user can hear anyway.
   */
  remoteAudioLevel(): number {
    if (this.#state !== 'connected') return 0;
    const sources = this.#transceiverFor('audio')?.receiver.getSynchronizationSources?.() ?? [];
    // Browsers keep a source, with its last level, for 10 s after its last packet: a microphone lost
    // mid-word would show as speaking all that time. A level is only news while packets come.
    const now = performance.timeOrigin + performance.now();
    return sources
      .filter((source) => typeof source.timestamp !== 'number' || now - source.timestamp <= FRESH_AUDIO_MS)
      .reduce((loudest, source) => Math.max(loudest, source.audioLevel ?? 0), 0);
  }

  /**
   * How loud the local microphone (0–1) is as this link sends it, from the sender's `media-source` stats;
   * `null` when unknown (not connected, no audio sender, or a browser that does not report it).
   */
  async localAudioLevel(): Promise<number | null> {
    const sender = this.#state === 'connected' ? this.#transceiverFor('audio')?.sender : undefined;
    if (!sender?.track) return null;
    const report = await this.#guard(sender.getStats());
    for (const entry of report.values()) {
      if (entry.type === 'media-source' && typeof entry.audioLevel === 'number') return entry.audioLevel;
    }
    return null;
  }

  /** Closes the connection and ends the link with `finalState`. Idempotent. */
  close(finalState: PeerState = 'closed'): void {
    this.#lifetime.abort();
    this.#timers.clearAll();
    this.#outbox = [];
    this.#candidateBatch = [];
    this.#pendingRemoteCandidates = [];
    const pc = this.#pc;
    this.#pc = null;
    if (pc) {
      pc.onicecandidate = null;
      pc.onicecandidateerror = null;
      pc.ontrack = null;
      pc.onconnectionstatechange = null;
      pc.oniceconnectionstatechange = null;
      pc.onnegotiationneeded = null;
      pc.close();
    }
    // Cleared first: a listener reading the link's tracks in there finds them gone, as the event says.
    const ended = [...this.#remoteTracks];
    this.#remoteTracks.clear();
    for (const [slot, { track }] of ended) this.emit('trackEnded', { slot, track });
    this.setState(finalState);
  }

  #connection(): RTCPeerConnection {
    if (this.#pc) return this.#pc;
    if (this.isTerminal) throw new MeshcallError('invalid-state', `the link to ${this.userId} is closed`);
    const pc = new RTCPeerConnection({
      iceServers: [...this.#options.iceServers],
      iceTransportPolicy: this.#options.iceTransportPolicy,
      bundlePolicy: 'max-bundle',
    });
    pc.onicecandidate = ({ candidate }) => this.#onLocalCandidate(candidate);
    pc.onicecandidateerror = (event) => this.#onIceServerError(event as RTCPeerConnectionIceErrorEvent);
    pc.ontrack = ({ track, streams, transceiver }) => this.#onTrack(transceiver, track, streams[0]);
    pc.onconnectionstatechange = () => this.#onConnectionState(pc.connectionState);
    pc.oniceconnectionstatechange = () => {
      if (pc.iceConnectionState === 'checking' && this.#state === 'connecting') this.setState('checking');
    };
    pc.onnegotiationneeded = () => {
      // The first exchange is driven by call/accept; afterwards (ICE restart, new tracks) negotiate here.
      if (this.#negotiated) void this.#renegotiate();
    };
    this.#pc = pc;
    return pc;
  }

  /**
   * Makes and sends an offer, in turn with the descriptions that come in: an answer is then checked against, and
   * applied to, the same offer (one arriving while an offer is made waits for it; see `#answersOfferInPlace`).
   */
  #renegotiate(): Promise<void> {
    // An offer already waiting its turn will carry this change too (it is made when its turn comes).
    if (this.#offerWaiting) return this.#offerWaiting;
    const waiting = this.#serialized(async () => {
      this.#offerWaiting = null;
      const pc = this.#pc;
      if (!pc) return;
      try {
        this.#makingOffer = true;
        await this.#guard(pc.setLocalDescription());
        if (pc.localDescription?.type === 'offer') this.#offerSeq += 1;
        this.#sendOrQueue({ kind: 'description', description: this.#localDescription(pc) });
        this.#repeatUnanswered(UNANSWERED_OFFER_MS);
      } finally {
        this.#makingOffer = false;
      }
    });
    this.#offerWaiting = waiting;
    return waiting;
  }

  /** An exchange is done: the credentials both sides use now are the ones a later answer is checked against. */
  #agree(pc: RTCPeerConnection): void {
    this.#agreedUfrags = {
      local: iceUfragOf(pc.localDescription?.sdp),
      remote: iceUfragOf(pc.remoteDescription?.sdp),
    };
  }

  /**
   * Whether `answer` answers the offer in place, not an earlier one: a second answer to a repeated or
   * restarted offer can come after a newer offer went out. Such an answer is ignored: the answer to the offer in
   * place follows, and if it was lost, the offer is said again. The answer names its offer (`seq`); a peer that
   * does not number them is judged by the answer itself: it has other sections than the offer, or it keeps the
   * peer's ICE credentials where the offer restarts ICE (an answer to a restart brings new ones, RFC 8839).
   */
  #answersOfferInPlace(pc: RTCPeerConnection, answer: SignalDescription): boolean {
    if (answer.seq !== undefined) return answer.seq === this.#offerSeq;
    const offer = pc.localDescription?.sdp;
    if (sectionKinds(answer.sdp).length !== sectionKinds(offer).length) return false;
    const agreed = this.#agreedUfrags;
    const restarting = agreed !== null && iceUfragOf(offer) !== agreed.local;
    return !(restarting && iceUfragOf(answer.sdp) === agreed.remote);
  }

  /**
   * The local description as sent: an offer with its number, an answer with the number of the offer it answers
   * (`answering`, when the peer numbered it).
   */
  #localDescription(pc: RTCPeerConnection, answering?: number): SignalDescription {
    const description = toSignalDescription(pc.localDescription);
    const seq = description.type === 'offer' ? this.#offerSeq : answering;
    return seq === undefined ? description : { ...description, seq };
  }

  /**
   * Says the offer in flight again while it goes unanswered, ever less often (see {@link UNANSWERED_OFFER_MS}):
   * the same description, so an answer to either copy fits it. A newer offer starts again from the first delay.
   */
  #repeatUnanswered(delay: number): void {
    this.#timers.set('unanswered', delay, () => {
      if (this.#pc?.signalingState !== 'have-local-offer') return;
      // While the link is down its ICE restarts make fresh offers on their own schedule: one sender is enough
      // (both together would reach the peer's renegotiation limit).
      if (!this.#timers.has('iceRestart')) this.offerAgain();
      this.#repeatUnanswered(Math.min(delay * 2, UNANSWERED_OFFER_MAX_MS));
    });
  }

  /** Says the renegotiation offer in flight again, if there is one (the peer's device is back after missing it). */
  offerAgain(): void {
    const pc = this.#pc;
    if (!this.#negotiated || !pc?.localDescription || pc.signalingState !== 'have-local-offer') return;
    if (this.#makingOffer || this.isTerminal) return;
    this.#sendOrQueue({ kind: 'description', description: this.#localDescription(pc) });
  }

  /**
   * Puts local tracks on the senders: one transceiver per slot. The first offer has the microphone and the video
   * shown; the share sections come later (see `#addShareSections`), so an answer may find them or not.
   */
  #attachMedia(media: OutgoingMedia, offering: boolean): void {
    const pc = this.#connection();
    for (const slot of this.#slots) {
      const track = media[slot];
      const streams = streamsOf(slot, media);
      const transceiver = this.#transceiverFor(slot);
      if (!transceiver) {
        // The offerer adds the first sections; an answer to an offer without this slot has nothing to send on.
        if (offering && !isShareSlot(slot))
          pc.addTransceiver(track ?? KIND_OF[slot], { direction: 'sendrecv', streams });
        continue;
      }
      transceiver.direction = 'sendrecv';
      transceiver.sender.setStreams(...streams);
      void this.replaceTrack(slot, track);
    }
    void this.#applyVideoBitrate();
  }

  /**
   * Adds the share sections, if someone shares, this side made the first offer, the link has connected, the peer
   * takes them and they are not there yet: `negotiationneeded` then renegotiates (see `#connection`).
   */
  #addShareSections(): void {
    const pc = this.#pc;
    if (!pc || !this.#shareNeeded || !this.#shareMedia || !this.#offered || !this.#everConnected) return;
    if (!this.#options.video) return;
    if (this.#shareSectionsAdded || this.isTerminal) return;
    this.#shareSectionsAdded = true;
    const media = this.#shareMedia(); // there is media: this side made an offer with it
    for (const slot of SLOTS.filter(isShareSlot)) {
      pc.addTransceiver(media[slot] ?? KIND_OF[slot], { direction: 'sendrecv', streams: streamsOf(slot, media) });
    }
    this.#wantsSideCamera = media.sideCamera !== null;
    void this.#applyVideoBitrate();
  }

  /**
   * The caps the video senders should have: the wish, less the side camera's share while one is sent (a quarter
   * at most, up to {@link SIDE_CAMERA_MAX_BITRATE}), and that share for the side camera. A link without the
   * share sections (an older peer) sends none: the screen keeps the whole wish.
   */
  #bitrateTargets(): { video: number | null; sideCamera: number } {
    const wish = this.#maxVideoBitrate;
    const sideCamera =
      wish === null ? SIDE_CAMERA_MAX_BITRATE : Math.min(SIDE_CAMERA_MAX_BITRATE, Math.floor(wish / 4));
    const sends = this.#wantsSideCamera && this.#transceiverFor('sideCamera') !== undefined;
    return { video: wish !== null && sends ? wish - sideCamera : wish, sideCamera };
  }

  /**
   * Brings the video senders' caps to their targets (see `#bitrateTargets`), one `setParameters` at a time, until
   * they agree: a wish that changes meanwhile is taken up when the call in flight is done. Chromium refuses a
   * change made while a description is being applied: tried again a moment later, a few times.
   */
  async #applyVideoBitrate(): Promise<void> {
    if (this.#applyingBitrate) return; // the loop in flight looks at the wish again when its call is done
    this.#applyingBitrate = true;
    try {
      while (!this.isTerminal) {
        const targets = this.#bitrateTargets();
        const slot = targets.video !== this.#appliedVideoBitrate ? 'video' : 'sideCamera';
        if (slot === 'sideCamera' && targets.sideCamera === this.#appliedSideBitrate) break;
        const sender = this.#transceiverFor(slot)?.sender;
        const parameters = sender?.getParameters();
        const encoding = parameters?.encodings[0];
        // No sender or no encoding yet (before negotiation): tried again once the tracks are on the senders.
        if (!sender || !parameters || !encoding) return;
        const wanted = targets[slot];
        if (wanted === null) delete encoding.maxBitrate;
        else encoding.maxBitrate = wanted;
        if (slot === 'sideCamera') encoding.scaleResolutionDownBy = SIDE_CAMERA_SCALE_DOWN;
        await this.#guard(sender.setParameters(parameters));
        if (slot === 'sideCamera') this.#appliedSideBitrate = targets.sideCamera;
        else this.#appliedVideoBitrate = wanted;
      }
      this.#bitrateRetries = 0;
    } catch {
      // After the last try the video goes on at the browser's own rate, as every call did before caps: nothing
      // the user can act on, so no error event. The next wish tries again.
      if (!this.isTerminal && this.#bitrateRetries++ < BITRATE_RETRIES) {
        this.#timers.set('bitrate', BITRATE_RETRY_MS, () => void this.#applyVideoBitrate());
      }
    } finally {
      this.#applyingBitrate = false;
    }
  }

  /**
   * Applies the peer's description; candidates are counted afresh for each one after the first. Those that came
   * ahead of the first (buffered: there is no description before it) already count toward it.
   */
  async #setRemoteDescription(pc: RTCPeerConnection, description: SignalDescription): Promise<void> {
    const first = pc.remoteDescription === null;
    await this.#guard(pc.setRemoteDescription(description));
    if (!first) this.#remoteCandidateCount = 0;
    this.#toldRefusedCandidate = false;
  }

  /**
   * Whether the peer's renegotiation offer now is one too many for the window: then it is ignored, and told
   * (`signal-flood`) once per window.
   */
  #tooManyRenegotiations(): boolean {
    const now = this.#options.clock.now();
    this.#renegotiations = this.#renegotiations.filter((at) => now - at < RENEGOTIATION_WINDOW_MS);
    if (this.#renegotiations.length < MAX_RENEGOTIATIONS) {
      this.#renegotiations.push(now);
      this.#toldRenegotiationFlood = false;
      return false;
    }
    if (!this.#toldRenegotiationFlood) {
      this.#toldRenegotiationFlood = true;
      this.#flood(`more than ${MAX_RENEGOTIATIONS} renegotiations from ${this.userId} within a minute`);
    }
    return true;
  }

  #flood(message: string): void {
    this.emit('error', new MeshcallError('signal-flood', `${message}: the rest is ignored`));
  }

  /** The sections a link of this call can have, in their order: the microphone alone in an audio call. */
  get #slots(): readonly TrackSlot[] {
    return this.#options.video ? SLOTS : SLOTS.slice(0, 1);
  }

  /**
   * Whether an offer's sections are some of those the call has, in their order (docs/protocol.md §8). Any other
   * offer is refused unanswered: a browser would make a transceiver for every section, without bound, and the
   * answer to hundreds would be too large to send.
   */
  #fitsCall(offer: SignalDescription): boolean {
    const kinds = sectionKinds(offer.sdp);
    const slots = this.#slots;
    return kinds.length <= slots.length && kinds.every((kind, index) => kind === KIND_OF[slots[index]!]);
  }

  /** The error that refuses an offer with sections the call does not have (see `#fitsCall`). */
  #unfitOfferError(): MeshcallError {
    return new MeshcallError('signal-malformed', `an offer from ${this.userId} with sections this call does not have`);
  }

  /**
   * The live transceiver of `slot`, if the connection has one: the first of its kind, or the second one for the
   * side camera and the screen's sound (transceivers are listed in the order of their sections, which the
   * offerer chose).
   */
  #transceiverFor(slot: TrackSlot): RTCRtpTransceiver | undefined {
    const ofKind = (this.#pc?.getTransceivers() ?? []).filter(
      (t) => t.receiver.track.kind === KIND_OF[slot] && t.currentDirection !== 'stopped',
    );
    return ofKind[slot === 'audio' || slot === 'video' ? 0 : 1];
  }

  #onLocalCandidate(candidate: RTCIceCandidate | null): void {
    if (candidate?.candidate) {
      const json = candidate.toJSON();
      this.#candidateBatch.push({
        candidate: json.candidate ?? '',
        sdpMid: json.sdpMid ?? null,
        sdpMLineIndex: json.sdpMLineIndex ?? null,
        usernameFragment: json.usernameFragment ?? null,
      });
      if (!this.#timers.has('candidates')) {
        this.#timers.set('candidates', this.#options.candidateBatchMs, () => this.#flushCandidates());
      }
      return;
    }
    // End of gathering: send what is left right away.
    this.#flushCandidates();
  }

  #flushCandidates(): void {
    this.#timers.clear('candidates');
    const batch = this.#candidateBatch;
    this.#candidateBatch = [];
    // A host with many interfaces and relays can gather more in one window than one signal carries.
    for (let start = 0; start < batch.length; start += SIGNAL_LIMITS.candidatesPerSignal) {
      this.#sendOrQueue({
        kind: 'candidates',
        candidates: batch.slice(start, start + SIGNAL_LIMITS.candidatesPerSignal),
      });
    }
  }

  #sendOrQueue(signal: PeerOutgoing): void {
    if (this.#canSignal) this.#options.send(signal);
    else this.#outbox.push(signal);
  }

  async #flushRemoteCandidates(): Promise<void> {
    const pc = this.#pc;
    if (!pc?.remoteDescription) return;
    const candidates = this.#pendingRemoteCandidates;
    this.#pendingRemoteCandidates = [];
    for (const candidate of candidates) {
      try {
        await this.#guard(pc.addIceCandidate(candidate));
      } catch (error) {
        // Candidates for an offer we ignored (collision) are expected to fail. Told once per description: a peer
        // that sends hundreds of bad ones does not make hundreds of error events.
        if (!this.#ignoreOffer && !this.#toldRefusedCandidate) {
          this.#toldRefusedCandidate = true;
          this.#report('an ICE candidate was refused (and any others for this description)', error);
        }
      }
    }
  }

  #onTrack(transceiver: RTCRtpTransceiver, track: MediaStreamTrack, stream: MediaStream | undefined): void {
    const slot = this.#slots.find((each) => this.#transceiverFor(each) === transceiver);
    if (!slot) return; // a section beyond those a call has: nothing would play it
    const entry = { track, stream: stream ?? new MediaStream([track]) };
    this.#remoteTracks.set(slot, entry);
    this.emit('track', { slot, ...entry });
  }

  #onIceServerError({ url, errorCode, errorText }: RTCPeerConnectionIceErrorEvent): void {
    // The server's URL (never credentials: those are in `username`/`credential`), its STUN/TURN error code and
    // text: 401 refused credentials, 701 no answer.
    const said = `${url || 'an ICE server'} answered ${errorCode}${errorText ? ` (${errorText})` : ''}`;
    if (this.#iceErrors.includes(said)) return;
    this.#iceErrors = [...this.#iceErrors, said].slice(-ICE_ERRORS_KEPT);
  }

  #onConnectionState(state: RTCPeerConnectionState): void {
    if (this.isTerminal) return;
    switch (state) {
      case 'connected':
        this.#everConnected = true;
        this.#timers.clear('disconnect');
        this.#timers.clear('iceRestart');
        this.setState('connected');
        this.#addShareSections();
        break;
      case 'disconnected':
        this.#onDrop(false);
        break;
      case 'failed':
        this.#onDrop(true);
        break;
      default:
        break;
    }
  }

  /**
   * The connection dropped, or ICE found no way before it ever connected: try an ICE restart on this same
   * connection (the impolite side first, the polite side later as a fallback) and give up at the disconnect
   * timeout.
   */
  #onDrop(failed: boolean): void {
    // Before the first connection nothing dropped: the link is still connecting (not "reconnecting"), with the
    // same restarts and the same timeout, which ends it as `failed`.
    if (this.#everConnected) this.setState('disconnected');
    if (!this.#timers.has('disconnect')) this.#armDisconnectTimeout();
    // Within the disconnect timeout whatever the settings: a restart planned after it would never happen.
    const first = Math.min(this.#options.iceRestartDelay, Math.floor(this.#options.disconnectTimeout / 3));
    const base = this.#options.polite ? first * 2 : first;
    // ICE gave up (often after a `disconnected` that is still waiting out its delay): the impolite side restarts
    // now, in place of whatever restart was planned.
    if (failed && !this.#options.polite) this.#timers.set('iceRestart', 0, () => this.#restartWhileDown());
    else if (!this.#timers.has('iceRestart')) this.#timers.set('iceRestart', base, () => this.#restartWhileDown());
  }

  /**
   * Restarts ICE, and again while the link stays down and no restart gets negotiated: a restart offer can be
   * lost on the way like any signal (the other side's signaling was down too), and an offer of ours still
   * unanswered holds the browser's next one back, so it is made afresh here.
   */
  #restartWhileDown(): void {
    const pc = this.#pc;
    if (!pc || this.isTerminal) return;
    pc.restartIce();
    if (pc.signalingState === 'have-local-offer' && !this.#makingOffer) void this.#renegotiate();
    this.#timers.set('iceRestart', this.#restartRetryDelay, () => this.#restartWhileDown());
  }

  /** How long a restart may take to get negotiated before it is tried again. */
  get #restartRetryDelay(): number {
    return Math.max(RESTART_RETRY_MIN_MS, this.#options.iceRestartDelay * 3);
  }

  /** A restart got negotiated: give its ICE checks time before trying again. */
  #restartNegotiated(): void {
    if (this.#timers.has('iceRestart')) {
      this.#timers.set('iceRestart', this.#restartRetryDelay, () => this.#restartWhileDown());
    }
  }

  #armDisconnectTimeout(): void {
    this.#timers.set('disconnect', this.#options.disconnectTimeout, () =>
      this.close(this.#everConnected ? 'disconnectTimeout' : 'failed'),
    );
  }

  /** Settles with `operation`, or rejects as soon as the link closes (whichever comes first). */
  #guard<T>(operation: Promise<T>): Promise<T> {
    const lifetime = this.#lifetime.signal;
    return new Promise<T>((resolve, reject) => {
      const onClose = () => reject(new MeshcallError('invalid-state', `the link to ${this.userId} closed`));
      // Handle the operation first, even when the link is already closed: a call on a closed connection
      // (e.g. the next buffered candidate after a hang-up) rejects, and must not become an unhandled rejection.
      operation.then(
        (value) => {
          lifetime.removeEventListener('abort', onClose);
          resolve(value);
        },
        (error: unknown) => {
          lifetime.removeEventListener('abort', onClose);
          reject(error);
        },
      );
      if (lifetime.aborted) return onClose();
      lifetime.addEventListener('abort', onClose, { once: true });
    });
  }

  #serialized(task: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(async () => {
      if (this.isTerminal) return;
      try {
        await task();
      } catch (error) {
        this.#fail(error);
      }
    });
    this.#queue = run;
    return run;
  }

  #fail(cause: unknown): void {
    if (this.isTerminal) return;
    this.#report(`negotiation with ${this.userId} failed`, cause);
    this.close('error');
  }

  /** Negotiation went wrong (`negotiation-failed`, the browser's error as `cause`). */
  #report(message: string, cause: unknown): void {
    const detail = cause instanceof Error ? `: ${cause.message}` : '';
    this.emit('error', new MeshcallError('negotiation-failed', `${message}${detail}`, { cause }));
  }
}

function toSignalDescription(description: RTCSessionDescription | null): SignalDescription {
  if (!description || (description.type !== 'offer' && description.type !== 'answer')) {
    throw new MeshcallError('negotiation-failed', 'the browser produced no usable session description');
  }
  return { type: description.type, sdp: description.sdp };
}
