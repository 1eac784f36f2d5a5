/**
 * Invariants shared by the chaos tests (Node, fake RTC; and the one through a real Prosody): what must hold
 * event by event whatever a run does. Test support only, not part of `@meshcall/core/testing`.
 */
import { afterEach, beforeEach } from 'vitest';
import type { CallClient } from '../client/call-client.js';
import type { MediaState } from '../protocol/signal.js';
import type { CallSession } from '../session/call-session.js';
import { type SessionState, TERMINAL_PEER_STATES } from '../session/types.js';
import { MeshcallError } from '../util/errors.js';
import { FakeMediaStream } from './fake-media.js';
import { FakeRTCPeerConnection, fakeConnections } from './fake-rtc.js';
import { waitFor } from './harness.js';

const STATE_RANK: Record<SessionState, number> = {
  new: 0,
  pending: 1,
  connecting: 2,
  active: 3,
  closing: 4,
  closed: 5,
};

/** Everything that went wrong in one run, as readable lines (the property asserts there are none). */
export class Violations {
  readonly lines: string[] = [];
  add(line: string): void {
    this.lines.push(line);
  }
}

/**
 * Watches one session for the invariants that can be checked event by event: once-only events happen once,
 * the session state only moves forward, an ended link stays ended, errors are `MeshcallError`s. With
 * `outsider` (a user id prefix), no event may name that user: the call under test, which an outsider must
 * never get into (her own calls are allowed to ring).
 */
export function watch(session: CallSession, where: string, violations: Violations, outsider?: string): void {
  const once = new Set<string>();
  const onlyOnce = (key: string) => {
    if (once.has(key)) violations.add(`${where}: ${key} twice`);
    once.add(key);
  };
  session.on('closed', () => onlyOnce('closed'));
  session.on('closing', () => onlyOnce('closing'));
  // A user taken for gone can still come in: another device of theirs answers (see `CallSession.#reopen`). So a
  // hang-up is once per stint in the call: a second one needs an accept after the first.
  const gone = new Set<string>();
  session.on('accepted', ({ userId }) => {
    onlyOnce(`accepted by ${userId}`);
    gone.delete(userId);
  });
  session.on('hungUp', ({ userId }) => {
    if (gone.has(userId)) violations.add(`${where}: hungUp by ${userId} twice`);
    gone.add(userId);
  });
  session.on('stateChanged', ({ state, previous }) => {
    if (STATE_RANK[state] <= STATE_RANK[previous]) violations.add(`${where}: session ${previous} → ${state}`);
  });
  session.on('peerStateChanged', ({ userId, state, previous }) => {
    if (TERMINAL_PEER_STATES.has(previous)) violations.add(`${where}: link to ${userId} ${previous} → ${state}`);
  });
  const named = (userId: string | undefined, event: string) => {
    if (outsider !== undefined && userId?.startsWith(outsider)) violations.add(`${where}: ${event} names the outsider`);
  };
  for (const event of ['accepted', 'rejected', 'hungUp', 'remoteTrack', 'remoteMediaChanged'] as const) {
    session.on(event, (payload) => named(payload.userId, event));
  }
  session.on('speakersChanged', ({ speakers }) => {
    for (const userId of speakers) named(userId, 'speakersChanged');
  });
  session.on('error', ({ error }) => {
    if (!(error instanceof MeshcallError)) violations.add(`${where}: error event with a ${String(error)}`);
  });
}

/** Runs an engine call; it may refuse (e.g. accept on a closed session), but only with a MeshcallError. */
export function attempt(violations: Violations, what: string, action: () => unknown): void {
  const report = (error: unknown) => {
    if (!(error instanceof MeshcallError)) violations.add(`${what} threw ${String(error)}`);
  };
  try {
    const result = action();
    if (result instanceof Promise) result.catch(report);
  } catch (error) {
    report(error);
  }
}

/**
 * ICE, modelled: a connection whose far end is open and done negotiating connects; one whose far end has
 * closed (its side hung up, maybe without a word reaching us) loses its media and disconnects, as a real one
 * would when its packets stop.
 */
