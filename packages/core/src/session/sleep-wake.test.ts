/**
 * The machine sleeps while a call rings, and wakes later. Browsers' timers run on a monotonic clock that does not
 * advance while the machine is suspended (and a frozen or cached page's timers are held): after wake, a timer
 * resumes with the time it had left, while `Date.now()` has jumped ahead. `JumpingClock` models that: `jump(ms)`
 * moves the wall clock on without running or shifting any timer. The engine catches up when its connection comes
 * back (and when a cached page is shown again, or a frozen one resumed).
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CallClient } from '../client/call-client.js';
import type { CallClientConfig } from '../client/config.js';
import { useFakeRtcAndStreams } from '../testing/chaos-invariants.js';
import { FakeSessionMedia } from '../testing/fake-media.js';
import { connectPairedFakes } from '../testing/fake-rtc.js';
import { loseFirst, record } from '../testing/harness.js';
import { JumpingClock, ManualClock } from '../testing/manual-clock.js';
import { MemoryNetwork, type MemoryTransport } from '../transport/memory-network.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const settings = { answerTimeout: 10_000, dialingInterval: 2_000, disconnectTimeout: 8_000, iceRestartDelay: 1_000 };

let clock: ManualClock; // alice's machine and the network: awake throughout
let bobClock: JumpingClock; // bob's machine: sleeps
let network: MemoryNetwork;
let clients: CallClient[];

useFakeRtcAndStreams();
beforeEach(() => {
  clock = new ManualClock();
  bobClock = new JumpingClock(clock.now());
  network = new MemoryNetwork({ clock });
  clients = [];
});

afterEach(async () => {
  for (const c of clients) void c.destroy();
  clock.advance(5_000);
  bobClock.advance(5_000);
});

function make(user: string, own: ManualClock, config: Partial<CallClientConfig> = {}): CallClient {
  const created = new CallClient({
    transport: network.createTransport(user),
    clock: own,
    createMedia: ({ callType }) => new FakeSessionMedia(callType === 'video'),
    ...settings,
    ...config,
  });
  clients.push(created);
  return created;
}

/** `caller` calls `callee`, whose device rings 2 s. */
async function rung(caller: CallClient, callee: CallClient) {
  const rings = record(callee, 'incomingCall');
  const outgoing = caller.createSession([callee.localUser], 'video');
  await outgoing.start();
  await settle(2_000);
  const call = rings[0]?.session;
  if (!call) throw new Error('did not ring');
  return { outgoing, call };
}

/** `sleeper`'s machine (on `bobClock`) sleeps 10 minutes, offline, while the rest of the world goes on. */
async function sleepTenMinutes(sleeper: CallClient) {
  (sleeper.transport as MemoryTransport).setOnline(false);
  bobClock.jump(600_000);
  clock.advance(600_000);
  await clock.settle(0);
}

async function settle(ms = 0) {
  await clock.settle(0);
  await bobClock.settle(0);
  if (ms > 0) {
    clock.advance(ms);
    bobClock.advance(ms);
    await clock.settle(0);
    await bobClock.settle(0);
  }
}

/** Alice calls Bob; Bob's laptop rings 2 s, then sleeps 10 minutes (offline meanwhile), then wakes. */
async function ringThenSleep() {
  const bob = make(BOB, bobClock);
  const { outgoing, call } = await rung(make(ALICE, clock), bob);
  expect(call.state).toBe('pending');

  // Lid closed: bob's connection drops, his timers stop; alice's go on (notAnswered after 10 s).
  await sleepTenMinutes(bob);
  expect(outgoing.state).toBe('closed');
  expect(outgoing.closeReason).toBe('notAnswered');

  // Lid opened: the connection comes back, as it does after wake.
  (bob.transport as MemoryTransport).setOnline(true);
  await bobClock.settle(0);
  return { bob, call };
}

it('a call that rang before the machine slept does not ring on after wake, 10 minutes later', async () => {
  const { call } = await ringThenSleep();
  // One second awake: the call started 10 min 2 s ago by every clock, and its caller gave up long since.
  bobClock.advance(1_000);
  await bobClock.settle(0);
  expect({ state: call.state, closeReason: call.closeReason }).toEqual({ state: 'closed', closeReason: 'noAction' });
});

