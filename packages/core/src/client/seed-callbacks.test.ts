/**
 * addSeedCallbacks lives as long as the app's listener object, often the whole app session: it must let go of
 * every call that is over, including one an earlier listener of the app closed before the adapter saw it.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, expect, it } from 'vitest';
import { newSessionId } from '../protocol/session-id.js';
import type { CallSession } from '../session/call-session.js';
import { FakeRTCPeerConnection, FakeSessionMedia, ManualClock } from '../testing.js';
import { MemoryNetwork } from '../transport/memory-network.js';
import { CallClient } from './call-client.js';
import { addSeedCallbacks } from './seed-callbacks.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const original = globalThis.RTCPeerConnection;
afterEach(() => {
  globalThis.RTCPeerConnection = original;
});

it('keeps no session that an earlier listener of the app closed as it came in', async () => {
  globalThis.RTCPeerConnection = FakeRTCPeerConnection as unknown as typeof RTCPeerConnection;
  const clock = new ManualClock();
  const network = new MemoryNetwork({ clock });
  const bob = new CallClient({
    transport: network.createTransport('bob@example.test'),
    clock,
    createMedia: ({ callType }) => new FakeSessionMedia(callType === 'video'),
  });
  const sessions: WeakRef<CallSession>[] = [];
  bob.on('sessionAdded', ({ session }) => {
    sessions.push(new WeakRef(session));
    session.reject({ reason: 'do not disturb' });
  });
  const stop = addSeedCallbacks(bob, { onSessionClosed: () => {} });
  const alice = network.createTransport('alice@example.test');
  for (let i = 0; i < 20; i += 1) {
    await alice.send('bob@example.test', {
      kind: 'call',
      sessionId: newSessionId('alice@example.test'),
      callType: 'audio',
      participants: ['alice@example.test', 'bob@example.test'],
      startedAt: clock.now(),
      offer: { type: 'offer', sdp: 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\n' },
      userInfo: {},
    });
    await clock.settle();
  }
  expect(sessions).toHaveLength(20);
  for (let i = 0; i < 3; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
  }
  // One may survive: the last one can still be referenced from a pending microtask.
  expect(sessions.filter((session) => session.deref() !== undefined).length).toBeLessThanOrEqual(1);
  stop();
  await bob.destroy();
});
