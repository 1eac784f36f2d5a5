/**
 * Faults with signaling through a real Prosody, in Chromium: a third user forging signals for someone else's
 * session, a raw XMPP client sending hostile meshcall stanzas, and the server going away mid-call.
 */
import { type Client, xml } from '@xmpp/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { meshcallCodec } from '../protocol/meshcall-codec.js';
import { parseStanza } from '../protocol/xml.js';
import { forgedSignals, nextEvent, record, trackResources, waitFor } from '../testing/harness.js';
import type { TransportStatus } from '../transport/transport.js';
import type { XmppTransport } from '../transport/xmpp-transport.js';
import { callClient, connectedCall, connectUser, framesDecodedAbove, jidOf, rawClient, releaseAll } from './helpers.js';

const ALICE = jidOf('alice');
const BOB = jidOf('bob');
const MALLORY = jidOf('mallory');

let resources: ReturnType<typeof trackResources>;

beforeEach(() => {
  resources = trackResources();
});

afterEach(async () => {
  // A failed outage test must not leave the server down for the next one.
  await commands.startProsody();
  await releaseAll();
  resources.restore();
});

/** Gives stanzas already sent time to cross the server (there is nothing to wait for when nothing happens). */
function settle(ms = 300): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('signals from a third user', () => {
  it('forged hang-up, reject, accept, cancel, media and candidates for someone else’s session change nothing', async () => {
    const alice = await callClient('alice');
    const bob = await callClient('bob');
    const mallory = await connectUser('mallory');
    // Video with camera and microphone on: the real participants have no media state to announce, so any
    // remoteMediaChanged below could only come from the forgeries.
    const [outgoing, call] = await connectedCall(alice, bob, 'video');
    const watched: Record<string, unknown[]> = {};
    for (const name of ['hungUp', 'rejected', 'accepted', 'stateChanged', 'peerStateChanged', 'remoteMediaChanged']) {
      watched[`alice ${name}`] = record(outgoing, name as 'hungUp');
      watched[`bob ${name}`] = record(call, name as 'hungUp');
    }
    const bobSignals = record(bob.transport, 'signal');
    const id = outgoing.id;
    // To the bare JIDs (every device) and to the exact devices in the call.
    const targets = [ALICE, BOB, alice.transport.localAddress, bob.transport.localAddress].filter(
      (to): to is string => typeof to === 'string',
    );
    const forged = forgedSignals(id);
    for (const to of targets) {
      for (const signal of forged) await mallory.send(to, signal);
    }
    // A raw client claiming to be bob in `from`: the server stamps the real sender.
    const aliceSignals = record(alice.transport, 'signal');
    const raw = await rawClient('mallory');
    const spoofed = meshcallCodec.encode({ kind: 'hangup', sessionId: id, userInfo: {} }, ALICE, { id: 'spoof-1' });
    spoofed.attrs.from = bob.transport.localAddress ?? BOB;
    await raw.send(spoofed);

    // Bob really receives mallory's signals, stamped as hers (so nothing passes because nothing arrived)…
    // Bob gets every forgery twice: at his bare JID and at his device.
    await waitFor(
      () => bobSignals.filter(({ from }) => from.startsWith(`${MALLORY}/`)).length >= 2 * forged.length,
      'forgeries',
    );
    await waitFor(
      () => aliceSignals.some(({ signal }) => signal.kind === 'hangup' && signal.sessionId === id),
      'the spoofed hang-up at alice',
    );
    expect(
      aliceSignals.filter(({ signal }) => signal.kind === 'hangup').every(({ from }) => from.startsWith(`${MALLORY}/`)),
    ).toBe(true);
    await settle();
    // …and nothing about the call changed on either side.
    expect(Object.fromEntries(Object.entries(watched).filter(([, events]) => events.length > 0))).toEqual({});
    expect(outgoing.state).toBe('active');
    expect(call.state).toBe('active');
    expect(outgoing.getPeerState(BOB)).toBe('connected');
    expect(call.getPeerState(ALICE)).toBe('connected');
    expect(outgoing.peers.has(MALLORY)).toBe(false);

    // The real participants still reach each other.
    const hungUp = nextEvent(call, 'hungUp');
    outgoing.hangUp();
    expect((await hungUp).userId).toBe(ALICE);
  });
});

