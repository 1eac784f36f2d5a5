/**
 * A minimal stand-in for `RTCPeerConnection`, for fast Node unit tests of the session state machine and its
 * timers only: it produces well-formed offers/answers, one fake host candidate per description, and lets a
 * test drive the connection state (`simulate`). No media, no real ICE: the Chromium tests cover those.
 * Published in `@meshcall/core/testing` for apps that test their call logic in Node.
 */

type Kind = 'audio' | 'video';

class FakeSender {
  track: MediaStreamTrack | null;
  /** The encoding parameters set last (one encoding, as a browser's sender without simulcast has). */
  encodings: RTCRtpEncodingParameters[] = [{ active: true }];
  /** How many of the next `setParameters` calls reject, as Chromium's do while a description is being applied. */
  refuseParameters = 0;
  #transactionId = 0;
  constructor(track: MediaStreamTrack | null) {
    this.track = track;
  }
  async replaceTrack(track: MediaStreamTrack | null): Promise<void> {
    this.track = track;
  }
  setStreams(): void {}
  /** A copy of the parameters, with a new transaction id that only the next `setParameters` may use. */
  getParameters(): RTCRtpSendParameters {
    this.#transactionId++;
    return {
      transactionId: String(this.#transactionId),
      encodings: this.encodings.map((encoding) => ({ ...encoding })),
      codecs: [],
      headerExtensions: [],
      rtcp: {},
    };
  }
  /** Rejects, as browsers do, parameters not from the latest `getParameters()` (calls that overlapped). */
  async setParameters(parameters: RTCRtpSendParameters): Promise<void> {
    if (parameters.transactionId !== String(this.#transactionId)) {
      throw new DOMException('setParameters with stale parameters', 'InvalidModificationError');
    }
    if (this.refuseParameters > 0) {
      this.refuseParameters--;
      throw new DOMException('modified RTCP parameters', 'InvalidModificationError');
    }
    this.#transactionId++;
    this.encodings = parameters.encodings.map((encoding) => ({ ...encoding }));
  }
}

class FakeReceiver {
  readonly track: { kind: Kind };
  /** What `getSynchronizationSources()` returns: set it to simulate audio levels (and their age). */
  synchronizationSources: RTCRtpSynchronizationSource[] = [];
  constructor(kind: Kind) {
    this.track = { kind };
  }
  getSynchronizationSources(): RTCRtpSynchronizationSource[] {
    return this.synchronizationSources;
  }
}

class FakeTransceiver {
  readonly receiver: FakeReceiver;
  readonly sender: FakeSender;
  direction: RTCRtpTransceiverDirection = 'sendrecv';
  currentDirection: RTCRtpTransceiverDirection | null = null;
  constructor(kind: Kind, track: MediaStreamTrack | null) {
    this.receiver = new FakeReceiver(kind);
    this.sender = new FakeSender(track);
  }
}

function sdpFor(kinds: readonly Kind[], ufrag: string, id: number): string {
  return `v=0\r\no=- ${id} 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n${kinds.map((k) => `m=${k} 9 UDP/TLS/RTP/SAVPF 0\r\na=ice-ufrag:${ufrag}\r\n`).join('')}`;
}

/** The ICE username fragment a (fake or real) description carries, or null. */
function iceUfragOf(description: { sdp: string } | null): string | null {
  return /a=ice-ufrag:(\S+)/.exec(description?.sdp ?? '')?.[1] ?? null;
}

let lastId = 0;

/** Every fake connection created, newest last. */
export const fakeConnections: FakeRTCPeerConnection[] = [];

/** The fake. Assign it to `globalThis.RTCPeerConnection` in a test (and put the real one back afterwards). */
export class FakeRTCPeerConnection {
  /** Follows the descriptions set (`stable`, `have-local-offer`, `have-remote-offer`); `closed` after `close()`. */
  signalingState: RTCSignalingState = 'stable';
  /** `new` until the test calls `simulate()`; `closed` after `close()`. */
  connectionState: RTCPeerConnectionState = 'new';
  /** Always `new`: the fake never changes it (`simulate()` moves only `connectionState`). */
  iceConnectionState: RTCIceConnectionState = 'new';
  /** The description `setLocalDescription()` created last, or `null` before the first. */
  localDescription: { type: RTCSdpType; sdp: string } | null = null;
  /** The description given to `setRemoteDescription()` last, or `null` before the first. */
  remoteDescription: { type: RTCSdpType; sdp: string } | null = null;
  /** Called in a microtask after each `setLocalDescription()`: one fake host candidate, then `null` (the end). */
  onicecandidate: ((event: { candidate: unknown }) => void) | null = null;
  /** Never called by the fake itself: a test fires it as a browser does when an ICE server fails. */
  onicecandidateerror: ((event: { url: string; errorCode: number; errorText: string }) => void) | null = null;
  /** Never called: the fake carries no media. */
  ontrack: ((event: unknown) => void) | null = null;
  /** Called by `simulate()` (not by `close()`). */
  onconnectionstatechange: (() => void) | null = null;
  /** Never called: `iceConnectionState` never changes. */
  oniceconnectionstatechange: (() => void) | null = null;
  /**
   * Called in a microtask after `restartIce()` or `addTransceiver()` in `stable`, else once the connection is
   * `stable` again (as a browser does: an offer of ours still unanswered holds it back); not if an offer made
   * meanwhile already carries the change.
   */
  onnegotiationneeded: (() => void) | null = null;
  /** Every remote candidate added, in order. */
  readonly addedCandidates: unknown[] = [];
  /** How many times `restartIce()` was called. */
  restarts = 0;
  #transceivers: FakeTransceiver[] = [];
  #restartPending = false;
  /** A change (a restart, a transceiver) that no offer carries yet. */
  #negotiationNeeded = false;
  #ufrag = 1;
  /**
   * Unique among the fakes of this process, and carried in the SDP's session id (`o=- <id> …`) as a browser
   * does: a test can pair the two ends of a link by it (see {@link FakeRTCPeerConnection.isPairedWith}).
   */
  readonly id = ++lastId;

  /** The configuration it was created with, as `getConfiguration()` returns it. */
  readonly #configuration: RTCConfiguration;

  constructor(configuration: RTCConfiguration = {}) {
    this.#configuration = configuration;
    fakeConnections.push(this);
  }

  /** The configuration it was created with (ICE servers and transport policy, for tests to check). */
  getConfiguration(): RTCConfiguration {
    return this.#configuration;
  }

  /** Whether `other` is the far end of this connection: each holds the other's description. */
  isPairedWith(other: FakeRTCPeerConnection): boolean {
    const holds = (connection: FakeRTCPeerConnection, id: number) =>
      connection.remoteDescription?.sdp.includes(`\r\no=- ${id} `) === true;
    return other !== this && holds(this, other.id) && holds(other, this.id);
  }

  /** Adds a `sendrecv` fake transceiver for the track (as its sender's track) or for the kind; the init is ignored. */
  addTransceiver(trackOrKind: MediaStreamTrack | Kind): FakeTransceiver {
    const kind = typeof trackOrKind === 'string' ? trackOrKind : (trackOrKind.kind as Kind);
    const transceiver = new FakeTransceiver(kind, typeof trackOrKind === 'string' ? null : trackOrKind);
    this.#transceivers.push(transceiver);
    this.#needNegotiation();
    return transceiver;
  }

  /** Every transceiver, added locally or created by a remote offer, in creation order. */
  getTransceivers(): FakeTransceiver[] {
    return this.#transceivers;
  }

  /**
   * Creates and sets an answer in `have-remote-offer`, else an offer (with a new ufrag after `restartIce()`).
   * Takes no argument. Rejects once closed.
   */
  async setLocalDescription(): Promise<void> {
    this.#assertOpen();
    const type: RTCSdpType = this.signalingState === 'have-remote-offer' ? 'answer' : 'offer';
    if (type === 'offer') this.#negotiationNeeded = false; // this offer carries every change so far
    if (this.#restartPending && type === 'offer') {
      this.#ufrag++;
      this.#restartPending = false;
    }
    this.localDescription = { type, sdp: sdpFor(this.#kinds(), `u${this.#ufrag}`, this.id) };
    this.signalingState = type === 'offer' ? 'have-local-offer' : 'stable';
    if (this.signalingState === 'stable') this.#negotiateHeld();
    queueMicrotask(() => {
      this.onicecandidate?.({ candidate: this.#candidate() });
      this.onicecandidate?.({ candidate: null });
    });
  }

  /**
   * Sets `description`: an offer adds a transceiver for each media section that has none yet (the n-th section
   * of a kind goes with the n-th transceiver of that kind) and moves to `have-remote-offer`, an
   * answer (only to an offer of ours, as in browsers) moves to `stable`. Rejects once closed.
   */
  async setRemoteDescription(description: { type: RTCSdpType; sdp: string }): Promise<void> {
    this.#assertOpen();
    // As browsers do: an answer to no offer of ours (one delivered twice, a stale one) is refused.
    if (description.type === 'answer' && this.signalingState !== 'have-local-offer') {
      throw new Error('InvalidStateError: no local offer to answer');
    }
    // An offer that restarts ICE (new credentials) is answered with new ones too, as RFC 8839 asks.
    const restarts = description.type === 'offer' && iceUfragOf(this.remoteDescription) !== iceUfragOf(description);
    if (restarts && this.remoteDescription !== null) this.#ufrag++;
    this.remoteDescription = description;
    if (description.type === 'offer') {
      const seen = { audio: 0, video: 0 };
      for (const [, kind] of description.sdp.matchAll(/\r\nm=(audio|video) /g) as Iterable<[string, Kind]>) {
        seen[kind] += 1;
        const have = this.#transceivers.filter((t) => t.receiver.track.kind === kind).length;
        if (have < seen[kind]) this.#transceivers.push(new FakeTransceiver(kind, null));
      }
      this.signalingState = 'have-remote-offer';
    } else {
      this.signalingState = 'stable';
      this.#negotiateHeld();
    }
  }

  /** A change asked for while not `stable` is negotiated once `stable` again. */
  #negotiateHeld(): void {
    if (this.#negotiationNeeded) queueMicrotask(() => this.#fireNegotiationNeeded());
  }

  /** As browsers do, the event fires once when negotiation becomes needed, not again until an offer is made. */
  #needNegotiation(): void {
    if (this.#negotiationNeeded) return;
    this.#negotiationNeeded = true;
    if (this.signalingState === 'stable') queueMicrotask(() => this.#fireNegotiationNeeded());
  }

  #fireNegotiationNeeded(): void {
    if (this.#negotiationNeeded && this.signalingState === 'stable') this.onnegotiationneeded?.();
  }

  /** Records the candidate in `addedCandidates`; rejects before a remote description or once closed. */
  async addIceCandidate(candidate: unknown): Promise<void> {
    this.#assertOpen();
    if (!this.remoteDescription) throw new Error('InvalidStateError: no remote description');
    // As a browser does: a candidate for a section the remote description does not have is refused.
    const index = (candidate as { sdpMLineIndex?: number | null } | null)?.sdpMLineIndex;
    const sections = this.remoteDescription.sdp.match(/^m=/gm)?.length ?? 0;
    if (typeof index === 'number' && index >= sections) throw new Error('OperationError: no such section');
    this.addedCandidates.push(candidate);
  }

  /** Counts in `restarts`; the next offer carries a new ufrag, and `onnegotiationneeded` fires in a microtask. */
  restartIce(): void {
    this.restarts++;
    this.#restartPending = true;
    this.#needNegotiation();
  }

  /** Resolves to an empty report. */
  async getStats(): Promise<Map<string, Record<string, unknown>>> {
    return new Map();
  }

  /** Moves `signalingState` and `connectionState` to `closed`, without firing any event. */
  close(): void {
    this.signalingState = 'closed';
    this.connectionState = 'closed';
  }

  /** Test control: moves the connection to `state` and fires the event. */
  simulate(state: RTCPeerConnectionState): void {
    this.connectionState = state;
    this.onconnectionstatechange?.();
  }

  #kinds(): Kind[] {
    return this.#transceivers.map((t) => t.receiver.track.kind);
  }

  #candidate() {
    const json = {
      candidate: `candidate:1 1 udp 2122260223 127.0.0.1 ${40000 + fakeConnections.indexOf(this)} typ host`,
      sdpMid: '0',
      sdpMLineIndex: 0,
      usernameFragment: `u${this.#ufrag}`,
    };
    return { ...json, toJSON: () => json };
  }

  #assertOpen(): void {
    if (this.signalingState === 'closed') throw new Error('InvalidStateError: closed');
  }
}

/**
 * Test control: connects every fake connection that is open, not connected yet, and paired with an open far
 * end (each holds the other's description, as a real ICE exchange needs); returns how many it connected. A
 * link whose far end is gone or never answered stays as it is, so a test cannot make a call look connected
 * that real WebRTC could not connect.
 */
export function connectPairedFakes(): number {
  const open = fakeConnections.filter((pc) => pc.signalingState !== 'closed');
  let connected = 0;
  for (const pc of open) {
    if (pc.connectionState === 'connected' || !open.some((other) => pc.isPairedWith(other))) continue;
    pc.simulate('connected');
    connected += 1;
  }
  return connected;
}
