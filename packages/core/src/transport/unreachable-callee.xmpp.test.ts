/**
 * A call to an address whose server cannot be found (a mistyped domain): the server sends the `call` back, and the
 * caller stops ringing that callee at once instead of for the whole answer timeout, then blaming "no answer".
 * Real Prosody, real @xmpp/client, fake RTC.
 */
import { expect, it } from 'vitest';
import { CallClient } from '../client/call-client.js';
import { LocalMedia } from '../media/local-media.js';
import { useFakeRtcAndStreams } from '../testing/chaos-invariants.js';
import { FakeMediaDevices } from '../testing/fake-media.js';
import { ownProsody, passwordOf, waitFor } from '../testing/prosody.js';
import { XmppTransport } from './xmpp-transport.js';

const server = ownProsody({});
useFakeRtcAndStreams();

it('a callee on a server that cannot be found stops ringing at once; the others ring on', async () => {
  const { wsUrl, domain } = server();
  const transport = await XmppTransport.connect({
    service: wsUrl,
    domain,
    username: 'alice',
    password: passwordOf('alice'),
  });
  const createMedia = ({ callType }: { callType: 'audio' | 'video' }) =>
    new LocalMedia({ callType, mediaDevices: new FakeMediaDevices() });
  const alice = new CallClient({
    transport,
    createMedia,
    answerTimeout: 60_000,
    speakingInterval: 0,
    statsInterval: 0,
  });
  const FRANK = 'frank@nowhere.invalid';
  try {
    const group = alice.createSession([`bob@${domain}`, FRANK], 'audio');
    await group.start();
    await waitFor(() => group.getPeerState(FRANK) === 'unreachable', 'frank unreachable', 10_000);
    expect(group.getPeerState(`bob@${domain}`)).toBe('wait');
    expect(group.state).toBe('pending');

    const alone = alice.createSession([FRANK], 'audio');
    await alone.start();
    await waitFor(() => alone.state === 'closed', 'the call to frank alone ended', 10_000);
    expect(alone.closeReason).toBe('notAnswered');
  } finally {
    await alice.destroy();
    await transport.close();
  }
});