describe('hostile stanzas from a raw XMPP client', () => {
  it('malformed, oversized and unknown-version stanzas become error events; then a real call works', async () => {
    const alice = await callClient('alice');
    const bob = await callClient('bob');
    const errors = record(bob, 'error');
    const incoming = record(bob, 'incomingCall');
    const raw = await rawClient('mallory');
    const to = bob.transport.localAddress;
    if (!to) throw new Error('bob is not online');
    const payloads = [
      // A call with nothing in it.
      '<signal xmlns="urn:meshcall:signal" v="1" kind="call" session="s1"/>',
      // A version this client does not speak.
      '<signal xmlns="urn:meshcall:signal" v="99" kind="hangup" session="s1"/>',
      // ~100 KB, far over meshcall's limits. (Prosody's WebSocket closes the *sender's* stream from about
      // 128 KB up, below its 256 KiB c2s_stanza_size_limit: its frame buffer holds at most 8 reads of 8 KiB-ish.)
      `<signal xmlns="urn:meshcall:signal" v="1" kind="hangup" session="${'x'.repeat(100_000)}"/>`,
      // An unknown kind.
      '<signal xmlns="urn:meshcall:signal" v="1" kind="explode" session="s1"/>',
      // Garbage SDP in an otherwise plausible call.
      `<signal xmlns="urn:meshcall:signal" v="1" kind="call" session="s2" call-type="video" started-at="${Date.now()}"><participant jid="${MALLORY}"/><participant jid="${BOB}"/><sdp type="offer">not an sdp</sdp></signal>`,
    ];
    for (const payload of payloads) {
      const message = xml('message', { to, type: 'headline' });
      message.append(parseStanza(payload));
      await raw.send(message);
    }
    // Not meshcall at all: left to the app, no error.
    await raw.send(xml('message', { to, type: 'chat' }, xml('body', {}, 'hello, not for meshcall')));

    await waitFor(() => errors.length >= 4, 'error events for the hostile stanzas');
    expect(errors.map((e) => e.error.code)).toEqual(
      expect.arrayContaining(['signal-malformed', 'signal-unsupported-version', 'signal-too-large']),
    );
    expect(incoming).toHaveLength(0);
    expect(raw.status).toBe('online'); // the server kept the sender's stream: the stanzas were legal XMPP
    expect(bob.transport.status).toBe('online');

    const [outgoing, call] = await connectedCall(alice, bob, 'audio');
    expect(call.getPeerState(ALICE)).toBe('connected');
    outgoing.hangUp();
    await waitFor(() => call.state === 'closed', 'callee closed');
  });
});

