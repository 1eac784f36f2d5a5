/**
 * Reading the session, or ending it, from inside the listener of a participant's going (onCallRejectByUser,
 * onUserNotAnswer, onReceiveHangUpFromUser: "a 1:1 call and the other one is gone: hang up", a common habit of
 * QuickBlox apps). The listener is told once the peer's state is recorded, and a hang-up made there does not
 * rewrite how the call ended.
 */
import { describe, expect, it } from 'vitest';
import { addSeedCallbacks } from '../client/seed-callbacks.js';
import { connectPairedFakes } from '../testing/fake-rtc.js';
import { record } from '../testing/harness.js';
import { useManualWorld } from '../testing/manual-world.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';

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
