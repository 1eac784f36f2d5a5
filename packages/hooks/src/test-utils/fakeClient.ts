/**
 * A fake call client for fast unit tests of the store and hooks: it has the public shape of
 * `CallClient`/`CallSession` (see core-api.md) and lets a test drive the engine's events by hand.
 * The real engine is exercised by the browser test.
 */
import {
  type CallSessionEvents,
  type CallType,
  type CloseReason,
  Emitter,
  type LocalMediaState,
  type MediaState,
  MeshcallError,
  type PeerState,
  type PeerStats,
  type PresenceUpdate,
  type ScreenShareOptions,
  type SessionState,
  type TransportStatus,
  type UserId,
  type UserInfo,
} from '@meshcall/core';
import { emptyParticipant } from '../store/reducer.js';
import type { CallClientLike, CallClientLikeEvents, CallSessionLike, PeerSnapshot } from '../types.js';

let trackSeq = 0;

/** A stand-in for a MediaStreamTrack (jsdom has none). */
export function fakeTrack(kind: 'audio' | 'video'): MediaStreamTrack {
  trackSeq += 1;
  return { id: `${kind}-${trackSeq}`, kind, readyState: 'live' } as unknown as MediaStreamTrack;
}

/** A stand-in for a MediaStream holding `tracks`. */
export function fakeStream(tracks: MediaStreamTrack[] = []): MediaStream {
  trackSeq += 1;
  return {
    id: `stream-${trackSeq}`,
    getTracks: () => [...tracks],
    getAudioTracks: () => tracks.filter((t) => t.kind === 'audio'),
    getVideoTracks: () => tracks.filter((t) => t.kind === 'video'),
  } as unknown as MediaStream;
}

const DEFAULT_MEDIA: LocalMediaState = {
  audioMuted: false,
  videoMuted: false,
  screenSharing: false,
  audioDeviceId: null,
  videoDeviceId: null,
};

/** A session whose engine side the test drives. Public methods record calls and change state like the engine. */
export class FakeSession implements CallSessionLike {
  readonly events = new Emitter<CallSessionEvents>();
  readonly calls: string[] = [];
  readonly localUser: UserId;
  readonly participants: readonly UserId[];
  readonly opponents: readonly UserId[];
  state: SessionState;
  closeReason: CloseReason | null = null;
  closeError: MeshcallError | null = null;
  startedAt: number | null = null;
  activeSince: number | null = null;
  readonly peers = new Map<UserId, PeerSnapshot>();
  localStream: MediaStream | null = null;
  localSideCamera: MediaStreamTrack | null = null;
  localMedia: LocalMediaState = DEFAULT_MEDIA;
  speakers: readonly UserId[] = [];

  constructor(
    private readonly client: FakeClient,
    readonly id: string,
    readonly direction: 'incoming' | 'outgoing',
    readonly callType: CallType,
    readonly initiator: UserId,
    others: readonly UserId[],
    public userInfo: UserInfo = {},
  ) {
    this.localUser = client.localUser;
    this.participants = [initiator, ...others.filter((u) => u !== initiator)];
    this.opponents = this.participants.filter((u) => u !== this.localUser);
    this.state = direction === 'incoming' ? 'pending' : 'new';
    if (direction === 'incoming') this.startedAt = Date.now();
    for (const userId of this.opponents) this.peers.set(userId, emptyParticipant(userId));
  }

  on: CallSessionLike['on'] = (name, listener) => this.events.on(name, listener);
  once: CallSessionLike['once'] = (name, listener) => this.events.once(name, listener);

  /** Listeners attached to this session right now. */
  listenerCount(): number {
    return this.events.listenerCount();
  }

  setState(state: SessionState): void {
    const previous = this.state;
    if (previous === state) return;
    this.state = state;
    if (state === 'active') this.activeSince ??= Date.now();
    this.events.emit('stateChanged', { state, previous });
  }

  setPeerState(userId: UserId, state: PeerState): void {
    const peer = this.peers.get(userId)!;
    const previous = peer.state;
    this.peers.set(userId, { ...peer, state });
    this.events.emit('peerStateChanged', { userId, state, previous });
  }

