/**
 * Directed presence (protocol §3.5) goes to those in the call with us, each once they are in and while they are:
 * never to an invitee who has not answered, who would otherwise learn our presence (and status text) from a list
 * of names that is only the caller's word, nor to someone who left. Ended with the call.
 */
import { describe, expect, it } from 'vitest';
import { CallClient } from '../client/call-client.js';
import type { CallClientConfig } from '../client/config.js';
import { FakeSessionMedia } from '../testing/fake-media.js';
import { connectPairedFakes, fakeConnections } from '../testing/fake-rtc.js';
import { record } from '../testing/harness.js';
import { useManualWorld } from '../testing/manual-world.js';
import type { UserId } from '../util/jid.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';

const world = useManualWorld({ answerTimeout: 30_000 });

/** A client of `user` whose transport records what it is asked to announce itself to, and what is taken back. */
function announcingClient(user: UserId, config: Partial<CallClientConfig> = {}) {
  const announced: UserId[] = [];
  const released: UserId[] = [];
  const transport = Object.assign(world.network.createTransport(user), {
    announceTo(users: readonly UserId[]) {
      announced.push(...users);
      return () => released.push(...users);
    },
  });
  const client = new CallClient({
    transport,
    clock: world.clock,
    answerTimeout: 30_000,
    ...config,
    createMedia: ({ callType }) => new FakeSessionMedia(callType === 'video'),
  });
  return { client, announced, released };
}

describe('directed presence', () => {
  it('a callee announces itself to the caller, and to another callee only once that one answered', async () => {
    const alice = world.client(ALICE);
    const carol = world.client(CAROL);
    const bob = announcingClient(BOB);
    try {
      const bobRings = record(bob.client, 'incomingCall');
      const carolRings = record(carol, 'incomingCall');
      const call = alice.createSession([BOB, CAROL], 'audio');
      await call.start();
      await world.settle();
      await bobRings[0]!.session.accept();
      await world.settle(5_000);
      expect(bob.announced).toEqual([ALICE]);

      await carolRings[0]!.session.accept();
      await world.settle();
      expect(bob.announced).toEqual([ALICE, CAROL]);

      bobRings[0]!.session.hangUp();
      await world.settle();
      expect(bob.released.sort()).toEqual([ALICE, CAROL]);
    } finally {
      await bob.client.destroy();
    }
  });

  it('a caller announces itself to each callee as they answer, not while the call only rings', async () => {
    const bob = world.client(BOB);
    world.client(CAROL);
    const alice = announcingClient(ALICE);
    try {
      const bobRings = record(bob, 'incomingCall');
      const call = alice.client.createSession([BOB, CAROL], 'audio');
      await call.start();
      await world.settle(5_000);
      expect(alice.announced).toEqual([]);
      await bobRings[0]!.session.accept();
      await world.settle(5_000);
      expect(alice.announced).toEqual([BOB]);
      call.hangUp();
      await world.settle();
      expect(alice.released).toEqual([BOB]);
    } finally {
      await alice.client.destroy();
    }
  });

  it('takes presence back from a callee who hung up while the call goes on', async () => {
    const alice = announcingClient(ALICE);
    const bob = world.client(BOB);
    const carol = world.client(CAROL);
    try {
      const bobRings = record(bob, 'incomingCall');
      const carolRings = record(carol, 'incomingCall');
      const call = alice.client.createSession([BOB, CAROL], 'audio');
      await call.start();
      await world.settle();
      await bobRings[0]!.session.accept();
      await carolRings[0]!.session.accept();
      await world.settle(5_000);
      expect(alice.announced.sort()).toEqual([BOB, CAROL]);
      // Carol leaves; Alice and Bob talk on.
      carolRings[0]!.session.hangUp();
      await world.settle(5_000);
      expect(call.state).not.toBe('closed');
      expect(alice.released).toEqual([CAROL]);
    } finally {
      await alice.client.destroy();
    }
  });

  it('does not announce itself to a callee who joined and already left before we answered', async () => {
    const alice = world.client(ALICE);
    const carol = world.client(CAROL);
    const bob = announcingClient(BOB);
    try {
      const bobRings = record(bob.client, 'incomingCall');
      const carolRings = record(carol, 'incomingCall');
      const call = alice.createSession([BOB, CAROL], 'audio');
      await call.start();
      await world.settle();
      await carolRings[0]!.session.accept();
      await world.settle(5_000);
      carolRings[0]!.session.hangUp();
      await world.settle(5_000);
      expect(call.state).not.toBe('closed');
      // Bob, still ringing, answers now: only Alice is in the call with him.
      await bobRings[0]!.session.accept();
      await world.settle(5_000);
      expect(bob.announced).toEqual([ALICE]);
    } finally {
      await bob.client.destroy();
    }
  });

  it('takes presence back from a participant whose link was lost for good while the call goes on', async () => {
    const alice = announcingClient(ALICE, { disconnectTimeout: 10_000 });
    const bob = world.client(BOB);
    const carol = world.client(CAROL);
    try {
      const bobRings = record(bob, 'incomingCall');
      const carolRings = record(carol, 'incomingCall');
      const call = alice.client.createSession([BOB, CAROL], 'audio');
      await call.start();
      await world.settle();
      await bobRings[0]!.session.accept();
      await carolRings[0]!.session.accept();
      await world.settle();
      connectPairedFakes();
      await world.settle();
      connectPairedFakes();
      await world.settle();
      expect(call.getPeerState(CAROL)).toBe('connected');
      expect(alice.announced.sort()).toEqual([BOB, CAROL]);
      // Alice's link to Carol (her second connection) is lost for good; Alice and Bob talk on.
      fakeConnections[1]?.simulate('failed');
      await world.settle(11_000);
      expect(call.getPeerState(CAROL)).toBe('disconnectTimeout');
      expect(call.getPeerState(BOB)).toBe('connected');
      expect(call.state).not.toBe('closed');
      // Carol is out of the call, as if she had hung up: she should stop following this device.
      expect(alice.released).toEqual([CAROL]);
    } finally {
      await alice.client.destroy();
    }
  });
});
