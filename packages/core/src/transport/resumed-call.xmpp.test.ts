/**
 * A call over a Prosody with stream management (XEP-0198): one side's connection is away longer than its send
 * window, so a state change made meanwhile is dropped from the send queue, and then the stream is resumed — which
 * brings no presence, the usual cue to say things again. Real Prosody, real @xmpp/client, fake RTC.
 */
import { it } from 'vitest';
import { CallClient } from '../client/call-client.js';
import { LocalMedia } from '../media/local-media.js';
import { answeredCall, useFakeRtcAndStreams } from '../testing/chaos-invariants.js';
import { FakeMediaDevices } from '../testing/fake-media.js';
import { ownProsody, passwordOf, rawWebSocket, waitFor } from '../testing/prosody.js';
import { XmppTransport } from './xmpp-transport.js';

const server = ownProsody({ smacks: true });
useFakeRtcAndStreams();

interface StreamManagement {
  readonly enabled: boolean;
  on(event: 'resumed', listener: () => void): void;
}
interface Reconnect {
  delay: number;
  scheduleReconnect(): void;
}

it('a mute made while the stream was away longer than the send window reaches the other side once it resumes', async () => {
  const { wsUrl, domain } = server();
  const connect = (username: string) =>
    XmppTransport.connect({ service: wsUrl, domain, username, password: passwordOf(username), sendRetryWindow: 2_000 });
  const [aliceTransport, bobTransport] = [await connect('alice'), await connect('bob')];
  const settings = { speakingInterval: 0, statsInterval: 0, disconnectTimeout: 60_000 };
  const createMedia = ({ callType }: { callType: 'audio' | 'video' }) =>
    new LocalMedia({ callType, mediaDevices: new FakeMediaDevices() });
  const alice = new CallClient({ transport: aliceTransport, createMedia, ...settings });
  const bob = new CallClient({ transport: bobTransport, createMedia, ...settings });
  try {
    const sm = aliceTransport.client.streamManagement as unknown as StreamManagement;
    await waitFor(() => sm.enabled && aliceTransport.onlineUsers().has('bob@localhost'), 'alice ready');
    let resumed = false;
    sm.on('resumed', () => {
      resumed = true;
    });
    const { outgoing, incoming: atBob } = await answeredCall(alice, bob);
    // Alice's network goes away; her client tries again only when told, to make the outage exact.
    const reconnect = (aliceTransport.client as unknown as { reconnect: Reconnect }).reconnect;
    reconnect.delay = 600_000;
    rawWebSocket(aliceTransport)!.terminate();
    await waitFor(() => aliceTransport.status === 'reconnecting', 'alice reconnecting');
    const errors: string[] = [];
    outgoing.on('error', ({ error }) => errors.push(error.code));
    outgoing.setAudioMuted(true);
    await waitFor(() => errors.includes('transport-offline'), 'the mute dropped from the queue', 5_000);
    reconnect.delay = 1_000;
    reconnect.scheduleReconnect();
    await waitFor(() => resumed && aliceTransport.status === 'online', 'alice resumed', 15_000);
    await waitFor(() => atBob.peers.get('alice@localhost')?.media?.audioMuted === true, 'bob sees alice muted');
  } finally {
    await alice.destroy();
    await bob.destroy();
    await aliceTransport.close();
    await bobTransport.close();
  }
}, 60_000);