describe('the XMPP server goes away mid-call', () => {
  it('media keeps flowing while signaling is down; both reconnect and signaling resumes', async () => {
    const options = { sendRetryWindow: 30_000 };
    const alice = await callClient('alice', {}, options);
    const bob = await callClient('bob', {}, options);
    const [outgoing, call] = await connectedCall(alice, bob, 'video');
    await framesDecodedAbove(call, ALICE, 0);
    // Bob's device stays away longer than alice's (say, a phone in a tunnel): it retries only when told to.
    const bobReconnect = ((bob.transport as XmppTransport).client as Client).reconnect;
    bobReconnect.delay = 600_000;
    const aliceStatuses = record(alice.transport, 'status') as TransportStatus[][number][];
    const bobStatuses = record(bob.transport, 'status') as TransportStatus[][number][];

    await commands.stopProsody();
    await waitFor(
      () => alice.status !== 'online' && bob.status !== 'online',
      'both transports notice the outage',
      15_000,
    );
    // Media does not need the server: frames keep being decoded on both sides while it is down.
    const atBob = (await call.getStats()).get(ALICE)?.framesDecoded ?? 0;
    const atAlice = (await outgoing.getStats()).get(BOB)?.framesDecoded ?? 0;
    await framesDecodedAbove(call, ALICE, atBob);
    await framesDecodedAbove(outgoing, BOB, atAlice);
    expect(alice.status).not.toBe('online');
    expect(bob.status).not.toBe('online');
    // A change made during the outage reaches the other side once both are back, although the server drops
    // the queued signal (bob is still away when alice flushes it): alice re-sends her state on bob's presence.
    const mutedDuringOutage = nextEvent(call, 'remoteMediaChanged', ({ media }) => media.audioMuted, 30_000);
    outgoing.setAudioMuted(true);

    await commands.startProsody();
    await waitFor(() => alice.status === 'online', 'alice back online', 20_000);
    // Alice flushes her queued mute at once; the server drops it, as bob's device is not there yet.
    await new Promise((resolve) => setTimeout(resolve, 300));
    bobReconnect.delay = 1_000;
    bobReconnect.scheduleReconnect();
    await waitFor(() => bob.status === 'online', 'bob back online', 20_000);
    expect(aliceStatuses).toContain('reconnecting');
    expect(bobStatuses).toContain('reconnecting');
    expect((await mutedDuringOutage).userId).toBe(ALICE);
    expect(call.peers.get(ALICE)?.media?.audioMuted).toBe(true);
    expect(outgoing.state).toBe('active');
    expect(call.state).toBe('active');

    // Signals after the reconnect reach the other side, both ways.
    const unmuted = nextEvent(call, 'remoteMediaChanged', ({ media }) => !media.audioMuted);
    outgoing.setAudioMuted(false);
    expect((await unmuted).userId).toBe(ALICE);
    const cameraOff = nextEvent(outgoing, 'remoteMediaChanged', ({ media }) => media.videoMuted);
    await call.setVideoMuted(true);
    expect((await cameraOff).userId).toBe(BOB);
    const hungUp = nextEvent(outgoing, 'hungUp');
    call.hangUp();
    expect((await hungUp).userId).toBe(BOB);
    await waitFor(() => outgoing.state === 'closed', 'caller closed');
    expect(outgoing.closeReason).toBe('remoteEnded');
  }, 60_000);

  it('one device loses its connection: it comes back, and what changed meanwhile reaches it', async () => {
    const alice = await callClient('alice');
    const bob = await callClient('bob');
    const [outgoing, call] = await connectedCall(alice, bob, 'audio');
    const bobTransport = bob.transport as XmppTransport;
    const bobReconnect = (bobTransport.client as Client).reconnect;
    bobReconnect.delay = 600_000; // bob retries only when told to, so the window below is deterministic
    const bobGone = nextEvent(alice, 'presence', ({ user, available }) => user === BOB && !available);
    const socket = (bobTransport.client.socket as unknown as { socket?: WebSocket } | null)?.socket;
    if (!socket) throw new Error('no WebSocket under bob’s client');
    socket.close();
    await bobGone;
    await waitFor(() => bob.status === 'reconnecting', 'bob reconnecting');
    expect(alice.status).toBe('online');
    // Alice is online the whole time: her mute is sent at once and dropped by the server (bob is away).
    const muted = nextEvent(call, 'remoteMediaChanged', ({ media }) => media.audioMuted, 20_000);
    outgoing.setAudioMuted(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    bobReconnect.delay = 1_000;
    bobReconnect.scheduleReconnect();
    await waitFor(() => bob.status === 'online', 'bob back online', 20_000);
    expect((await muted).userId).toBe(ALICE);
    expect(call.getPeerState(ALICE)).toBe('connected');
    const hungUp = nextEvent(outgoing, 'hungUp');
    call.hangUp();
    expect((await hungUp).userId).toBe(BOB);
  }, 60_000);
});
