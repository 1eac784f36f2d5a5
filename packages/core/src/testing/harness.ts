/**
 * Helpers for tests that drive real calls: waiting for conditions (never fixed sleeps), and counting what a
 * page still holds open (peer connections, live capture tracks) to prove that nothing leaks.
 */
import type { CallClient } from '../client/call-client.js';
import type { EventsOf, Unsubscribe } from '../events/emitter.js';
import type { CallSession } from '../session/call-session.js';

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

/** Places a call from `caller` to `callee`, accepts it and waits until both sides are active. */
export async function connectedCall(
  caller: CallClient,
  callee: CallClient,
  callType: 'audio' | 'video' = 'video',
): Promise<[CallSession, CallSession]> {
  const outgoing = caller.createSession([callee.localUser], callType);
  const ringing = incoming(callee);
  await outgoing.start();
  const call = await ringing;
  await call.accept();
  await waitFor(() => outgoing.state === 'active' && call.state === 'active', 'call active', 20_000);
  return [outgoing, call];
}

/** Waits until video from `userId` is decoded at `session`, and then keeps being decoded. */
export async function expectVideoFlowing(session: StatsSource, userId: string): Promise<void> {
  const first = await framesDecodedAbove(session, userId, 0);
  await framesDecodedAbove(session, userId, first);
}