  /** Delivers a remote track of `userId` (engine: `ontrack`). */
  addRemoteTrack(userId: UserId, kind: 'audio' | 'video'): MediaStreamTrack {
    const peer = this.peers.get(userId)!;
    const track = fakeTrack(kind);
    const stream = peer.stream ?? fakeStream();
    this.peers.set(userId, { ...peer, [kind === 'audio' ? 'audioTrack' : 'videoTrack']: track, stream });
    this.events.emit('remoteTrack', { userId, kind, track, stream });
    return track;
  }

  /** `userId` shares a screen with their camera beside it (engine: media state, then `remoteSideCamera`). */
  shareWithSideCamera(userId: UserId): MediaStreamTrack {
    const track = fakeTrack('video');
    this.setRemoteMedia(userId, { audioMuted: false, videoMuted: false, screenSharing: true });
    this.peers.set(userId, { ...this.peers.get(userId)!, sideCameraTrack: track });
    this.events.emit('remoteSideCamera', { userId, track });
    return track;
  }

  /** `userId`'s shared screen comes with its sound (engine: media state, then `remoteScreenAudio`). */
  shareScreenSound(userId: UserId): MediaStreamTrack {
    const track = fakeTrack('audio');
    this.setRemoteMedia(userId, { audioMuted: false, videoMuted: false, screenSharing: true, screenAudio: true });
    this.peers.set(userId, { ...this.peers.get(userId)!, screenAudioTrack: track });
    this.events.emit('remoteScreenAudio', { userId, track });
    return track;
  }

  /** The local user's camera goes beside their shared screen (`null`: no longer), as the engine tells it. */
  setLocalSideCamera(track: MediaStreamTrack | null): void {
    this.localSideCamera = track;
    this.events.emit('localSideCamera', { track });
  }

  setRemoteMedia(userId: UserId, media: MediaState): void {
    this.peers.set(userId, { ...this.peers.get(userId)!, media });
    this.events.emit('remoteMediaChanged', { userId, media });
  }

  setLocalTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): void {
    const current = this.localStream?.getTracks().filter((t) => t.kind !== kind) ?? [];
    this.localStream = fakeStream(track ? [...current, track] : current);
    this.events.emit('localTrack', {
      kind,
      track,
      source: track ? (kind === 'audio' ? 'microphone' : 'camera') : null,
    });
  }

  setSpeakers(speakers: readonly UserId[]): void {
    this.speakers = speakers;
    this.events.emit('speakersChanged', { speakers });
  }

  emitStats(stats: PeerStats[]): void {
    this.events.emit('stats', { stats: new Map(stats.map((s) => [s.userId, s])) });
  }

  emitError(code: MeshcallError['code'], userId?: UserId): MeshcallError {
    const error = new MeshcallError(code, `fake ${code}`);
    this.events.emit('error', userId === undefined ? { error } : { error, userId });
    return error;
  }

  /** Closes like the engine: closing → closed, then the client removes it (`error`: what ended it, if a failure did). */
  close(reason: CloseReason, error: MeshcallError | null = null): void {
    if (this.state === 'closed' || this.state === 'closing') return;
    this.closeReason = reason;
    this.closeError = error;
    this.setState('closing');
    this.events.emit('closing', { reason });
    for (const userId of this.opponents) this.peers.set(userId, { ...this.peers.get(userId)!, state: 'closed' });
    this.setState('closed');
    this.events.emit('closed', { reason });
    this.client.remove(this, reason);
  }

  async start(): Promise<void> {
    this.calls.push('start');
    this.startedAt = Date.now();
    this.setState('pending');
  }
  async accept(): Promise<void> {
    this.calls.push('accept');
    this.setState('connecting');
  }
  reject(): void {
    this.calls.push('reject');
    this.close('rejected');
  }
  hangUp(): void {
    this.calls.push('hangUp');
    this.close('hungUp');
  }
  setAudioMuted(muted: boolean): void {
    this.calls.push(`setAudioMuted:${muted}`);
    this.localMedia = { ...this.localMedia, audioMuted: muted };
    this.events.emit('localMediaChanged', { media: this.localMedia });
  }
  async setVideoMuted(muted: boolean): Promise<void> {
    this.calls.push(`setVideoMuted:${muted}`);
  }
  async switchCamera(): Promise<void> {
    this.calls.push('switchCamera');
  }
  async selectDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<void> {
    this.calls.push(`selectDevice:${kind}:${deviceId}`);
  }
  async startScreenShare(options?: ScreenShareOptions): Promise<void> {
    this.calls.push(options?.audio === false ? 'startScreenShare:no sound' : 'startScreenShare');
  }
  async stopScreenShare(): Promise<void> {
    this.calls.push('stopScreenShare');
  }
  async getStats(): Promise<ReadonlyMap<UserId, PeerStats>> {
    this.calls.push('getStats');
    return new Map(this.opponents.map((userId) => [userId, fakeStats(userId, this.calls.length)]));
  }
}

