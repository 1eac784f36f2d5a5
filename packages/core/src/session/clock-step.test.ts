/**
 * Catching up held timers (after a sleep, a frozen or cached page) goes by the wall clock, which also moves when
 * the clock is set forward while the machine stays awake (a time sync, the user fixing the time): that must not
 * end calls early at the next tab switch. A call that has rung 20 s of its 60 s keeps ringing.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CallClient } from '../client/call-client.js';
import { FakeSessionMedia } from '../testing/fake-media.js';
import { FakeRTCPeerConnection, fakeConnections } from '../testing/fake-rtc.js';
import { record } from '../testing/harness.js';
import { JumpingClock } from '../testing/manual-clock.js';
import { MemoryNetwork } from '../transport/memory-network.js';

const original = globalThis.RTCPeerConnection;
const originalDocument = (globalThis as { document?: unknown }).document;
let clients: CallClient[] = [];

beforeEach(() => {
  fakeConnections.length = 0;
  globalThis.RTCPeerConnection = FakeRTCPeerConnection as unknown as typeof RTCPeerConnection;
  // A page: the client listens to its `visibilitychange`.
  (globalThis as { document?: unknown }).document = new EventTarget();
});

afterEach(async () => {
  for (const c of clients) void c.destroy();
  clients = [];
  globalThis.RTCPeerConnection = original;
  (globalThis as { document?: unknown }).document = originalDocument;
});

it('a wall-clock correction forward does not end a ringing call at the next tab switch', async () => {
  const clock = new JumpingClock();
  const network = new MemoryNetwork({ clock });
  const make = (user: string) => {
    const c = new CallClient({
      transport: network.createTransport(user),
      clock,
      createMedia: ({ callType }) => new FakeSessionMedia(callType === 'video'),
      answerTimeout: 60_000,
    });
    clients.push(c);
    return c;
  };
  const alice = make('alice@example.test');
  const bob = make('bob@example.test');
  const rings = record(bob, 'incomingCall');
  const outgoing = alice.createSession(['bob@example.test'], 'video');
  await outgoing.start();
  await clock.settle(20_000); // it has rung 20 s of its 60 s
  const call = rings[0]?.session;
  if (!call) throw new Error('did not ring');
  expect(call.state).toBe('pending');

  clock.jump(45_000); // the OS corrects a clock that was 45 s slow (the machine never slept)
  document.dispatchEvent(new Event('visibilitychange')); // the user switches tabs and back
  await clock.settle(0);

  // 20 s of real time have passed: both sides should still ring.
  expect({ callee: call.state, caller: outgoing.state }).toEqual({ callee: 'pending', caller: 'pending' });
});
