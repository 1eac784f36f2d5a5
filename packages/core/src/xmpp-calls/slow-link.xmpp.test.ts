/**
 * Calls over a poor mobile link: a real Prosody, real @xmpp/client, each client behind a proxy that delays,
 * stalls or cuts its connection (`testing/slow-link.ts`); fake RTC with modelled ICE.
 */
import { expect, it } from 'vitest';
import type { CallSession } from '../session/call-session.js';
import { useFakeRtcAndStreams } from '../testing/chaos-invariants.js';
import { installWebSocket, passwordOf, waitFor, xmppServer } from '../testing/prosody.js';
import { SlowLink } from '../testing/slow-link.js';
import { dispose, iceLoop, type Party, party, sleep } from '../testing/slow-link-calls.js';
import { XmppTransport } from '../transport/xmpp-transport.js';

useFakeRtcAndStreams();

it('signs in over a 300 ms link that stalls 3 s during the login (one step longer than xmpp.js waits by default)', async () => {
  await installWebSocket();
  const server = xmppServer();
  const url = new URL(server.wsUrl);
  const link = new SlowLink(Number(url.port));
  await link.start();
  link.setLatency(300, 400);
  let transport: XmppTransport | undefined;
  const stall = setTimeout(() => link.stall('down', 3_000), 900);
  try {
    const outcome = await XmppTransport.connect({
      service: `ws://127.0.0.1:${link.port}${url.pathname}`,
      domain: server.domain,
      username: 'alice',
      password: passwordOf('alice'),
    }).then(
      (connected) => {
        transport = connected;
        return 'online';
      },
      (error: Error & { code?: string }) => `${error.code}: ${error.message}`,
    );
    expect(outcome).toBe('online');
  } finally {
    clearTimeout(stall);
    await transport?.close();
    await link.close();
  }
}, 60_000);

it('signs out without waiting for a server that stopped answering (a stalled link)', async () => {
  const server = xmppServer();
  const alice = await party(server, 'alice');
  alice.link.stall('down', 60_000);
  const closing = alice.transport.close().then(() => 'closed');
  // Unbounded, stopping would wait for the server's end of the stream twice the 20 s step timeout.
  const outcome = await Promise.race([closing, sleep(10_000).then(() => 'still closing after 10 s')]);
  await alice.link.close();
  await alice.client.destroy();
  expect(outcome).toBe('closed');
}, 60_000);

it("a stall of the callee's connection while it rings is not taken for the caller's silence", async () => {
  const server = xmppServer();
  // Re-sends every second: the callee would take 5 s without one for the caller being gone.
  const alice = await party(server, 'alice', { answerTimeout: 45_000, dialingInterval: 1_000 });
  const bob = await party(server, 'bob', { answerTimeout: 45_000 });
  const stopIce = iceLoop();
  try {
    await waitFor(() => alice.transport.onlineUsers().has('bob@localhost'), 'online');
    alice.link.setLatency(300, 500);
    bob.link.setLatency(300, 500);
    let incoming: CallSession | undefined;
    bob.client.on('incomingCall', ({ session }) => {
      incoming = session;
    });
    const outgoing = alice.client.createSession(['bob@localhost'], 'audio');
    await outgoing.start();
    await waitFor(() => incoming?.state === 'pending', 'Bob rings', 10_000);
    // A tunnel: Bob's connection stays up and carries nothing for 9 s.
    bob.link.stall('down', 9_000);
    await sleep(9_000 + 2_000);
    expect(outgoing.getPeerState('bob@localhost')).toBe('wait');
    expect({ state: incoming?.state, log: bob.log }).toEqual({ state: 'pending', log: [] });
  } finally {
    stopIce();
    await dispose([alice, bob]);
  }
}, 90_000);

it('the caller leaving right after taking a slow callee in leaves the two others in the call together', async () => {
  const server = xmppServer();
  const parties: Party[] = [];
  for (const user of ['alice', 'bob', 'carol']) parties.push(await party(server, user));
  const [alice, bob, carol] = parties as [Party, Party, Party];
  const stopIce = iceLoop();
  try {
    await waitFor(
      () =>
        ['bob', 'carol'].every((user) => alice.transport.onlineUsers().has(`${user}@localhost`)) &&
        bob.transport.onlineUsers().has('carol@localhost'),
      'online',
    );
    alice.link.setLatency(100, 150);
    bob.link.setLatency(100, 150);
    carol.link.setLatency(600, 700);
    const sessions: Record<string, CallSession> = {};
    bob.client.on('incomingCall', ({ session }) => {
      sessions.bob = session;
      void session.accept();
    });
    carol.client.on('incomingCall', ({ session }) => {
      sessions.carol = session;
    });
    const outgoing = alice.client.createSession(['bob@localhost', 'carol@localhost'], 'audio');
    await outgoing.start();
    await waitFor(
      () => outgoing.getPeerState('bob@localhost') === 'connected' && sessions.carol?.state === 'pending',
      'Bob in, Carol ringing',
      20_000,
    );
    outgoing.on('accepted', ({ userId }) => {
      if (userId === 'carol@localhost') outgoing.hangUp();
    });
    // Carol answers as her phone's link stalls for 3 s: her word to Bob comes long after Alice left.
    carol.link.stall('down', 3_000);
    await sessions.carol!.accept();
    await waitFor(() => outgoing.state === 'closed', 'Alice left', 20_000);
    await waitFor(
      () =>
        sessions.bob?.getPeerState('carol@localhost') === 'connected' &&
        sessions.carol?.getPeerState('bob@localhost') === 'connected',
      'Bob and Carol together',
      20_000,
    );
    expect([sessions.bob?.state, sessions.carol?.state]).toEqual(['active', 'active']);
  } finally {
    stopIce();
    await dispose(parties);
  }
}, 90_000);
