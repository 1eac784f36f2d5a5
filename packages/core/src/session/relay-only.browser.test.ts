/**
 * `iceTransportPolicy: 'relay'` in real Chromium through a real TURN server (coturn on 127.0.0.1, started by
 * `commands.startTurn()`): the call connects and its media flows through the relay, and no address of the
 * relay-only side reaches the other side in the signals; with credentials the server refuses, the link fails
 * and its error says what the server answered.
 */

import { afterEach, beforeEach, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { CallClient } from '../client/call-client.js';
import type { CallClientConfig } from '../client/config.js';
import type { Signal } from '../protocol/signal.js';
import { connectedCall, expectVideoFlowing, nextEvent, record, trackResources, waitFor } from '../testing/harness.js';
import { MemoryNetwork } from '../transport/memory-network.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';

let network: MemoryNetwork;
let clients: CallClient[];
let resources: ReturnType<typeof trackResources>;

beforeEach(() => {
  network = new MemoryNetwork({ latencyMs: 2 });
  clients = [];
  resources = trackResources();
});

afterEach(async () => {
  for (const client of clients) await client.destroy();
  resources.restore();
});

/** A client whose outgoing signals are also recorded in `sent`. */
function client(user: string, config: Partial<CallClientConfig>, sent: Signal[]): CallClient {
  const transport = network.createTransport(user);
  const send = transport.send.bind(transport);
  transport.send = (to, signal) => {
    sent.push(signal);
    return send(to, signal);
  };
  const created = new CallClient({ transport, ...config });
  clients.push(created);
  return created;
}

/** The `typ` of every ICE candidate in `signals` (from `candidates` batches and from SDPs). */
function candidateTypes(signals: readonly Signal[]): string[] {
  const lines: string[] = [];
  for (const signal of signals) {
    if (signal.kind === 'candidates') lines.push(...signal.candidates.map((candidate) => candidate.candidate));
    if ('description' in signal && signal.description) lines.push(...signal.description.sdp.split(/\r?\n/));
  }
  return lines.flatMap((line) => /candidate:.* typ (\w+)/.exec(line)?.[1] ?? []);
}

/** The local and remote candidate types of the pair a connection uses. */
async function selectedPair(pc: RTCPeerConnection): Promise<{ local: string; remote: string } | null> {
  const stats = [...(await pc.getStats()).values()] as Array<Record<string, unknown>>;
  const transport = stats.find((entry) => entry.type === 'transport');
  const pair = stats.find((entry) => entry.id === transport?.selectedCandidatePairId);
  if (!pair) return null;
  const type = (id: unknown) => String(stats.find((entry) => entry.id === id)?.candidateType);
  return { local: type(pair.localCandidateId), remote: type(pair.remoteCandidateId) };
}

it("'relay': the call connects through the TURN server, and the other side never sees our addresses", async () => {
  const turn = await commands.startTurn();
  const fromAlice: Signal[] = [];
  const fromBob: Signal[] = [];
  const alice = client(ALICE, { iceServers: [turn], iceTransportPolicy: 'relay' }, fromAlice);
  const bob = client(BOB, { iceServers: [turn] }, fromBob);
  const [outgoing, call] = await connectedCall(alice, bob);
  await expectVideoFlowing(call, ALICE);
  await expectVideoFlowing(outgoing, BOB);

  // Alice offered relay candidates only; Bob (policy 'all') offered his own as well.
  const aliceTypes = candidateTypes(fromAlice);
  expect(aliceTypes.length).toBeGreaterThan(0);
  expect(new Set(aliceTypes)).toEqual(new Set(['relay']));
  expect(candidateTypes(fromBob)).toContain('host');

  // Alice's side of the media path is the relay.
  const [alicePc, bobPc] = resources.connections();
  expect(alicePc?.getConfiguration().iceTransportPolicy).toBe('relay');
  expect(await selectedPair(alicePc!)).toMatchObject({ local: 'relay' });
  expect(await selectedPair(bobPc!)).toMatchObject({ remote: 'relay' });
  // And the stats say so, for the app (a "relayed" hint, a support ticket).
  expect((await outgoing.getStats()).get(BOB)?.route).toMatchObject({ local: 'relay', protocol: 'udp' });
  expect((await call.getStats()).get(ALICE)?.route).toMatchObject({ local: 'host', remote: 'relay' });
});

it("'relay' to a TURN server reached over TCP: the stats' route says so", async () => {
  const turn = await commands.startTurn();
  const overTcp = { ...turn, urls: turn.urls.replace('transport=udp', 'transport=tcp') };
  const alice = client(ALICE, { iceServers: [overTcp], iceTransportPolicy: 'relay' }, []);
  const bob = client(BOB, {}, []);
  const [outgoing] = await connectedCall(alice, bob, 'audio');
  expect((await outgoing.getStats()).get(BOB)?.route).toEqual({ local: 'relay', remote: 'host', protocol: 'tcp' });
});

it("'relay' with credentials the TURN server refuses: the link fails, and the error says what the server said", async () => {
  const turn = await commands.startTurn();
  const wrongSecret = 'not-the-turn-secret';
  const config = { disconnectTimeout: 5_000 };
  const alice = client(
    ALICE,
    { ...config, iceServers: [{ ...turn, credential: wrongSecret }], iceTransportPolicy: 'relay' },
    [],
  );
  const bob = client(BOB, config, []);
  const outgoing = alice.createSession([BOB], 'audio');
  const errors = record(outgoing, 'error');
  const ringing = nextEvent(bob, 'incomingCall');
  await outgoing.start();
  await (await ringing).session.accept();
  await waitFor(() => outgoing.state === 'closed', 'the call ends', 20_000);
  expect([outgoing.getPeerState(BOB), outgoing.closeReason]).toEqual(['failed', 'connectionLost']);
  const [said] = errors.filter(({ error }) => error.code === 'peer-connection-failed');
  expect(said?.userId).toBe(BOB);
  expect(said?.error.message).toMatch(
    /^No connection to bob@example\.test could be made: .*turn:127\.0\.0\.1:\d+.* answered 401/,
  );
  expect(said?.error.message).not.toContain(wrongSecret);
});