export function runIce(): void {
  for (const connection of fakeConnections) {
    if (connection.signalingState === 'closed') continue;
    const farEnd = fakeConnections.find((other) => connection.isPairedWith(other));
    const negotiated = connection.signalingState === 'stable' && farEnd?.signalingState === 'stable';
    if (negotiated && connection.connectionState !== 'connected') connection.simulate('connected');
    const farEndGone = farEnd === undefined || farEnd.signalingState === 'closed';
    if (farEndGone && connection.connectionState === 'connected') connection.simulate('disconnected');
  }
}

/**
 * An audio call from `caller` to `callee` (one user), answered at once, with ICE run by hand as above; resolves
 * once both sides are active. For tests over real transports with the fake RTC.
 */
export async function answeredCall(
  caller: CallClient,
  callee: CallClient,
): Promise<{ outgoing: CallSession; incoming: CallSession }> {
  let incoming: CallSession | undefined;
  callee.on('incomingCall', ({ session }) => {
    incoming = session;
    void session.accept();
  });
  const outgoing = caller.createSession([callee.localUser], 'audio');
  await outgoing.start();
  await waitFor(() => {
    runIce();
    return outgoing.state === 'active' && incoming?.state === 'active';
  }, 'call active');
  return { outgoing, incoming: incoming as CallSession };
}

/** Links one side takes for connected while the other side's call is not live with it: half-open calls. */
export function halfOpen(all: readonly CallClient[]): string[] {
  return all.flatMap((client) =>
    [...client.sessions.values()].flatMap((session) =>
      [...session.peers]
        .filter(([, peer]) => peer.state === 'connected')
        .filter(([userId]) =>
          all.every((other) => {
            const there = other.localUser === userId ? other.getSession(session.id) : undefined;
            return (
              there === undefined || there.state !== 'active' || there.getPeerState(client.localUser) !== 'connected'
            );
          }),
        )
        .map(([userId]) => `${session.localUser} ${session.id}: connected to ${userId}, who is not in it`),
    ),
  );
}

/**
 * Media states one side shows that the other side no longer has: for every connected link of a live call,
 * what we show of the other participant (`peers.get(them).media`, "all on" until announced) must equal their
 * own `localMedia`. Holds once signals stop getting lost: mute, camera and screen changes are announced, and
 * announced again to a device that comes back online.
 */
export function staleMedia(all: readonly CallClient[]): string[] {
  const flags = (media: MediaState | null) =>
    media ? `${media.audioMuted}/${media.videoMuted}/${media.screenSharing}` : 'false/false/false';
  return all.flatMap((client) =>
    [...client.sessions.values()].flatMap((session) =>
      [...session.peers]
        .filter(([, peer]) => peer.state === 'connected')
        .flatMap(([userId, peer]) => {
          const theirs = all
            .filter((other) => other.localUser === userId)
            .map((other) => other.getSession(session.id))
            .find((there) => there?.state === 'active' && there.getPeerState(client.localUser) === 'connected');
          if (!theirs || flags(peer.media) === flags(theirs.localMedia)) return [];
          return [`${session.localUser} shows ${userId} as ${flags(peer.media)}, who is ${flags(theirs.localMedia)}`];
        }),
    ),
  );
}

/**
 * Moves `connection` to `state` as a network could: anything may fail or drop at any time, but ICE connects
 * only once both descriptions are set (a connection that never got its answer cannot connect).
 */
export function simulateConnection(connection: FakeRTCPeerConnection | undefined, state: RTCPeerConnectionState): void {
  if (!connection || connection.signalingState === 'closed') return;
  const negotiated = connection.localDescription !== null && connection.remoteDescription !== null;
  if (state !== 'connected' || negotiated) connection.simulate(state);
}

/**
 * For each test of the calling file: `FakeRTCPeerConnection` as `RTCPeerConnection` (with an empty
 * `fakeConnections`) and `FakeMediaStream` as `MediaStream`, so the engine and the real `LocalMedia` run in
 * Node; the originals are put back after each test.
 */
export function useFakeRtcAndStreams(): void {
  const originalPeerConnection = globalThis.RTCPeerConnection;
  const originalMediaStream = globalThis.MediaStream;
  beforeEach(() => {
    fakeConnections.length = 0;
    globalThis.RTCPeerConnection = FakeRTCPeerConnection as unknown as typeof RTCPeerConnection;
    globalThis.MediaStream = FakeMediaStream as unknown as typeof MediaStream;
  });
  afterEach(() => {
    globalThis.RTCPeerConnection = originalPeerConnection;
    globalThis.MediaStream = originalMediaStream;
  });
}
