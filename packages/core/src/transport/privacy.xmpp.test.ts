/**
 * What someone who is not a contact (no roster entry, no presence subscription) learns of this device through
 * calls, on a real Prosody with real @xmpp/client (fake RTC and devices). Alice and Bob are contacts; Carol and
 * Dave are strangers to everyone.
 */
import { xml } from '@xmpp/client';
import { expect, it } from 'vitest';
import { CallClient } from '../client/call-client.js';
import type { CallClientConfig } from '../client/config.js';
import { LocalMedia } from '../media/local-media.js';
import type { CallSession } from '../session/call-session.js';
import { runIce, useFakeRtcAndStreams } from '../testing/chaos-invariants.js';
import { FakeMediaDevices } from '../testing/fake-media.js';
import { collectStanzas, ownProsody, passwordOf, waitFor } from '../testing/prosody.js';
import { XmppTransport } from './xmpp-transport.js';

const server = ownProsody({ contacts: ['alice', 'bob'] });
useFakeRtcAndStreams();

const settings = { speakingInterval: 0, statsInterval: 0, disconnectTimeout: 60_000, dialingInterval: 500 };
const createMedia = ({ callType }: { callType: 'audio' | 'video' }) =>
  new LocalMedia({ callType, mediaDevices: new FakeMediaDevices() });

async function connect(username: string, config: Partial<CallClientConfig> = {}) {
  const { wsUrl, domain } = server();
  const transport = await XmppTransport.connect({
    service: wsUrl,
    domain,
    username,
    password: passwordOf(username),
    resource: 'laptop',
  });
  return { transport, client: new CallClient({ transport, createMedia, ...settings, ...config }) };
}

const presenceFrom = (user: string) => (stanza: { name: string; attrs: Record<string, string> }) =>
  stanza.name === 'presence' && String(stanza.attrs.from ?? '').startsWith(`${user}@`);

it('a callee who answers a group call announces itself to the caller, not to an invitee who never answered', async () => {
  const alice = await connect('alice');
  const bob = await connect('bob');
  const mallory = await connect('carol'); // named by the caller, a stranger to bob, never answers
  try {
    // bob's status, meant for his contacts
    await bob.transport.client.send(xml('presence', {}, xml('status', {}, 'At the clinic until 5')));
    const seen = collectStanzas(mallory.transport.client, presenceFrom('bob'));
    const atCaller = collectStanzas(alice.transport.client, presenceFrom('bob'));
    mallory.client.on('incomingCall', () => {}); // rings, ignored
    let atBob: CallSession | undefined;
    bob.client.on('incomingCall', ({ session }) => {
      atBob = session;
      void session.accept();
    });
    const outgoing = alice.client.createSession(['bob@localhost', 'carol@localhost'], 'audio');
    await outgoing.start();
    await waitFor(() => {
      runIce();
      return atBob?.state === 'active';
    }, 'bob in the call');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(seen.map((p) => p.getChildText('status'))).toEqual([]);
    expect(atCaller.map((p) => p.getChildText('status'))).toContain('At the clinic until 5');
  } finally {
    for (const side of [alice, bob, mallory]) {
      await side.client.destroy();
      await side.transport.close();
    }
  }
});

it('a stranger in the call hears that we are here but not our status, and that we left once the call is over', async () => {
  const alice = await connect('alice');
  const bob = await connect('bob');
  const carol = await connect('carol'); // a stranger to Bob, who answers
  try {
    await bob.transport.client.send(xml('presence', {}, xml('status', {}, 'At the clinic until 5')));
    const atCarol = collectStanzas(carol.transport.client, presenceFrom('bob'));
    const atAlice = collectStanzas(alice.transport.client, presenceFrom('bob'));
    const rings: CallSession[] = [];
    for (const callee of [bob, carol]) callee.client.on('incomingCall', ({ session }) => void session.accept());
    bob.client.on('incomingCall', ({ session }) => rings.push(session));
    const outgoing = alice.client.createSession(['bob@localhost', 'carol@localhost'], 'audio');
    await outgoing.start();
    await waitFor(() => {
      runIce();
      return atCarol.length > 0 && rings[0]?.state === 'active';
    }, 'Bob in the call, and announced to Carol');
    expect(atCarol.map((p) => [p.attrs.type ?? 'available', p.getChildText('status')])).toEqual([['available', null]]);

    const aliceHeardBefore = atAlice.length;
    rings[0]!.hangUp();
    await waitFor(() => atCarol.length === 2, 'Carol told that Bob left');
    expect(atCarol[1]?.attrs.type).toBe('unavailable');
    // Carol is off the server's list: Bob's going offline later is not hers to know.
    await bob.client.destroy();
    await bob.transport.close();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(atCarol).toHaveLength(2);
    // Alice, a contact, was told nothing at the end of the call: only Bob's going offline, as always.
    expect(atAlice.slice(aliceHeardBefore).map((p) => p.attrs.type)).toEqual(['unavailable']);
  } finally {
    for (const side of [alice, bob, carol]) {
      await side.client.destroy();
      await side.transport.close();
    }
  }
});

it('allowCall turns a stranger away with no ring and no reply at all, as an offline device would', async () => {
  const contacts = new Set(['alice@localhost']);
  const bob = await connect('bob', { allowCall: ({ from }) => contacts.has(from) });
  const stranger = await connect('dave');
  try {
    const rings: string[] = [];
    bob.client.on('incomingCall', ({ session }) => rings.push(session.initiator));
    const heardFromBob = collectStanzas(stranger.transport.client, (stanza) =>
      String(stanza.attrs.from ?? '').startsWith('bob@'),
    );
    const probe = stranger.client.createSession(['bob@localhost'], 'audio');
    await probe.start();
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // the call and two re-sends
    expect(rings).toEqual([]);
    expect(heardFromBob).toEqual([]);
    expect(probe.state).toBe('pending');
  } finally {
    for (const side of [bob, stranger]) {
      await side.client.destroy();
      await side.transport.close();
    }
  }
});

it('acknowledges the roster pushes that reading the roster brings (RFC 6121 §2.1.6)', async () => {
  const alice = await connect('alice');
  try {
    const answers = new Map<string, string>();
    alice.transport.client.on('send', (stanza: { name: string; attrs: Record<string, string> }) => {
      if (stanza.name === 'iq' && stanza.attrs.id) answers.set(stanza.attrs.id, String(stanza.attrs.type));
    });
    const pushes = collectStanzas(
      alice.transport.client,
      (stanza) => stanza.name === 'iq' && stanza.attrs.type === 'set',
    );
    // A call's presence reads the roster, which makes this device one the server pushes roster changes to.
    alice.transport.announceTo(['dave@localhost'])();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await alice.transport.client.iqCaller.request(
      xml('iq', { type: 'set' }, xml('query', { xmlns: 'jabber:iq:roster' }, xml('item', { jid: 'erin@localhost' }))),
    );
    await waitFor(() => pushes.length > 0, 'the roster push');
    const pushId = String(pushes[0]?.attrs.id);
    await waitFor(() => answers.has(pushId), 'an answer to the push');
    expect(answers.get(pushId)).toBe('result');
  } finally {
    await alice.client.destroy();
    await alice.transport.close();
  }
});
