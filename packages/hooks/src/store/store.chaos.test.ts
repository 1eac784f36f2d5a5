/**
 * The store never drifts from the engine: real `CallClient`s (fake RTCPeerConnection and media, manual clock,
 * in-process network) go through random calls — accepts, rejects, hang-ups, mutes, call-backs, link changes,
 * clock jumps — and after every step each client's store, built up from events, must hold what a fresh read of
 * the engine says. Only what the engine does not keep (stats, errors, the last ended call) is left out of the
 * comparison.
 */
import { CallClient, type CallSession, MemoryNetwork } from '@meshcall/core';
import {
  FakeRTCPeerConnection,
  FakeSessionMedia,
  fakeConnections,
  ManualClock,
  seededRandom,
} from '@meshcall/core/testing';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallState } from '../types.js';
import { createCallStore } from './createCallStore.js';
import { readClient } from './read.js';
import { initialCallState } from './reducer.js';

/** Runs per test: 150 in CI, more with `CHAOS_RUNS`. */
const RUNS = Number(process.env.CHAOS_RUNS || 150);

const USERS = ['alice@example.test', 'bob@example.test', 'carol@example.test'] as const;
type Who = 0 | 1 | 2;

type Move =
  | { readonly type: 'call'; readonly from: Who; readonly to: readonly Who[]; readonly video: boolean }
  | { readonly type: 'accept' | 'reject' | 'hangUp'; readonly who: Who; readonly pick: number }
  | { readonly type: 'mute' | 'camera'; readonly who: Who; readonly pick: number; readonly on: boolean }
  /** `index` null: every open connection at once (how calls get connected quickly). */
  | { readonly type: 'connection'; readonly index: number | null; readonly state: RTCPeerConnectionState }
  | { readonly type: 'wait'; readonly ms: number };

const whoArb = fc.constantFrom<Who>(0, 1, 2);
const pickArb = fc.nat(3);
const moveArb: fc.Arbitrary<Move> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('call' as const),
      from: whoArb,
      to: fc.uniqueArray(whoArb, { minLength: 1, maxLength: 2 }),
      video: fc.boolean(),
    }),
  },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('accept' as const), who: whoArb, pick: pickArb }) },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constantFrom('reject' as const, 'hangUp' as const), who: whoArb, pick: pickArb }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constantFrom('mute' as const, 'camera' as const),
      who: whoArb,
      pick: pickArb,
      on: fc.boolean(),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      type: fc.constant('connection' as const),
      index: fc.oneof(fc.constant(null), fc.nat(20)),
      state: fc.constantFrom<RTCPeerConnectionState>('connected', 'connected', 'connected', 'disconnected', 'failed'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('wait' as const),
      ms: fc.oneof(fc.constant(0), fc.nat(3_000), fc.nat(40_000)),
    }),
  },
);

/** What both the store and a fresh read of the engine know, in a comparable shape. */
function comparable(state: CallState) {
  return {
    status: state.status,
    localUser: state.localUser,
    sessions: Object.fromEntries(
      Object.values(state.sessions).map(
        ({ localTracks: _tracks, stats: _stats, activeSpeaker: _held, presenters, peers, ...facts }) => [
          facts.id,
          {
            ...facts,
            // Who shares: the same people; their order is when each started, which a fresh read cannot know.
            presenters: [...presenters].sort(),
            peers: Object.fromEntries(
              Object.values(peers).map((peer) => [
                peer.userId,
                {
                  state: peer.state,
                  media: peer.media,
                  audio: peer.audioTrack,
                  video: peer.videoTrack,
                  userInfo: peer.userInfo,
                  rejectReason: peer.rejectReason,
                },
              ]),
            ),
          },
        ],
      ),
    ),
    incomingSessionIds: state.incomingSessionIds,
    activeSessionId: state.activeSessionId,
  };
}

let clock: ManualClock;
const originalPeerConnection = globalThis.RTCPeerConnection;

