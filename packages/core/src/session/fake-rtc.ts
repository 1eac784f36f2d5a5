/**
 * A minimal stand-in for `RTCPeerConnection`, for fast Node unit tests of the session state machine and its
 * timers only: it produces well-formed offers/answers, one fake host candidate per description, and lets a
 * test drive the connection state (`simulate`). No media, no real ICE: the Chromium tests cover those.
 * Published in `@meshcall/core/testing` for apps that test their call logic in Node.
 */

type Kind = 'audio' | 'video';

class FakeSender {
  track: MediaStreamTrack | null;
  constructor(track: MediaStreamTrack | null) {
    this.track = track;
  }
  async replaceTrack(track: MediaStreamTrack | null): Promise<void> {
    this.track = track;
  }
  setStreams(): void {}
}

class FakeTransceiver {
  readonly receiver: { track: { kind: Kind } };
  readonly sender: FakeSender;
  direction: RTCRtpTransceiverDirection = 'sendrecv';
  currentDirection: RTCRtpTransceiverDirection | null = null;
  constructor(kind: Kind, track: MediaStreamTrack | null) {
    this.receiver = { track: { kind } };
    this.sender = new FakeSender(track);
  }
}

function sdpFor(kinds: readonly Kind[], ufrag: string, id: number): string {
  return `v=0\r\no=- ${id} 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n${kinds.map((k) => `m=${k} 9 UDP/TLS/RTP/SAVPF 0\r\na=ice-ufrag:${ufrag}\r\n`).join('')}`;
}

let lastId = 0;

/** Every fake connection created, newest last. */
export const fakeConnections: FakeRTCPeerConnection[] = [];

/** The fake. Assign it to `globalThis.RTCPeerConnection` in a test (and put the real one back afterwards). */
export class FakeRTCPeerConnection {
  signalingState: RTCSignalingState = 'stable';
  connectionState: RTCPeerConnectionState = 'new';
  iceConnectionState: RTCIceConnectionState = 'new';
  localDescription: { type: RTCSdpType; sdp: string } | null = null;
  remoteDescription: { type: RTCSdpType; sdp: string } | null = null;
  onicecandidate: ((event: { candidate: unknown }) => void) | null = null;
  ontrack: ((event: unknown) => void) | null = null;
  onconnectionstatechange: (() => void) | null = null;
  oniceconnectionstatechange: (() => void) | null = null;
  onnegotiationneeded: (() => void) | null = null;
  /** Every remote candidate added, in order. */
  readonly addedCandidates: unknown[] = [];
  /** How many times `restartIce()` was called. */
  restarts = 0;
  #transceivers: FakeTransceiver[] = [];
  #restartPending = false;
  #ufrag = 1;
  /**
   * Unique among the fakes of this process, and carried in the SDP's session id (`o=- <id> …`) as a browser
   * does: a test can pair the two ends of a link by it (see {@link FakeRTCPeerConnection.isPairedWith}).
   */
  readonly id = ++lastId;

  constructor() {
    fakeConnections.push(this);
  }

  /** Whether `other` is the far end of this connection: each holds the other's description. */
  isPairedWith(other: FakeRTCPeerConnection): boolean {
    const holds = (connection: FakeRTCPeerConnection, id: number) =>
      connection.remoteDescription?.sdp.includes(`\r\no=- ${id} `) === true;
    return other !== this && holds(this, other.id) && holds(other, this.id);
  }

  addTransceiver(trackOrKind: MediaStreamTrack | Kind): FakeTransceiver {
    const kind = typeof trackOrKind === 'string' ? trackOrKind : (trackOrKind.kind as Kind);
    const transceiver = new FakeTransceiver(kind, typeof trackOrKind === 'string' ? null : trackOrKind);
    this.#transceivers.push(transceiver);
    return transceiver;
  }

  getTransceivers(): FakeTransceiver[] {
    return this.#transceivers;
  }

  async setLocalDescription(): Promise<void> {
    this.#assertOpen();
    const type: RTCSdpType = this.signalingState === 'have-remote-offer' ? 'answer' : 'offer';
    if (this.#restartPending && type === 'offer') this.#ufrag++;
    this.#restartPending = false;
    this.localDescription = { type, sdp: sdpFor(this.#kinds(), `u${this.#ufrag}`, this.id) };
    this.signalingState = type === 'offer' ? 'have-local-offer' : 'stable';
    queueMicrotask(() => {
      this.onicecandidate?.({ candidate: this.#candidate() });
      this.onicecandidate?.({ candidate: null });
    });
  }

  async setRemoteDescription(description: { type: RTCSdpType; sdp: string }): Promise<void> {
    this.#assertOpen();
    this.remoteDescription = description;
    if (description.type === 'offer') {
      for (const kind of ['audio', 'video'] as const) {
        if (description.sdp.includes(`m=${kind}`) && !this.#transceivers.some((t) => t.receiver.track.kind === kind)) {
          this.#transceivers.push(new FakeTransceiver(kind, null));
        }
      }
      this.signalingState = 'have-remote-offer';
    } else {
      this.signalingState = 'stable';
    }
  }

  async addIceCandidate(candidate: unknown): Promise<void> {
    this.#assertOpen();
    if (!this.remoteDescription) throw new Error('InvalidStateError: no remote description');
    this.addedCandidates.push(candidate);
  }

  restartIce(): void {
    this.restarts++;
    this.#restartPending = true;
    queueMicrotask(() => this.onnegotiationneeded?.());
  }

  async getStats(): Promise<Map<string, Record<string, unknown>>> {
    return new Map();
  }

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
