/**
 * XmppTransport over a Prosody with stream management (XEP-0198, mod_smacks, as Prosody's stock config has):
 * when a dropped socket is resumed instead of replaced, the transport must come back online, keep what it
 * knew from presence (a resumed session gets no presence again), and accept the signals the sender's stream
 * management re-sends with a delay stamp of its own.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Signal } from '../protocol/signal.js';
import { collect, ownProsody, rawWebSocket, waitFor } from '../testing/prosody.js';
import { XmppTransport } from './xmpp-transport.js';

const hangup = (sessionId: string): Signal => ({ kind: 'hangup', sessionId, userInfo: {} });

const server = ownProsody({ smacks: true });
const open: XmppTransport[] = [];

afterEach(async () => {
  for (const transport of open.splice(0)) await transport.close();
});

interface StreamManagement {
  readonly enabled: boolean;
  on(event: 'resumed', listener: () => void): void;
}

async function connect(username: string): Promise<XmppTransport> {
  const { wsUrl, domain } = server();
  const transport = await XmppTransport.connect({
    service: wsUrl,
    domain,
    username,
    password: `${username}-pass`,
  });
  open.push(transport);
  return transport;
}

/** Alice and Bob online with stream management on, each seeing the other; `resumed()` once Alice's stream was. */
async function aliceAndBob() {
  const bob = await connect('bob');
  const alice = await connect('alice');
  const sm = alice.client.streamManagement as unknown as StreamManagement;
  await waitFor(
    () => sm.enabled && (bob.client.streamManagement as unknown as StreamManagement).enabled,
    'stream management on',
  );
  await waitFor(() => alice.onlineUsers().has('bob@localhost'), 'alice sees bob');
  let resumed = false;
  sm.on('resumed', () => {
    resumed = true;
  });
  return { alice, bob, resumed: () => resumed };
}

describe('XmppTransport with stream resumption (XEP-0198)', () => {
  it('is online again once the stream is resumed, still knows who is online, and sends', async () => {
    const { alice, bob, resumed } = await aliceAndBob();
    const statuses = collect(alice, 'status');
    const received = collect(bob, 'signal');
    rawWebSocket(alice)!.terminate(); // throws if alice is not connected
    await waitFor(resumed, 'alice resumed', 15_000);
    await waitFor(() => alice.status === 'online', 'alice online again', 5_000);
    expect(statuses).toEqual(['reconnecting', 'online']);
    // A resumed session is not new to the server: no presence comes again, so what was known must stay.
    expect([...alice.onlineUsers()]).toContain('bob@localhost');
    await alice.send('bob@localhost', hangup('after-resume'));
    await waitFor(() => received.length === 1, 'bob got the signal');
  });

  it("accepts a signal the sender's stream management re-sends after resuming (stamped by the sender)", async () => {
    const { alice, bob, resumed } = await aliceAndBob();
    const received = collect(bob, 'signal');
    const errors = collect(bob, 'error');
    // The socket dies with the signal written but never delivered: stream management re-sends it on resume,
    // with a XEP-0203 delay stamped by alice's own JID.
    const socket = rawWebSocket(alice);
    if (!socket) throw new Error('alice is not connected');
    socket.send = () => undefined;
    await alice.send('bob@localhost', hangup('in-flight'));
    socket.terminate();
    await waitFor(resumed, 'alice resumed', 15_000);
    await waitFor(() => received.length === 1, 'bob got the re-sent signal', 10_000);
    expect(received.map((event) => event.signal.sessionId)).toEqual(['in-flight']);
    expect(errors).toEqual([]);
  });
});
