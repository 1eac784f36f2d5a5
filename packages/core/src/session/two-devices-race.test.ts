/**
 * Several devices of one user: Bob's phone declines while his laptop accepts, a moment apart (the laptop's accept
 * leaves before the caller's `cancel rejected-elsewhere` reaches it). The caller takes the phone's decline first
 * and drops the laptop's accept; the laptop, told `rejected-elsewhere`, ends at once as declined elsewhere.
 */
import { describe, expect, it } from 'vitest';
import { connectPairedFakes } from '../testing/fake-rtc.js';
import { record } from '../testing/harness.js';
import { holdBack, useManualWorld } from '../testing/manual-world.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';

const { client, settle } = useManualWorld({ answerTimeout: 30_000, dialingInterval: 3_000, disconnectTimeout: 10_000 });

describe('decline on one device, accept on the other, a moment apart', () => {
  it('group call: the laptop whose accept lost the race is told at once, not left connecting until the disconnect timeout', async () => {
    const alice = client(ALICE);
    const carol = client(CAROL);
    const phone = client(BOB, {}, 'phone');
    const laptop = client(BOB, {}, 'laptop');
    const [onCarol, onPhone, onLaptop] = [
      record(carol, 'incomingCall'),
      record(phone, 'incomingCall'),
      record(laptop, 'incomingCall'),
    ];
    const call = alice.createSession([BOB, CAROL], 'video');
    await call.start();
    await settle();
    await onCarol[0]!.session.accept();
    await settle();
    connectPairedFakes();
    await settle();
    expect(call.state).toBe('active');

    // The phone's decline reaches Alice first; her `cancel rejected-elsewhere` is still on its way to Bob
    // when the laptop's accept leaves.
    const aliceToBob = holdBack(alice, (signal, to) => signal.kind === 'cancel' && to.startsWith(BOB));
    onPhone[0]!.session.reject();
    await settle();
    expect(call.getPeerState(BOB)).toBe('rejected');
    const laptopCall = onLaptop[0]!.session;
    await laptopCall.accept({ name: 'Bob (laptop)' });
    await settle();
    await aliceToBob.release();
    await settle();
    connectPairedFakes();
    await settle(2_000);

    // Alice and Carol count Bob out; the laptop should not think it is in the call.
    expect(call.getPeerState(BOB)).toBe('rejected');
    expect(laptopCall.state).toBe('closed');
  });

  it('1:1 call: the laptop ends as declined on another device, not with a hang-up from the caller', async () => {
    const alice = client(ALICE);
    const phone = client(BOB, {}, 'phone');
    const laptop = client(BOB, {}, 'laptop');
    const [onPhone, onLaptop] = [record(phone, 'incomingCall'), record(laptop, 'incomingCall')];
    const call = alice.createSession([BOB], 'video');
    await call.start();
    await settle();
    const laptopCall = onLaptop[0]!.session;
    const hungUp = record(laptopCall, 'hungUp');
    const closed = record(laptopCall, 'closed');
    // Both at once: the decline reaches Alice first, and her call ends; the laptop's accept is on its way.
    onPhone[0]!.session.reject();
    await laptopCall.accept();
    await settle(2_000);
    expect(call.closeReason).toBe('remoteEnded');
    expect(closed.map((c) => c.reason)).toEqual(['rejectedElsewhere']);
    expect(hungUp).toEqual([]); // Alice never hung up: she was declined
  });
});
