/**
 * A call between two people who are not contacts (no presence subscription: a support desk, a marketplace, a
 * new contact), over a Prosody where nobody follows anybody's presence. Without presence, nothing would tell a
 * device that the other came back after a drop, the usual cue to say what changed meanwhile: the devices in the
 * call announce themselves to each other (directed presence). Real Prosody, real @xmpp/client, fake RTC.
 */
import { expect, it } from 'vitest';
import { CallClient } from '../client/call-client.js';
import { LocalMedia } from '../media/local-media.js';
import { answeredCall, useFakeRtcAndStreams } from '../testing/chaos-invariants.js';
import { FakeMediaDevices } from '../testing/fake-media.js';
import { ownProsody, passwordOf, rawWebSocket, waitFor } from '../testing/prosody.js';
import { XmppTransport } from './xmpp-transport.js';

const server = ownProsody({ strangers: true });
useFakeRtcAndStreams();

it('a mute made while the other side was reconnecting reaches it once it is back, contacts or not', async () => {
  const { wsUrl, domain } = server();
  const connect = (username: string) =>
    XmppTransport.connect({ service: wsUrl, domain, username, password: passwordOf(username), resource: 'laptop' });
  const [aliceTransport, bobTransport] = [await connect('alice'), await connect('bob')];
  const settings = { speakingInterval: 0, statsInterval: 0, disconnectTimeout: 60_000, dialingInterval: 500 };
  const createMedia = ({ callType }: { callType: 'audio' | 'video' }) =>
    new LocalMedia({ callType, mediaDevices: new FakeMediaDevices() });
  const alice = new CallClient({ transport: aliceTransport, createMedia, ...settings });
  const bob = new CallClient({ transport: bobTransport, createMedia, ...settings });
  try {
    expect([...aliceTransport.onlineUsers()]).toEqual([]); // strangers: no presence flows between them
    const { outgoing, incoming: atBob } = await answeredCall(alice, bob);
    await waitFor(() => aliceTransport.onlineUsers().has('bob@localhost'), 'alice sees bob, who answered');

    // Bob's connection drops (a new session when it comes back); Alice mutes meanwhile: her word is lost.
    rawWebSocket(bobTransport)!.terminate();
    await waitFor(() => !aliceTransport.onlineUsers().has('bob@localhost'), 'alice sees bob gone');
    outgoing.setAudioMuted(true);
    await waitFor(() => bobTransport.status === 'online', 'bob back online', 15_000);
    await waitFor(() => atBob.peers.get('alice@localhost')?.media?.audioMuted === true, 'bob sees alice muted');
    expect([outgoing.state, atBob.state]).toEqual(['active', 'active']);
  } finally {
    await alice.destroy();
    await bob.destroy();
    await aliceTransport.close();
    await bobTransport.close();
  }
});