beforeEach(() => {
  globalThis.RTCPeerConnection = FakeRTCPeerConnection as unknown as typeof RTCPeerConnection;
});

afterEach(() => {
  globalThis.RTCPeerConnection = originalPeerConnection;
});

/** Runs an engine command; refusals (a session that moved on meanwhile) are part of the game. */
function attempt(action: () => unknown): void {
  try {
    const result = action();
    if (result instanceof Promise) result.catch(() => {});
  } catch {
    // refused: the store must still match the engine
  }
}

async function run(moves: readonly Move[]): Promise<string[]> {
  clock = new ManualClock();
  fakeConnections.length = 0;
  const network = new MemoryNetwork({ clock, jitterMs: 30, random: seededRandom(moves.length) });
  const clients = USERS.map(
    (user) =>
      new CallClient({
        transport: network.createTransport(user),
        clock,
        busyPolicy: 'ring',
        answerTimeout: 20_000,
        disconnectTimeout: 10_000,
        speakingInterval: 0,
        createMedia: ({ callType }) => new FakeSessionMedia(callType === 'video'),
      }),
  );
  const stores = clients.map((client) => createCallStore(client, { clock }));
  const drift: string[] = [];
  /** One of `who`'s sessions, preferring those where the move makes sense (ringing for accept/reject, …). */
  const sessionOf = (who: Who, pick: number, fits: (session: CallSession) => boolean): CallSession | undefined => {
    const all = [...(clients[who]?.sessions.values() ?? [])];
    const fitting = all.filter(fits);
    const pool = fitting.length > 0 ? fitting : all;
    return pool[pick % Math.max(1, pool.length)];
  };
  const ringing = (session: CallSession) => session.direction === 'incoming' && session.state === 'pending';
  const inCall = (session: CallSession) => session.state === 'active' || session.state === 'connecting';

  for (const [step, move] of moves.entries()) {
    switch (move.type) {
      case 'call': {
        const opponents = move.to.filter((who) => who !== move.from).map((who) => USERS[who]);
        if (opponents.length === 0) break;
        attempt(() =>
          clients[move.from]
            ?.createSession(opponents, move.video ? 'video' : 'audio')
            .start({ caller: USERS[move.from] ?? '' }),
        );
        break;
      }
      case 'accept':
      case 'reject':
      case 'hangUp': {
        const session = sessionOf(move.who, move.pick, move.type === 'hangUp' ? inCall : ringing);
        if (session) attempt(() => session[move.type]());
        break;
      }
      case 'mute':
      case 'camera': {
        const session = sessionOf(move.who, move.pick, inCall);
        if (!session) break;
        attempt(() => (move.type === 'mute' ? session.setAudioMuted(move.on) : session.setVideoMuted(move.on)));
        break;
      }
      case 'connection': {
        const targets = move.index === null ? fakeConnections : [fakeConnections[move.index % fakeConnections.length]];
        for (const connection of targets)
          if (connection && connection.signalingState !== 'closed') connection.simulate(move.state);
        break;
      }
      case 'wait':
        await clock.settle(move.ms);
        break;
    }
    // Long enough for the jittery network to deliver what the move sent.
    await clock.settle(50);
    for (const [index, client] of clients.entries()) {
      const fromEvents = comparable(stores[index]!.getState());
      const fresh = comparable(initialCallState(readClient(client)));
      if (JSON.stringify(fromEvents) !== JSON.stringify(fresh)) {
        drift.push(
          `step ${step} (${move.type}), ${USERS[index]}:\n  store ${JSON.stringify(fromEvents)}\n  engine ${JSON.stringify(fresh)}`,
        );
      }
    }
    if (drift.length > 0) break;
  }
  for (const store of stores) store.destroy();
  for (const client of clients) await client.destroy();
  return drift;
}

describe('the store under random calls', () => {
  it('always matches a fresh read of the engine', { timeout: 60_000 + RUNS * 20 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(moveArb, { minLength: 1, maxLength: 40 }), async (moves) => {
        expect(await run(moves)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });
});