it('answering, right after wake, a call whose caller gave up during the sleep does not leave the user connecting', async () => {
  const { call } = await ringThenSleep();
  // The dialog still shows: the user presses Accept at once.
  await call.accept().catch(() => undefined);
  await settle(3_000);
  // The caller's side is long closed (notAnswered): waiting for it until the disconnect timeout (8 s here, 30 s by
  // default) shows "connecting" for nothing.
  expect(call.state).toBe('closed');
});

it('a caller whose machine slept 10 minutes while dialing does not go on "calling…" after wake', async () => {
  // Here alice's machine sleeps: alice runs on the sleepy clock, bob and the network on the awake one.
  const alice = make(ALICE, bobClock);
  const { outgoing, call } = await rung(alice, make(BOB, clock));

  await sleepTenMinutes(alice);
  expect(call.state).toBe('closed'); // bob's side stopped ringing long ago (noAction)

  (alice.transport as MemoryTransport).setOnline(true);
  bobClock.advance(1_000);
  await settle(0);
  // Awake for a second: nobody can answer a call placed 10 minutes ago (callees drop its re-sends as stale).
  expect({ state: outgoing.state, closeReason: outgoing.closeReason }).toEqual({
    state: 'closed',
    closeReason: 'notAnswered',
  });
});

it('an answer to a call whose caller gave up meanwhile is told it is over, not left connecting', async () => {
  // Bob's dialog rings longer than Alice dials.
  const bob = make(BOB, clock, { answerTimeout: 60_000 });
  const { outgoing, call } = await rung(make(ALICE, clock), bob);
  // Alice gives up while bob's connection is down: her cancel is lost.
  (bob.transport as MemoryTransport).setOnline(false);
  await settle(10_000);
  expect(outgoing.closeReason).toBe('notAnswered');
  (bob.transport as MemoryTransport).setOnline(true);
  await settle();
  expect(call.state).toBe('pending'); // still ringing here: bob's own timeout is a minute
  await call.accept();
  await settle(1_000);
  expect({ state: call.state, closeReason: call.closeReason }).toMatchObject({ state: 'closed' });
});

it('a callee asleep a moment just after the caller left a group call still joins the callee it took last', async () => {
  const CAROL = 'carol@example.test'; // the lower JID of the two callees: she offers to dave
  const DAVE = 'dave@example.test';
  const alice = make(ALICE, clock);
  const carol = make(CAROL, bobClock);
  const dave = make(DAVE, clock);
  const [atCarol, atDave] = [record(carol, 'incomingCall'), record(dave, 'incomingCall')];
  const outgoing = alice.createSession([CAROL, DAVE], 'audio');
  await outgoing.start();
  await settle(1_000);
  await atCarol[0]!.session.accept();
  await settle(1_000);
  connectPairedFakes();
  await settle();
  // Alice takes dave and leaves at once. Dave's word to carol that he joined is lost; carol hears alice leave, then
  // her machine sleeps 5 s (dave's word said again 1.5 s later finds her offline).
  const lost = loseFirst(dave, 'accept', CAROL);
  await atDave[0]!.session.accept();
  await settle();
  outgoing.hangUp();
  await settle();
  expect([lost(), atCarol[0]!.session.getPeerState(ALICE)]).toEqual([true, 'hungUp']);
  (carol.transport as MemoryTransport).setOnline(false);
  bobClock.jump(5_000);
  clock.advance(5_000);
  await settle();
  // She had heard alice leave, not dave join: on waking she waits for his word (said again on her presence).
  (carol.transport as MemoryTransport).setOnline(true);
  await settle(500);
  connectPairedFakes();
  await settle();
  const [carolsCall, davesCall] = [atCarol[0]!.session, atDave[0]!.session];
  expect([carolsCall.closeReason, davesCall.closeReason]).toEqual([null, null]);
  expect([carolsCall.getPeerState(DAVE), davesCall.getPeerState(CAROL)]).toEqual(['connected', 'connected']);
});
