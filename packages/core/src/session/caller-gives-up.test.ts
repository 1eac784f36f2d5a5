/**
 * What a callee hears when the caller ends the call before the callee's answer reached it: the caller's hang-up
 * with what it said (seed: onReceiveHangUpFromUser, as QuickBlox gives every opponent), whether the callee was
 * ringing or answering; a callee whose answer came too late hears no hang-up (seed: onUserNoActions).
 */
import { describe, expect, it } from 'vitest';
import { addSeedCallbacks } from '../client/seed-callbacks.js';
import { connectPairedFakes } from '../testing/fake-rtc.js';
import { record, tap } from '../testing/harness.js';
import { holdBack, useManualWorld } from '../testing/manual-world.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';

const { client, settle } = useManualWorld({ answerTimeout: 30_000, dialingInterval: 3_000, disconnectTimeout: 10_000 });

describe('the caller hangs up before the callee answered', () => {
  it("a ringing callee gets onReceiveHangUpFromUser with the caller's userInfo", async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const heard: Array<[string, Record<string, string>]> = [];
    addSeedCallbacks(bob, { onReceiveHangUpFromUser: (_s, userId, userInfo) => heard.push([userId, { ...userInfo }]) });
    const rings = record(bob, 'incomingCall');
    const call = alice.createSession([BOB], 'video');
    await call.start({ name: 'Alice' });
    await settle();
    const ringing = rings[0]!.session;
    call.hangUp({ reason: 'changed-my-mind' });
    await settle();
    expect(ringing.state).toBe('closed');
    expect(heard).toEqual([[ALICE, { reason: 'changed-my-mind' }]]);
  });

  it("a callee whose accept is on its way gets the caller's hang-up userInfo", async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const rings = record(bob, 'incomingCall');
    const call = alice.createSession([BOB], 'video');
    await call.start();
    await settle();
    const answering = rings[0]!.session;
    const hungUp = record(answering, 'hungUp');
    // Bob's accept is a moment on its way when Alice gives up.
    const bobToAlice = holdBack(bob, (signal) => signal.kind === 'accept');
    await answering.accept();
    await settle();
    call.hangUp({ reason: 'changed-my-mind' });
    await settle();
    await bobToAlice.release();
    await settle();
    expect(hungUp).toEqual([{ userId: ALICE, userInfo: { reason: 'changed-my-mind' } }]);
  });
  it('a ringing callee that hangs up from that listener keeps the call cancelled, and declines nothing', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const rings = record(bob, 'incomingCall');
    addSeedCallbacks(bob, {
      onReceiveHangUpFromUser: (session) => {
        if (session.opponents.length === 1) session.hangUp(); // "the other one is gone: hang up"
      },
    });
    const outgoing = alice.createSession([BOB], 'audio');
    await outgoing.start();
    await settle();
    const incoming = rings[0]!.session;
    const sentByBob: string[] = [];
    tap(bob, (signal) => {
      sentByBob.push(signal.kind);
      return undefined;
    });
    outgoing.hangUp();
    await settle();
    expect(incoming.closeReason).toBe('cancelled');
    expect(sentByBob).not.toContain('reject');
  });
});

describe('the answer timeout crosses the accept', () => {
  it('group call: Bob, whose accept came too late, is not told that Alice hung up (she is still talking to Carol)', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const carol = client(CAROL);
    const [onBob, onCarol] = [record(bob, 'incomingCall'), record(carol, 'incomingCall')];
    const call = alice.createSession([BOB, CAROL], 'video');
    await call.start();
    await settle();
    await onCarol[0]!.session.accept();
    await settle();
    connectPairedFakes();
    await settle();
    const late = onBob[0]!.session;
    const hungUp = record(late, 'hungUp');
    // Bob answers in the last moment: his accept is on its way when Alice's answer timeout fires.
    const bobToAlice = holdBack(bob, (signal, to) => signal.kind === 'accept' && to.startsWith(ALICE));
    await settle(29_900);
    await late.accept();
    await settle(200);
    expect(call.getPeerState(BOB)).toBe('notAnswered');
    await bobToAlice.release();
    await settle();
    expect(call.state).toBe('active'); // Alice and Carol talk on
    expect(late.state).toBe('closed');
    expect(hungUp).toEqual([]); // Alice did not hang up
    expect(late.getPeerState(ALICE)).not.toBe('hungUp');
    expect(late.closeReason).toBe('noAction'); // as when the caller's timeout reaches a callee still ringing
  });
});
