/**
 * A call to an address whose server cannot be found (a mistyped domain): the server sends the `call` back, and the
 * caller stops ringing that callee at once instead of for the whole answer timeout, then blaming "no answer". Only
 * the account's or its server's word counts: an error from one device of the callee (another client of theirs) is
 * that client's, while their other devices ring. Real Prosody, real @xmpp/client, fake RTC.
 */
import { xml } from '@xmpp/client';
import type { Element } from 'ltx';
import { beforeAll, expect, it } from 'vitest';
import { CallClient } from '../client/call-client.js';
import { LocalMedia } from '../media/local-media.js';
import { useFakeRtcAndStreams } from '../testing/chaos-invariants.js';
import { FakeMediaDevices } from '../testing/fake-media.js';
import { record } from '../testing/harness.js';
import { installWebSocket, passwordOf, startRawClient, waitFor, xmppServer } from '../testing/prosody.js';
import type { UndeliverableSignal } from './transport.js';
import { XmppTransport } from './xmpp-transport.js';

useFakeRtcAndStreams();
beforeAll(installWebSocket);

const createMedia = ({ callType }: { callType: 'audio' | 'video' }) =>
  new LocalMedia({ callType, mediaDevices: new FakeMediaDevices() });
const settings = { createMedia, answerTimeout: 60_000, speakingInterval: 0, statsInterval: 0 };

function connect(username: string, resource: string): Promise<XmppTransport> {
  const { wsUrl, domain } = xmppServer();
  return XmppTransport.connect({ service: wsUrl, domain, username, password: passwordOf(username), resource });
}

it('a callee on a server that cannot be found stops ringing at once; the others ring on', async () => {
  const transport = await connect('alice', 'laptop');
  const alice = new CallClient({ transport, ...settings });
  const FRANK = 'frank@nowhere.invalid';
  const bob = `bob@${xmppServer().domain}`;
  const errors = record(alice, 'error');
  const bounced: UndeliverableSignal[] = [];
  transport.on('undeliverable', (bounce) => bounced.push(bounce));
  try {
    const group = alice.createSession([bob, FRANK], 'audio');
    await group.start();
    await waitFor(() => group.getPeerState(FRANK) === 'unreachable', 'frank unreachable', 10_000);
    expect(group.getPeerState(bob)).toBe('wait');
    expect(group.state).toBe('pending');

    const alone = alice.createSession([FRANK], 'audio');
    await alone.start();
    await waitFor(() => alone.state === 'closed', 'the call to frank alone ended', 10_000);
    expect(alone.closeReason).toBe('notAnswered');
    // Each call's `cancel` to Frank bounces too, after the second call ended: that is no error of anyone's.
    await waitFor(() => bounced.filter(({ kind }) => kind === 'cancel').length === 2, 'both cancels bounced');
    expect(errors).toEqual([]);
  } finally {
    await alice.destroy();
    await transport.close();
  }
});

it("a callee's other device refusing the call does not make the callee unreachable while their phone rings", async () => {
  const aliceTransport = await connect('alice', 'laptop');
  const bobTransport = await connect('bob', 'phone');
  // Bob's desktop runs another client, which answers messages it does not take with an error of its own.
  const desktop = await startRawClient('bob', { resource: 'desktop' });
  desktop.xmpp.on('stanza', (stanza: Element) => {
    if (stanza.name !== 'message' || stanza.attrs.type === 'error') return;
    const refusal = xml(
      'message',
      { type: 'error', to: stanza.attrs.from, id: stanza.attrs.id },
      xml('error', { type: 'cancel' }, xml('not-allowed', { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' })),
    );
    desktop.xmpp.send(refusal).catch(() => {}); // the last ones meet a connection that is closing
  });
  const alice = new CallClient({ transport: aliceTransport, ...settings });
  const bob = new CallClient({ transport: bobTransport, ...settings });
  const rings = record(bob, 'incomingCall');
  const errors = record(alice, 'error');
  const bobId = `bob@${xmppServer().domain}`;
  try {
    const outgoing = alice.createSession([bobId], 'audio');
    await outgoing.start();
    await waitFor(() => rings.length > 0, "the call rings on Bob's phone");
    await waitFor(() => errors.length > 0, "the desktop's refusal is back");
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(rings[0]?.session.state).toBe('pending');
    expect(outgoing.getPeerState(bobId)).toBe('wait');
    expect(outgoing.state).toBe('pending');
    // The app still hears of it, as a failure of that call (listed whole, so that anything else shows too).
    expect(errors.map(({ sessionId, error }) => [sessionId, error.message])).toContainEqual([
      outgoing.id,
      `call to ${bobId} bounced: not-allowed`,
    ]);
  } finally {
    await alice.destroy();
    await bob.destroy();
    await desktop.stop();
    await aliceTransport.close();
    await bobTransport.close();
  }
});
