/**
 * A client's memories of other people's calls — signals that came before their call, and calls that ended (so a
 * re-sent call never rings again) — are bounded, and shared out by sender: a stranger's flood pushes out only
 * its own entries. Real CallClients on a MemoryNetwork, the flood sent by hand.
 */
import { expect, it } from 'vitest';
import { newSessionId } from '../protocol/session-id.js';
import type { CallSignal, Signal } from '../protocol/signal.js';
import { record } from '../testing/harness.js';
import { useManualWorld } from '../testing/manual-world.js';
import type { MemoryNetwork } from '../transport/memory-network.js';
import type { CallClient } from './call-client.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';
const MALLORY = 'mallory@evil.test';

const world = useManualWorld({ answerTimeout: 300_000, dialingInterval: 3_000 });
const { client } = world;

function audioCall(participants: readonly string[]): CallSignal {
  const offer = { type: 'offer' as const, sdp: 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\n' };
  const sessionId = newSessionId(participants[0] as string);
  return {
    kind: 'call',
    sessionId,
    callType: 'audio',
    participants,
    startedAt: world.clock.now(),
    offer,
    userInfo: {},
  };
}

type Device = ReturnType<MemoryNetwork['createTransport']>;

/**
 * Bob declines Alice's call, `flood` hits Bob, then Alice's dialing re-send of the declined call arrives (her copy
 * of the reject was, say, lost): Bob must decline it again, not ring for a call he already turned down.
 */
async function declinedCallAfter(flood: (bob: CallClient) => Promise<void>): Promise<void> {
  const bob = client(BOB);
  const alice = world.network.createTransport(ALICE);
  const atAlice: Signal[] = [];
  alice.on('signal', ({ signal }) => atAlice.push(signal));
  const rings = record(bob, 'incomingCall');
  const call = audioCall([ALICE, BOB]);
  await alice.send(BOB, call);
  await world.clock.settle();
  rings[0]?.session.reject();
  await world.clock.settle();
  expect(atAlice.map((s) => s.kind)).toEqual(['reject']);
  await flood(bob);
  await alice.send(BOB, call);
  await world.clock.settle();
  expect(rings.filter(({ session }) => session.id === call.sessionId)).toHaveLength(1);
  expect(atAlice.map((s) => s.kind)).toEqual(['reject', 'reject']);
}

/**
 * Carol's accept of a group call overtakes Alice's `call` to Bob, `flood` hits Bob meanwhile: once the call comes,
 * Bob must still see Carol joined (`pending`), not ringing (`wait`), as without the flood.
 */
async function earlyAcceptAfter(flood: () => Promise<void>): Promise<void> {
  const bob = client(BOB);
  const alice = world.network.createTransport(ALICE);
  const carol = world.network.createTransport(CAROL);
  const call = audioCall([ALICE, BOB, CAROL]);
  await carol.send(BOB, { kind: 'accept', sessionId: call.sessionId, answer: null, userInfo: {} });
  await world.clock.settle();
  await flood();
  await world.clock.settle();
  await alice.send(BOB, call);
  await world.clock.settle();
  const session = bob.getSession(call.sessionId);
  expect(session?.state).toBe('pending');
  expect(session?.getPeerState(CAROL)).toBe('pending');
}

/** A description of a junk session, `sdpLines` lines long, from `sender`. */
async function junkOffer(sender: Device, sessionId: string, sdpLines: number): Promise<void> {
  const sdp = `v=0\r\n${'a=x\r\n'.repeat(sdpLines)}`;
  await sender.send(BOB, { kind: 'description', sessionId, description: { type: 'offer', sdp } });
}

it('a declined call sent again does not ring again after a stranger floods the client with calls', async () => {
  await declinedCallAfter(async () => {
    // 300 small calls, each turned down as a flood, to the stranger only.
    const mallory = world.network.createTransport(MALLORY);
    for (let i = 0; i < 300; i++) await mallory.send(BOB, audioCall([MALLORY, BOB]));
    await world.clock.settle(1_000);
  });
});

it('a declined call sent again does not ring again after made-up users of four servers flood the client with calls', async () => {
  await declinedCallAfter(async (bob) => {
    // 4 made-up users on each of 4 servers the attacker runs, 20 small calls each (each turned down as a flood).
    const rings = record(bob, 'incomingCall');
    const devices = new Map<string, Device>();
    for (let server = 0; server < 4; server++) {
      for (let user = 0; user < 4; user++) {
        const jid = `m${user}@evil${server}.test`;
        devices.set(jid, world.network.createTransport(jid));
        for (let i = 0; i < 20; i++) await devices.get(jid)?.send(BOB, audioCall([jid, BOB]));
      }
    }
    await world.clock.settle(1_000);
    // The few flood calls that did ring (4 at most at once) are cancelled by their senders: nothing rings now.
    for (const { session } of rings) {
      await devices.get(session.initiator)?.send(BOB, { kind: 'cancel', sessionId: session.id, reason: 'cancelled' });
    }
    await world.clock.settle(1_000);
    expect(bob.sessions.size).toBe(0);
  });
});

it("a stranger's few big early signals do not push out a participant's accept that overtook the call", async () => {
  await earlyAcceptAfter(async () => {
    // 16 stanzas of ~64 KB each, under session ids nobody uses.
    const mallory = world.network.createTransport(MALLORY);
    for (let i = 0; i < 16; i++) await junkOffer(mallory, `junk${i}`, 12_000);
  });
});

it("made-up users of three servers do not push out a participant's accept that overtook the call", async () => {
  await earlyAcceptAfter(async () => {
    // Each server: 3 made-up users, 2 junk sessions each of ~88 K characters (within a user's 256 K share).
    for (let server = 0; server < 3; server++) {
      for (let user = 0; user < 3; user++) {
        const mallory = world.network.createTransport(`m${user}@evil${server}.test`);
        for (let i = 0; i < 2; i++) await junkOffer(mallory, `junk-${server}-${user}-${i}`, 12_600);
      }
    }
  });
});
