/**
 * Reading the session, or ending it, from inside the listener of a participant's going (onCallRejectByUser,
 * onUserNotAnswer, onReceiveHangUpFromUser: "a 1:1 call and the other one is gone: hang up", a common habit of
 * QuickBlox apps). The listener is told while the session already shows the peer's new state, and a hang-up made
 * there does not rewrite how the call ended. Nor does one made from a listener of the link's own events (its state
 * change, its closing, its loss): the participant's going is still told, and a lost call stays lost.
 */
import { describe, expect, it } from 'vitest';
import type { CallClient } from '../client/call-client.js';
import { addSeedCallbacks } from '../client/seed-callbacks.js';
import { connectPairedFakes, fakeConnections } from '../testing/fake-rtc.js';
import { record } from '../testing/harness.js';
import { useManualWorld } from '../testing/manual-world.js';
import type { CallSession } from './call-session.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';

const { client, settle } = useManualWorld({ answerTimeout: 30_000, dialingInterval: 3_000, disconnectTimeout: 10_000 });

describe('the state seen from inside the listeners of a participant going', () => {
  it('onCallRejectByUser: the peer already shows as rejected, and hanging up there keeps the call a declined one', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const seen: string[] = [];
    addSeedCallbacks(alice, {
      onCallRejectByUser: (session, userId) => {
        seen.push(session.getPeerState(userId));
        if (session.opponents.length === 1) session.hangUp(); // QB habit: a 1:1 call with nobody left
      },
    });
    const rings = record(bob, 'incomingCall');
    const call = alice.createSession([BOB], 'video');
    await call.start();
    await settle();
    rings[0]!.session.reject({ why: 'busy' });
    await settle();
    expect(seen).toEqual(['rejected']);
    expect(call.getPeerState(BOB)).toBe('rejected');
    expect(call.closeReason).toBe('remoteEnded');
  });

  it('onUserNotAnswer: the peer already shows as notAnswered, and hanging up there keeps the reason notAnswered', async () => {
    const alice = client(ALICE);
    client(BOB);
    const seen: string[] = [];
    addSeedCallbacks(alice, {
      onUserNotAnswer: (session, userId) => {
        seen.push(session.getPeerState(userId));
        if (session.opponents.length === 1) session.hangUp();
      },
    });
    const call = alice.createSession([BOB], 'video');
    await call.start();
    await settle(30_001);
    expect(seen).toEqual(['notAnswered']);
    expect(call.getPeerState(BOB)).toBe('notAnswered');
    expect(call.closeReason).toBe('notAnswered');
  });

  it('onReceiveHangUpFromUser: the peer already shows as hungUp', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const seen: string[] = [];
    addSeedCallbacks(alice, {
      onReceiveHangUpFromUser: (session, userId) => {
        seen.push(session.getPeerState(userId));
        if (session.opponents.length === 1) session.hangUp();
      },
    });
    const rings = record(bob, 'incomingCall');
    const call = alice.createSession([BOB], 'video');
    await call.start();
    await settle();
    await rings[0]!.session.accept();
    await settle();
    connectPairedFakes();
    await settle();
    rings[0]!.session.hangUp();
    await settle();
    expect(seen).toEqual(['hungUp']);
    expect(call.getPeerState(BOB)).toBe('hungUp');
    expect(call.closeReason).toBe('remoteEnded');
  });
});

/** "Nobody left in the call: hang up", as an app's listener of a link's events would. */
function hangUpWhenAlone(session: CallSession): void {
  if (session.opponents.every((id) => !['connected', 'disconnected'].includes(session.getPeerState(id)))) {
    session.hangUp();
  }
}

/** Alice, Bob and Carol, and where Bob's and Carol's calls ring. */
function groupOfThree() {
  const alice = client(ALICE);
  const atBob = record(client(BOB), 'incomingCall');
  const atCarol = record(client(CAROL), 'incomingCall');
  return { alice, atBob, atCarol };
}

