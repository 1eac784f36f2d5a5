/**
 * A client's memories of other people's calls — signals that came before their call, and calls that ended (so a
 * re-sent call never rings again) — are bounded, and shared out by sender: a stranger's flood pushes out only
 * its own entries. Real CallClients on a MemoryNetwork, the flood sent by hand.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { newSessionId } from '../protocol/session-id.js';
import type { CallSignal, Signal } from '../protocol/signal.js';
import { useFakeRtcAndStreams } from '../testing/chaos-invariants.js';
import { FakeSessionMedia } from '../testing/fake-media.js';
import { record } from '../testing/harness.js';
import { ManualClock } from '../testing/manual-clock.js';
import { MemoryNetwork } from '../transport/memory-network.js';
import { CallClient } from './call-client.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';
const MALLORY = 'mallory@evil.test';

let clock: ManualClock;
let network: MemoryNetwork;
let clients: CallClient[];

useFakeRtcAndStreams();
beforeEach(() => {
  clock = new ManualClock();
  network = new MemoryNetwork({ clock });
  clients = [];
});
afterEach(async () => {
  for (const c of clients) await c.destroy();
});

function client(user: string, config: Record<string, unknown> = {}): CallClient {
  const created = new CallClient({
    transport: network.createTransport(user),
    clock,
    createMedia: ({ callType }) => new FakeSessionMedia(callType === 'video'),
    answerTimeout: 300_000,
    dialingInterval: 3_000,
    ...config,
  });
  clients.push(created);
  return created;
}

function audioCall(participants: readonly string[]): CallSignal {
  const offer = { type: 'offer' as const, sdp: 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\n' };
  const sessionId = newSessionId(participants[0] as string);
  return { kind: 'call', sessionId, callType: 'audio', participants, startedAt: clock.now(), offer, userInfo: {} };
}

it('a declined call sent again does not ring again after a stranger floods the client with calls', async () => {
  const bob = client(BOB);
  const alice = network.createTransport(ALICE);
  const atAlice: Signal[] = [];
  alice.on('signal', ({ signal }) => atAlice.push(signal));
  const rings = record(bob, 'incomingCall');
  const call = audioCall([ALICE, BOB]);
  await alice.send(BOB, call);
  await clock.settle();
  rings[0]?.session.reject();
  await clock.settle();
  expect(atAlice.map((s) => s.kind)).toEqual(['reject']);

  // A stranger sends 300 small calls (each turned down as a flood, to the stranger only).
  const mallory = network.createTransport(MALLORY);
  for (let i = 0; i < 300; i++) await mallory.send(BOB, audioCall([MALLORY, BOB]));
  await clock.settle(1_000);

  // Alice's dialing re-send of the declined call (her copy of the reject was, say, lost): Bob must decline it
  // again, not ring for a call he already turned down.
  await alice.send(BOB, call);
  await clock.settle();
  const ringsForAlice = rings.filter(({ session }) => session.id === call.sessionId);
  expect(ringsForAlice).toHaveLength(1);
  expect(atAlice.map((s) => s.kind)).toEqual(['reject', 'reject']);
});

it("a stranger's few big early signals do not push out a participant's accept that overtook the call", async () => {
  const bob = client(BOB);
  const alice = network.createTransport(ALICE);
  const carol = network.createTransport(CAROL);
  const mallory = network.createTransport(MALLORY);
  const call = audioCall([ALICE, BOB, CAROL]);
  await carol.send(BOB, { kind: 'accept', sessionId: call.sessionId, answer: null, userInfo: {} });
  await clock.settle();
  // 16 stanzas of ~64 KB each, under session ids nobody uses.
  const sdp = `v=0\r\n${'a=x\r\n'.repeat(12_000)}`;
  for (let i = 0; i < 16; i++) {
    await mallory.send(BOB, {
      kind: 'description',
      sessionId: `junk${i}`,
      description: { type: 'offer', sdp },
    });
  }
  await clock.settle();
  await alice.send(BOB, call);
  await clock.settle();
  const session = bob.getSession(call.sessionId);
  expect(session?.state).toBe('pending');
  // Without the flood Carol shows as joined ('pending'), as in session.test.ts "signals that arrive before their call".
  expect(session?.getPeerState(CAROL)).toBe('pending');
});

it('a declined call sent again does not ring again after made-up users of four servers flood the client with calls', async () => {
  const bob = client(BOB);
  const alice = network.createTransport(ALICE);
  const atAlice: Signal[] = [];
  alice.on('signal', ({ signal }) => atAlice.push(signal));
  const rings = record(bob, 'incomingCall');
  const call = audioCall([ALICE, BOB]);
  await alice.send(BOB, call);
  await clock.settle();
  rings[0]?.session.reject();
  await clock.settle();
  expect(atAlice.map((s) => s.kind)).toEqual(['reject']);

  // 4 made-up users on each of 4 servers the attacker runs, 20 small calls each (each turned down as a flood).
  const malloryOf = new Map<string, ReturnType<MemoryNetwork['createTransport']>>();
  for (let server = 0; server < 4; server++) {
    for (let user = 0; user < 4; user++) {
      const jid = `m${user}@evil${server}.test`;
      const mallory = network.createTransport(jid);
      malloryOf.set(jid, mallory);
      for (let i = 0; i < 20; i++) await mallory.send(BOB, audioCall([jid, BOB]));
    }
  }
  await clock.settle(1_000);
  // The few flood calls that did ring (4 at most ring at once) are cancelled by their senders: nothing rings now.
  for (const { session } of rings.slice(1)) {
    await malloryOf.get(session.initiator)?.send(BOB, { kind: 'cancel', sessionId: session.id, reason: 'cancelled' });
  }
  await clock.settle(1_000);
  expect(bob.sessions.size).toBe(0);

  // Alice's dialing re-send of the declined call: Bob must decline it again, not ring again.
  await alice.send(BOB, call);
  await clock.settle();
  expect(rings.filter(({ session }) => session.id === call.sessionId)).toHaveLength(1);
  expect(atAlice.map((s) => s.kind)).toEqual(['reject', 'reject']);
});

it("made-up users of three servers do not push out a participant's accept that overtook the call", async () => {
  const bob = client(BOB);
  const alice = network.createTransport(ALICE);
  const carol = network.createTransport(CAROL);
  const call = audioCall([ALICE, BOB, CAROL]);
  await carol.send(BOB, { kind: 'accept', sessionId: call.sessionId, answer: null, userInfo: {} });
  await clock.settle();
  // Each server: 3 made-up users, 2 junk sessions each, one ~88 K-character description per session (within
  // a user's 256 K share).
  const sdp = `v=0\r\n${'a=x\r\n'.repeat(12_600)}`;
  for (let server = 0; server < 3; server++) {
    for (let user = 0; user < 3; user++) {
      const mallory = network.createTransport(`m${user}@evil${server}.test`);
      for (let i = 0; i < 2; i++) {
        await mallory.send(BOB, {
          kind: 'description',
          sessionId: `junk-${server}-${user}-${i}`,
          description: { type: 'offer', sdp },
        });
      }
    }
  }
  await clock.settle();
  await alice.send(BOB, call);
  await clock.settle();
  const session = bob.getSession(call.sessionId);
  expect(session?.state).toBe('pending');
  expect(session?.getPeerState(CAROL)).toBe('pending');
});
