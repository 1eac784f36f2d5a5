/**
 * Helpers for tests that drive real calls: waiting for conditions (never fixed sleeps), and counting what a
 * page still holds open (peer connections, live capture tracks) to prove that nothing leaks.
 */
import type { CallClient } from '../client/call-client.js';
import type { EventsOf, Unsubscribe } from '../events/emitter.js';
import type { Signal, UserInfo } from '../protocol/signal.js';
import type { CallSession } from '../session/call-session.js';
import { isMeshcallError, type MeshcallError } from '../util/errors.js';

/** Any meshcall emitter (its event map is read from the type with `EventsOf`). */
type AnySubscribable = { on(name: never, listener: never): Unsubscribe };

/** Waits until `predicate()` is true, polling; rejects with `message` after `timeout` ms. */
export async function waitFor(predicate: () => boolean, message: string, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves with the next payload of `name` that satisfies `filter`; rejects after `timeout` ms. */
export function nextEvent<S extends AnySubscribable, K extends keyof EventsOf<S> & string>(
  source: S,
  name: K,
  filter: (payload: EventsOf<S>[K]) => boolean = () => true,
  timeout = 10_000,
): Promise<EventsOf<S>[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${timeout} ms waiting for event ${String(name)}`));
    }, timeout);
    const on = source.on as (name: K, listener: (payload: EventsOf<S>[K]) => void) => Unsubscribe;
    const off = on.call(source, name, (payload) => {
      if (!filter(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** Records every payload of `name`. */
export function record<S extends AnySubscribable, K extends keyof EventsOf<S> & string>(
  source: S,
  name: K,
): EventsOf<S>[K][] {
  const items: EventsOf<S>[K][] = [];
  const on = source.on as (name: K, listener: (payload: EventsOf<S>[K]) => void) => Unsubscribe;
  on.call(source, name, (payload) => items.push(payload));
  return items;
}

/**
 * Counts peer connections and capture tracks created in this page from now on, by wrapping the
 * `RTCPeerConnection` constructor and `getUserMedia`. Call `restore()` when done.
 */
export function trackResources(): {
  /** Every peer connection created since, in creation order. */
  connections(): readonly RTCPeerConnection[];
  openPeerConnections(): number;
  liveCaptureTracks(): number;
  restore(): void;
} {
  const connections: RTCPeerConnection[] = [];
  const tracks: MediaStreamTrack[] = [];
  const Original = globalThis.RTCPeerConnection;
  const Counted = class extends Original {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      connections.push(this);
    }
  };
  globalThis.RTCPeerConnection = Counted as typeof RTCPeerConnection;
  const devices = navigator.mediaDevices;
  const originalGetUserMedia = devices.getUserMedia;
  devices.getUserMedia = async function (this: MediaDevices, constraints?: MediaStreamConstraints) {
    const stream = await originalGetUserMedia.call(devices, constraints);
    tracks.push(...stream.getTracks());
    return stream;
  };
  return {
    connections: () => connections,
    openPeerConnections: () => connections.filter((pc) => pc.signalingState !== 'closed').length,
    liveCaptureTracks: () => tracks.filter((track) => track.readyState === 'live').length,
    restore: () => {
      globalThis.RTCPeerConnection = Original;
      devices.getUserMedia = originalGetUserMedia;
    },
  };
}

/** Anything with per-peer stats (a `CallSession`). */
interface StatsSource {
  readonly localUser: string;
  getStats(): Promise<ReadonlyMap<string, { readonly framesDecoded: number | null }>>;
}

/**
 * Resolves with the number of video frames decoded from `userId` once it exceeds `minimum`. Polls one
 * `getStats()` at a time: a poll every few ms queues stats requests faster than the browser answers them
 * under load, and can starve the very media it measures.
 */
export async function framesDecodedAbove(
  session: StatsSource,
  userId: string,
  minimum: number,
  timeout = 15_000,
): Promise<number> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const frames = (await session.getStats()).get(userId)?.framesDecoded ?? 0;
    if (frames > minimum) return frames;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for frames from ${userId} at ${session.localUser}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Resolves with the next call ringing on `callee`. */
export function incoming(callee: CallClient, timeout = 15_000): Promise<CallSession> {
  return nextEvent(callee, 'incomingCall', undefined, timeout).then(({ session }) => session);
}

/** Places a call from `caller` to `callee` and resolves once it rings there: `[outgoing, incoming]`. */
export async function ringingCall(
  caller: CallClient,
  callee: CallClient,
  callType: 'audio' | 'video' = 'video',
  userInfo?: UserInfo,
): Promise<[CallSession, CallSession]> {
  const outgoing = caller.createSession([callee.localUser], callType);
  const ringing = incoming(callee);
  await outgoing.start(userInfo);
  return [outgoing, await ringing];
}

/** Places a call from `caller` to `callee`, accepts it and waits until both sides are active. */
export async function connectedCall(
  caller: CallClient,
  callee: CallClient,
  callType: 'audio' | 'video' = 'video',
): Promise<[CallSession, CallSession]> {
  const [outgoing, call] = await ringingCall(caller, callee, callType);
  await call.accept();
  await waitFor(() => outgoing.state === 'active' && call.state === 'active', 'call active', 20_000);
  return [outgoing, call];
}

/** Waits until video from `userId` is decoded at `session`, and then keeps being decoded. */
export async function expectVideoFlowing(session: StatsSource, userId: string): Promise<void> {
  const first = await framesDecodedAbove(session, userId, 0);
  await framesDecodedAbove(session, userId, first);
}

/** Whether every session in `sessions` has every link connected. */
export function everyLinkConnected(sessions: readonly CallSession[]): boolean {
  return sessions.every((session) => session.opponents.every((peer) => session.getPeerState(peer) === 'connected'));
}

/**
 * A video group call from `caller` to `callees`, answered by each callee in turn (a late accept must still
 * connect to everyone), or all at once with `together`; resolves with `[outgoing, ...incoming]` once every link
 * is connected.
 */
export async function meshCall(
  caller: CallClient,
  callees: readonly CallClient[],
  { together = false, timeout = 30_000 }: { together?: boolean; timeout?: number } = {},
): Promise<CallSession[]> {
  const outgoing = caller.createSession(
    callees.map((callee) => callee.localUser),
    'video',
  );
  const ringing = callees.map((callee) => incoming(callee));
  await outgoing.start();
  const calls = await Promise.all(ringing);
  if (together) await Promise.all(calls.map((call) => call.accept()));
  else for (const call of calls) await call.accept();
  const sessions = [outgoing, ...calls];
  const links = (sessions.length * (sessions.length - 1)) / 2;
  await waitFor(() => everyLinkConnected(sessions), `all ${links} links connected`, timeout);
  return sessions;
}

/** Waits until video is decoded, and keeps being decoded, on every link of every session. */
export async function expectEveryLinkFlowing(sessions: readonly CallSession[]): Promise<void> {
  for (const session of sessions) {
    for (const peer of session.opponents) await expectVideoFlowing(session, peer);
  }
}

/**
 * Every signal an outsider could forge about session `sessionId`: hang-up, decline, both cancels, a media state,
 * a candidate and an accept. None of them may change anything in a call the sender is not part of.
 */
export function forgedSignals(sessionId: string): Signal[] {
  return [
    { kind: 'hangup', sessionId, userInfo: {} },
    { kind: 'reject', sessionId, reason: 'declined', userInfo: {} },
    { kind: 'cancel', sessionId, reason: 'answered-elsewhere' },
    { kind: 'cancel', sessionId, reason: 'cancelled' },
    { kind: 'media', sessionId, media: { audioMuted: true, videoMuted: true, screenSharing: false } },
    {
      kind: 'candidates',
      sessionId,
      candidates: [
        { candidate: 'candidate:1 1 udp 1 10.0.0.1 9 typ host', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: null },
      ],
    },
    { kind: 'accept', sessionId, answer: null, userInfo: { as: 'someone else' } },
  ];
}

/** The error `promise` rejects with, which must be a `MeshcallError`; throws if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<MeshcallError> {
  try {
    await promise;
  } catch (error) {
    if (isMeshcallError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

/** Wraps `sender`'s transport: `tap` sees every signal, and returns how many copies go out (default 1). */
export function tap(sender: CallClient, onSend: (signal: Signal, to: string) => number | undefined): void {
  const transport = sender.transport;
  const send = transport.send.bind(transport);
  transport.send = async (to, signal) => {
    const copies = onSend(signal, to) ?? 1;
    for (let i = 0; i < copies; i++) await send(to, signal);
  };
}

/** Loses the first `kind` signal `sender` sends to a device of `user` on the way; tells whether it has. */
export function loseFirst(sender: CallClient, kind: Signal['kind'], user: string): () => boolean {
  let lost = false;
  tap(sender, (signal, to) => {
    if (lost || signal.kind !== kind || !to.startsWith(user)) return undefined;
    lost = true;
    return 0;
  });
  return () => lost;
}