async function ringBobAndCarol(alice: CallClient): Promise<CallSession> {
  const outgoing = alice.createSession([BOB, CAROL], 'audio');
  await outgoing.start();
  await settle();
  return outgoing;
}

describe('a hang-up from the listener of a link’s own events', () => {
  it('keeps "the others ended it" when the last one hung up after another one’s link was lost', async () => {
    const { alice, atBob, atCarol } = groupOfThree();
    addSeedCallbacks(alice, {
      onReceiveHangUpFromUser: hangUpWhenAlone,
    });
    const outgoing = await ringBobAndCarol(alice);
    await atBob[0]!.session.accept();
    await atCarol[0]!.session.accept();
    await settle();
    connectPairedFakes();
    await settle();
    connectPairedFakes();
    await settle();
    expect(outgoing.getPeerState(CAROL)).toBe('connected');
    // Alice's link to Carol (her second connection: the caller opens one per callee, in order) is lost for good;
    // then Bob, the last one in, hangs up.
    fakeConnections[1]?.simulate('failed');
    await settle(11_000);
    expect(outgoing.getPeerState(CAROL)).toBe('disconnectTimeout');
    expect(outgoing.getPeerState(BOB)).toBe('connected');
    atBob[0]!.session.hangUp();
    await settle();
    expect(outgoing.state).toBe('closed');
    expect(outgoing.closeReason).toBe('remoteEnded');
  });

  it('onConnectionClosedForUser hangs up: onReceiveHangUpFromUser (with its userInfo) is still told', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const hangUps: unknown[] = [];
    addSeedCallbacks(alice, {
      onConnectionClosedForUser: (session) => {
        if (session.opponents.length === 1) session.hangUp();
      },
      onReceiveHangUpFromUser: (_session, userId, userInfo) => hangUps.push({ userId, userInfo }),
    });
    const rings = record(bob, 'incomingCall');
    const call = alice.createSession([BOB], 'video');
    await call.start();
    await settle();
    await rings[0]!.session.accept();
    await settle();
    connectPairedFakes();
    await settle();
    expect(call.state).toBe('active');
    rings[0]!.session.hangUp({ why: 'bye' });
    await settle();
    expect(call.closeReason).toBe('remoteEnded');
    expect(hangUps).toEqual([{ userId: BOB, userInfo: { why: 'bye' } }]);
  });

  it('a peerStateChanged listener hangs up on a decline: the rejected event (reason, userInfo) is still told', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const rings = record(bob, 'incomingCall');
    const call = alice.createSession([BOB], 'video');
    const rejected = record(call, 'rejected');
    call.on('peerStateChanged', ({ state }) => {
      if (state === 'rejected') call.hangUp();
    });
    await call.start();
    await settle();
    rings[0]!.session.reject({ why: 'busy' });
    await settle();
    expect(call.closeReason).toBe('remoteEnded');
    expect(rejected).toHaveLength(1);
  });

  it('keeps connectionLost when someone declined earlier (seed onDisconnectedTimeoutFromUser hangs up)', async () => {
    const { alice, atBob, atCarol } = groupOfThree();
    addSeedCallbacks(alice, {
      // "Nobody left in the call: hang up" — from the listener of the lost link.
      onDisconnectedTimeoutFromUser: hangUpWhenAlone,
      onConnectionFailedWithUser: hangUpWhenAlone,
    });
    const outgoing = await ringBobAndCarol(alice);
    atBob[0]!.session.reject();
    await atCarol[0]!.session.accept();
    await settle();
    connectPairedFakes();
    await settle();
    expect(outgoing.state).toBe('active');
    const aliceToCarol = fakeConnections.find((pc) => pc.signalingState !== 'closed');
    aliceToCarol?.simulate('failed');
    await settle(10_000);
    expect(outgoing.getPeerState(BOB)).toBe('rejected');
    expect(outgoing.state).toBe('closed');
    // Without the listener this is connectionLost (session.test.ts: "a call whose last participant is lost…").
    expect(outgoing.closeReason).toBe('connectionLost');
  });
});
