/**
 * Directed presence (protocol §3.5) goes to those in the call with us, each once they are in and while they are:
 * never to an invitee who has not answered, who would otherwise learn our presence (and status text) from a list
 * of names that is only the caller's word, nor to someone who left. Ended with the call.
 */
import { describe, expect, it } from 'vitest';
import type { CallClient } from '../client/call-client.js';
import type { CallClientConfig } from '../client/config.js';
import { connectPairedFakes, fakeConnections } from '../testing/fake-rtc.js';
import { record } from '../testing/harness.js';
import { useManualWorld } from '../testing/manual-world.js';
import type { UserId } from '../util/jid.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';

const world = useManualWorld({ answerTimeout: 30_000 });

/** A client of `user` whose transport records whom it is asked to announce itself to, and what is taken back. */
function announcing(user: UserId, config: Partial<CallClientConfig> = {}) {
  const client = world.client(user, config);
  const announced: UserId[] = [];
  const released: UserId[] = [];
  Object.assign(client.transport, {
    announceTo(users: readonly UserId[]) {
      announced.push(...users);
      return () => released.push(...users);
    },
  });
  return { client, announced, released };
}

/** `alice` calls `bob` and `carol`: the call, and each callee's ringing session. */
async function aliceCallsBobAndCarol(alice: CallClient, bob: CallClient, carol: CallClient) {
  const atBob = record(bob, 'incomingCall');
  const atCarol = record(carol, 'incomingCall');
  const call = alice.createSession([BOB, CAROL], 'audio');
  await call.start();
  await world.settle();
  return { call, bobsCall: atBob[0]!.session, carolsCall: atCarol[0]!.session };
}

describe('directed presence', () => {
  it('a callee announces itself to the caller, and to another callee only once that one answered', async () => {
    const bob = announcing(BOB);
    const { bobsCall, carolsCall } = await aliceCallsBobAndCarol(world.client(ALICE), bob.client, world.client(CAROL));
    await bobsCall.accept();
    await world.settle(5_000);
    expect(bob.announced).toEqual([ALICE]);
    await carolsCall.accept();
    await world.settle();
    expect(bob.announced).toEqual([ALICE, CAROL]);
    bobsCall.hangUp();
    await world.settle();
    expect(bob.released.sort()).toEqual([ALICE, CAROL]);
  });

  it('a caller announces itself to each callee as they answer, not while the call only rings', async () => {
    const alice = announcing(ALICE);
    const { call, bobsCall } = await aliceCallsBobAndCarol(alice.client, world.client(BOB), world.client(CAROL));
    await world.settle(5_000);
    expect(alice.announced).toEqual([]);
    await bobsCall.accept();
    await world.settle(5_000);
    expect(alice.announced).toEqual([BOB]);
    call.hangUp();
    await world.settle();
    expect(alice.released).toEqual([BOB]);
  });

  it('takes presence back from a callee who hung up while the call goes on', async () => {
    const alice = announcing(ALICE);
    const { call, bobsCall, carolsCall } = await aliceCallsBobAndCarol(
      alice.client,
      world.client(BOB),
      world.client(CAROL),
    );
    await bobsCall.accept();
    await carolsCall.accept();
    await world.settle(5_000);
    expect(alice.announced.sort()).toEqual([BOB, CAROL]);
    // Carol leaves; Alice and Bob talk on.
    carolsCall.hangUp();
    await world.settle(5_000);
    expect(call.state).not.toBe('closed');
    expect(alice.released).toEqual([CAROL]);
  });

  it('does not announce itself to a callee who joined and already left before we answered', async () => {
    const bob = announcing(BOB);
    const { call, bobsCall, carolsCall } = await aliceCallsBobAndCarol(
      world.client(ALICE),
      bob.client,
      world.client(CAROL),
    );
    await carolsCall.accept();
    await world.settle(5_000);
    carolsCall.hangUp();
    await world.settle(5_000);
    expect(call.state).not.toBe('closed');
    // Bob, still ringing, answers now: only Alice is in the call with him.
    await bobsCall.accept();
    await world.settle(5_000);
    expect(bob.announced).toEqual([ALICE]);
  });

  it('takes presence back from a participant whose link was lost for good while the call goes on', async () => {
    const alice = announcing(ALICE, { disconnectTimeout: 10_000 });
    const { call, bobsCall, carolsCall } = await aliceCallsBobAndCarol(
      alice.client,
      world.client(BOB),
      world.client(CAROL),
    );
    await bobsCall.accept();
    await carolsCall.accept();
    for (let i = 0; i < 2; i++) {
      await world.settle();
      connectPairedFakes();
    }
    await world.settle();
    expect(call.getPeerState(CAROL)).toBe('connected');
    expect(alice.announced.sort()).toEqual([BOB, CAROL]);
    // Alice's link to Carol (her second connection) is lost for good; Alice and Bob talk on.
    fakeConnections[1]?.simulate('failed');
    await world.settle(11_000);
    expect([call.getPeerState(CAROL), call.getPeerState(BOB), call.state]).toEqual([
      'disconnectTimeout',
      'connected',
      'active',
    ]);
    // Carol is out of the call, as if she had hung up: she no longer follows this device.
    expect(alice.released).toEqual([CAROL]);
  });
});
