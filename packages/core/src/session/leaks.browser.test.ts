/**
 * DESIGN's leak target: after 100 calls in one page, zero open peer connections, live capture tracks, pending
 * timers or listeners. Real calls (real RTCPeerConnections, fake camera) that end every way a call can end.
 */
import { afterEach, expect, it } from 'vitest';
import { CallClient } from '../client/call-client.js';
import { nextEvent, trackResources, waitFor } from '../testing/harness.js';
import { MemoryNetwork } from '../transport/memory-network.js';
import { type Clock, systemClock, type TimerHandle } from '../util/clock.js';

/** The system clock, counting the timers still pending. */
function countingClock(): Clock & { pending(): number } {
  const pending = new Set<TimerHandle>();
  return {
    now: () => systemClock.now(),
    setTimeout(callback, ms) {
      const handle: TimerHandle = systemClock.setTimeout(() => {
        pending.delete(handle);
        callback();
      }, ms);
      pending.add(handle);
      return handle;
    },
    clearTimeout(handle) {
      pending.delete(handle);
      systemClock.clearTimeout(handle);
    },
    pending: () => pending.size,
  };
}

let resources: ReturnType<typeof trackResources> | undefined;
afterEach(() => resources?.restore());

it('100 calls in one page leave no peer connection, capture track, timer or listener behind', async () => {
  resources = trackResources();
  const clock = countingClock();
  const network = new MemoryNetwork();
  const aliceTransport = network.createTransport('alice@example.test');
  const bobTransport = network.createTransport('bob@example.test');
  const settings = { clock, answerTimeout: 5_000, dialingInterval: 1_000, candidateBatchMs: 5 };
  const alice = new CallClient({ transport: aliceTransport, ...settings });
  const bob = new CallClient({ transport: bobTransport, ...settings });
  const baseline = { alice: aliceTransport.listenerCount(), bob: bobTransport.listenerCount() };

  for (let i = 0; i < 100; i++) {
    const outgoing = alice.createSession(['bob@example.test'], i % 2 ? 'audio' : 'video');
    const ringing = nextEvent(bob, 'incomingCall');
    await outgoing.start();
    const { session } = await ringing;
    const ending = i % 4;
    if (ending === 0) {
      session.reject(); // declined
    } else if (ending === 1) {
      outgoing.hangUp(); // cancelled while ringing
    } else {
      await session.accept();
      await waitFor(() => outgoing.state === 'active', `call ${i} active`);
      (ending === 2 ? outgoing : session).hangUp(); // either side hangs up
    }
    await waitFor(() => outgoing.state === 'closed' && session.state === 'closed', `call ${i} closed`);
    expect(outgoing.listenerCount() + session.listenerCount()).toBe(0);
  }

  await waitFor(() => resources!.openPeerConnections() === 0, 'every peer connection closed');
  expect(resources.liveCaptureTracks()).toBe(0);
  expect(alice.sessions.size + bob.sessions.size).toBe(0);
  // Every answer, dialing, batching and disconnect timer went with its session.
  await waitFor(() => clock.pending() === 0, 'no pending timers');
  expect(aliceTransport.listenerCount()).toBe(baseline.alice);
  expect(bobTransport.listenerCount()).toBe(baseline.bob);
  await alice.destroy();
  await bob.destroy();
  expect(aliceTransport.listenerCount() + bobTransport.listenerCount()).toBe(0);
}, 120_000);
