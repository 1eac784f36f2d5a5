// @vitest-environment node
/**
 * What the store keeps alive. A store lives as long as its `<CallProvider>`, often the whole app session, so
 * it must let go of every call that is over, including calls it never showed: a call the app declined in its
 * own `incomingCall` listener (do not disturb, a busy rule, QuickBlox's `onReceiveNewSession: s => s.reject()`)
 * is already closed when the store's listener sees it.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { addSeedCallbacks, CallClient, type CallSession, MemoryNetwork, newSessionId } from '@meshcall/core';
import { FakeRTCPeerConnection, FakeSessionMedia, ManualClock } from '@meshcall/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createCallStore } from './createCallStore.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const CALLS = 20;
const original = globalThis.RTCPeerConnection;
afterEach(() => {
  globalThis.RTCPeerConnection = original;
});

type Decline = 'listener' | 'seed callbacks';

/** Bob declines CALLS calls as they ring; returns how many of those sessions are still reachable. */
async function sessionsAliveAfterDeclines(decline: Decline, storeSubscribesFirst: boolean): Promise<number> {
  globalThis.RTCPeerConnection = FakeRTCPeerConnection as unknown as typeof RTCPeerConnection;
  const clock = new ManualClock();
  const network = new MemoryNetwork({ clock });
  const bob = new CallClient({
    transport: network.createTransport(BOB),
    clock,
    createMedia: ({ callType }) => new FakeSessionMedia(callType === 'video'),
  });
  const sessions: WeakRef<CallSession>[] = [];
  bob.on('sessionAdded', ({ session }) => sessions.push(new WeakRef(session)));
  const early = storeSubscribesFirst ? createCallStore(bob, { clock }) : null;
  if (decline === 'seed callbacks') addSeedCallbacks(bob, { onReceiveNewSession: (session) => session.reject() });
  else bob.on('incomingCall', ({ session }) => session.reject({ reason: 'do not disturb' }));
  const store = early ?? createCallStore(bob, { clock });
  const alice = network.createTransport(ALICE);
  for (let i = 0; i < CALLS; i += 1) {
    await alice.send(BOB, {
      kind: 'call',
      sessionId: newSessionId(ALICE),
      callType: 'audio',
      participants: [ALICE, BOB],
      startedAt: clock.now(),
      offer: { type: 'offer', sdp: 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\n' },
      userInfo: {},
    });
    await clock.settle();
  }
  expect(sessions).toHaveLength(CALLS);
  expect(bob.sessions.size).toBe(0);
  for (let i = 0; i < 3; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
  }
  const alive = sessions.filter((session) => session.deref() !== undefined).length;
  // The store is still in use here (as a mounted provider's is); it showed none of these calls.
  expect(store.getState().sessionOrder).toEqual([]);
  store.destroy();
  await bob.destroy();
  return alive;
}

describe('the store keeps no call that is over', () => {
  // One may survive: the last one can still be referenced from the engine's stack or a pending microtask.
  it.each<[Decline, boolean]>([
    ['listener', true],
    ['listener', false],
    ['seed callbacks', false],
  ])('declined by the app (%s), store subscribed first: %s', async (decline, storeFirst) => {
    expect(await sessionsAliveAfterDeclines(decline, storeFirst)).toBeLessThanOrEqual(1);
  });
});