/** Stats with only `rttMs` set. */
export function fakeStats(userId: UserId, rttMs: number): PeerStats {
  return {
    userId,
    timestamp: rttMs,
    rttMs,
    outgoingBitrate: null,
    incomingBitrate: null,
    packetLoss: null,
    video: null,
    framesDecoded: null,
    route: null,
  };
}

/** A client whose engine side the test drives. */
export class FakeClient implements CallClientLike {
  readonly events = new Emitter<CallClientLikeEvents>();
  readonly sessions = new Map<string, FakeSession>();
  status: TransportStatus = 'online';
  readonly online = new Set<UserId>();
  private seq = 0;

  constructor(readonly localUser: UserId = 'alice@example.test') {}

  on: CallClientLike['on'] = (name, listener) => this.events.on(name, listener);
  once: CallClientLike['once'] = (name, listener) => this.events.once(name, listener);

  onlineUsers(): ReadonlySet<UserId> {
    return this.online;
  }

  getSession(id: string): FakeSession | undefined {
    return this.sessions.get(id);
  }

  createSession(opponents: readonly UserId[], callType: CallType): FakeSession {
    if (opponents.length > 3) throw new MeshcallError('too-many-participants', 'at most 3 opponents');
    this.seq += 1;
    const session = new FakeSession(this, `out-${this.seq}`, 'outgoing', callType, this.localUser, opponents);
    this.sessions.set(session.id, session);
    this.events.emit('sessionAdded', { session });
    return session;
  }

  /** Simulates a call arriving from `from`. */
  ring(
    from: UserId,
    callType: CallType = 'video',
    others: readonly UserId[] = [],
    userInfo: UserInfo = {},
  ): FakeSession {
    this.seq += 1;
    const session = new FakeSession(
      this,
      `in-${this.seq}`,
      'incoming',
      callType,
      from,
      [this.localUser, ...others],
      userInfo,
    );
    this.sessions.set(session.id, session);
    this.events.emit('sessionAdded', { session });
    this.events.emit('incomingCall', { session });
    return session;
  }

  remove(session: FakeSession, reason: CloseReason): void {
    this.sessions.delete(session.id);
    this.events.emit('sessionRemoved', { session, reason });
  }

  setStatus(status: TransportStatus): void {
    this.status = status;
    this.events.emit('statusChanged', { status });
  }

  setPresence(user: UserId, available: boolean): void {
    if (available) this.online.add(user);
    else this.online.delete(user);
    const update: PresenceUpdate = { address: `${user}/web`, user, available };
    this.events.emit('presence', update);
  }

  /** Listeners on the client and on every session ever created (including closed ones). */
  listenerCount(extra: readonly FakeSession[] = []): number {
    let total = this.events.listenerCount();
    for (const session of new Set([...this.sessions.values(), ...extra])) total += session.listenerCount();
    return total;
  }
}

/** A clock whose time only moves when the test says so (the one core's own tests use). */
export { ManualClock } from '@meshcall/core/testing';
