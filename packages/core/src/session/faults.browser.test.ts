/**
 * Bad input and faults, with real peer connections in Chromium: forged signals, hostile stanzas,
 * duplicates and reordering, glare, busy, multi-device ringing, media failures, destroy mid-call, and a
 * real network drop that an ICE restart recovers from.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { CallClient } from '../client/call-client.js';
import type { CallClientConfig } from '../client/config.js';
import { LocalMedia } from '../media/local-media.js';
import {
  connectedCall,
  expectVideoFlowing,
  forgedSignals,
  framesDecodedAbove,
  nextEvent,
  record,
  ringingCall,
  trackResources,
  waitFor,
} from '../testing/harness.js';
import { MemoryNetwork } from '../transport/memory-network.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';
const DAVE = 'dave@example.test';
const EVE = 'eve@example.test';

let network: MemoryNetwork;
let clients: CallClient[];
let resources: ReturnType<typeof trackResources>;

beforeEach(() => {
  network = new MemoryNetwork({ latencyMs: 2 });
  clients = [];
  resources = trackResources();
});

afterEach(async () => {
  await commands.restoreUdp();
  for (const client of clients) await client.destroy();
  resources.restore();
});

function client(user: string, config: Partial<CallClientConfig> = {}, resource?: string): CallClient {
  const transport = network.createTransport(user, resource ? { resource } : {});
  const created = new CallClient({ transport, ...config });
  clients.push(created);
  return created;
}

describe('signals from outsiders and hostile stanzas', () => {
  it('forged hang-up, reject, accept and candidates from a non-participant change nothing', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const eve = network.createTransport(EVE);
    const [outgoing, call] = await connectedCall(alice, bob);
    const events = [
      ...['hungUp', 'rejected', 'accepted', 'stateChanged', 'peerStateChanged', 'remoteMediaChanged'].map((name) =>
        record(outgoing, name as 'hungUp'),
      ),
      record(call, 'hungUp'),
      record(call, 'stateChanged'),
    ];
    // A forged accept "from" bob cannot be made: the network stamps eve as the sender.
    for (const to of [ALICE, BOB]) {
      for (const signal of forgedSignals(outgoing.id)) await eve.send(to, signal);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(events.every((list) => list.length === 0)).toBe(true);
    expect(outgoing.state).toBe('active');
    expect(call.state).toBe('active');
    expect(outgoing.getPeerState(BOB)).toBe('connected');
    expect(outgoing.peers.has(EVE)).toBe(false);
  });

  it('malformed, oversized and unknown-version stanzas produce error events and signaling goes on', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const errors = record(bob, 'error');
    const from = `${EVE}/evil`;
    const stanzas = [
      '<message type="headline"><signal xmlns="urn:meshcall:signal" v="1" kind="call" session="s1"/></message>',
      '<message type="headline"><signal xmlns="urn:meshcall:signal" v="99" kind="hangup" session="s1"/></message>',
      `<message type="headline"><signal xmlns="urn:meshcall:signal" v="1" kind="hangup" session="${'x'.repeat(200_000)}"/></message>`,
      '<message type="headline"><signal xmlns="urn:meshcall:signal"',
      '<message><body>hello, not for meshcall</body></message>',
    ];
    for (const text of stanzas) network.injectRaw(from, BOB, text);
    await waitFor(() => errors.length >= 4, 'four error events');
    expect(errors.map((e) => e.error.code)).toEqual(
      expect.arrayContaining(['signal-malformed', 'signal-unsupported-version', 'signal-too-large']),
    );
    // Still works: a real call right after.
    await connectedCall(alice, bob, 'audio');
  });

  it('duplicated and reordered stanzas (candidates before the offer) still give one working call', async () => {
    network = new MemoryNetwork({ latencyMs: 2, jitterMs: 40, duplicateRate: 0.5 });
    const alice = client(ALICE);
    const bob = client(BOB);
    const incoming = record(bob, 'incomingCall');
    const [outgoing, call] = await connectedCall(alice, bob);
    expect(incoming).toHaveLength(1);
    expect(outgoing.getPeerState(BOB)).toBe('connected');
    expect(call.getPeerState(ALICE)).toBe('connected');
  });
});

describe('call policies', () => {
  it('glare: alice and bob call each other at once; exactly one call survives on both sides', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const aliceCall = alice.createSession([BOB], 'audio');
    const bobCall = bob.createSession([ALICE], 'audio');
    const aliceIncoming = record(alice, 'incomingCall');
    const bobIncoming = record(bob, 'incomingCall');
    await Promise.all([aliceCall.start(), bobCall.start()]);
    await waitFor(() => bobCall.state === 'closed' && bobIncoming.length === 1, 'bob keeps only alice’s call');
    expect(bobCall.closeReason).toBe('glare');
    expect(aliceIncoming).toHaveLength(0);
    expect(alice.sessions.size).toBe(1);
    expect(bob.sessions.size).toBe(1);
    const survivor = bobIncoming[0]!.session;
    expect(survivor.id).toBe(aliceCall.id);
    await survivor.accept();
    await waitFor(() => aliceCall.state === 'active', 'the surviving call connects');
  });

  it('busy: a call while in another call is declined with reason busy', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const carol = client(CAROL);
    await connectedCall(alice, bob, 'audio');
    const busy = nextEvent(bob, 'busyRejected');
    const carolCall = carol.createSession([BOB], 'audio');
    const rejected = nextEvent(carolCall, 'rejected');
    await carolCall.start();
    expect((await rejected).reason).toBe('busy');
    expect((await busy).from).toBe(CAROL);
    await waitFor(() => carolCall.state === 'closed', 'carol’s call ends');
  });

  it('more opponents than allowed: a clear error and nothing sent', () => {
    const alice = client(ALICE);
    network.resetStats();
    expect(() => alice.createSession([BOB, CAROL, DAVE, EVE], 'video')).toThrow(
      expect.objectContaining({ code: 'too-many-participants' }),
    );
    expect(alice.sessions.size).toBe(0);
    expect(network.stats.stanzas).toBe(0);
  });

  it('multi-device: both devices ring; accepting on one stops the other with answeredElsewhere', async () => {
    const alice = client(ALICE);
    const phone = client(BOB, {}, 'phone');
    const laptop = client(BOB, {}, 'laptop');
    const outgoing = alice.createSession([BOB], 'audio');
    const ringPhone = nextEvent(phone, 'incomingCall');
    const ringLaptop = nextEvent(laptop, 'incomingCall');
    await outgoing.start();
    const [onPhone, onLaptop] = [(await ringPhone).session, (await ringLaptop).session];
    await onPhone.accept();
    await waitFor(() => onLaptop.state === 'closed', 'laptop stops ringing');
    expect(onLaptop.closeReason).toBe('answeredElsewhere');
    await waitFor(() => outgoing.state === 'active' && onPhone.state === 'active', 'phone call active');
    expect(resources.openPeerConnections()).toBe(2);
  });

  it('reject after the call stopped ringing is harmless', async () => {
    const alice = client(ALICE, { answerTimeout: 800, dialingInterval: 200 });
    const bob = client(BOB);
    const [outgoing, session] = await ringingCall(alice, bob, 'audio');
    await waitFor(() => session.state === 'closed', 'stopped ringing');
    expect(() => session.reject()).not.toThrow();
    await expect(session.accept()).rejects.toMatchObject({ code: 'invalid-state' });
    expect(outgoing.closeReason).toBe('notAnswered');
  });
});

describe('media and lifecycle faults', () => {
  it('camera permission denied: the callee gets a typed error, the caller a reject, and no track stays live', async () => {
    const alice = client(ALICE);
    const denied = {
      getUserMedia: () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError')),
      enumerateDevices: () => Promise.resolve([]),
      addEventListener: () => {},
      removeEventListener: () => {},
    };
    const bob = client(BOB, {
      createMedia: ({ callType }) => new LocalMedia({ callType, mediaDevices: denied as never }),
    });
    const [outgoing, session] = await ringingCall(alice, bob, 'video');
    const rejected = nextEvent(outgoing, 'rejected');
    await expect(session.accept()).rejects.toMatchObject({ code: 'media-permission-denied' });
    expect(session.closeReason).toBe('mediaError');
    await rejected;
    await waitFor(() => outgoing.state === 'closed', 'caller closed');
    expect(resources.liveCaptureTracks()).toBe(0);
  });

  it('a callee without a camera answers a video call with the camera off, and it connects', async () => {
    const real = navigator.mediaDevices;
    // What Chromium answers on a machine without a camera when asked for one.
    const noCamera = {
      enumerateDevices: async () => (await real.enumerateDevices()).filter((d) => d.kind !== 'videoinput'),
      getUserMedia: (constraints?: MediaStreamConstraints) =>
        constraints?.video
          ? Promise.reject(new DOMException('Requested device not found', 'NotFoundError'))
          : real.getUserMedia(constraints),
    };
    const alice = client(ALICE);
    const bob = client(BOB, { createMedia: ({ callType }) => new LocalMedia({ callType, mediaDevices: noCamera }) });
    const [outgoing, call] = await ringingCall(alice, bob, 'video');
    const errors = record(call, 'error');
    await call.accept();
    await waitFor(() => outgoing.peers.get(BOB)?.state === 'connected', 'alice connected to bob', 20_000);
    expect(call.localMedia).toMatchObject({ videoMuted: true, audioMuted: false });
    expect(errors.map(({ error }) => error.code)).toEqual(['media-no-device']);
    await waitFor(() => outgoing.peers.get(BOB)?.media?.videoMuted === true, 'alice sees bob without camera');
  });

  it('a microphone unplugged mid-call is replaced by another: the other side hears the new one', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const [outgoing] = await connectedCall(alice, bob);
    const errors = record(outgoing, 'error');
    const [sender] = resources
      .connections()[0]!
      .getSenders()
      .filter((s) => s.track?.kind === 'audio');
    const lost = outgoing.localStream!.getAudioTracks()[0]!;
    // What Chromium does when the device goes away (unplugged, permission revoked): the track ends by itself.
    lost.stop();
    lost.dispatchEvent(new Event('ended'));
    await waitFor(() => sender?.track !== null && sender?.track !== lost, 'a new microphone sent');
    expect({ live: sender?.track?.readyState, enabled: sender?.track?.enabled }).toEqual({
      live: 'live',
      enabled: true,
    });
    expect(outgoing.localMedia.audioMuted).toBe(false);
    expect(errors.map(({ error }) => error.code)).toEqual(['media-device-fallback']);
  });

  it('destroy during a call: the other side hears the hang-up; nothing stays open', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const [outgoing, call] = await connectedCall(alice, bob);
    const hungUp = nextEvent(call, 'hungUp');
    await alice.destroy();
    expect(outgoing.closeReason).toBe('destroyed');
    expect(alice.listenerCount()).toBe(0);
    await hungUp;
    await waitFor(() => call.state === 'closed', 'bob closed');
    expect(resources.openPeerConnections()).toBe(0);
    expect(resources.liveCaptureTracks()).toBe(0);
  });

  it('mute and camera state reach the other side', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const [outgoing, call] = await connectedCall(alice, bob);
    const changed = nextEvent(call, 'remoteMediaChanged', ({ media }) => media.audioMuted && media.videoMuted);
    outgoing.setAudioMuted(true);
    await outgoing.setVideoMuted(true);
    await changed;
    expect(call.peers.get(ALICE)?.media).toEqual({ audioMuted: true, videoMuted: true, screenSharing: false });
    expect(outgoing.localStream?.getAudioTracks()[0]?.enabled).toBe(false);
  });

  it('a participant that vanishes (no hang-up) is dropped at the disconnect timeout and the call ends', async () => {
    const alice = client(ALICE, { disconnectTimeout: 3_000, iceRestartDelay: 300 });
    const bob = client(BOB);
    const [outgoing] = await connectedCall(alice, bob, 'audio');
    const events = record(outgoing, 'peerStateChanged');
    const timedOut = nextEvent(outgoing, 'peerDisconnectTimeout', undefined, 25_000);
    // Bob's page dies: no signal, his connection just stops answering (as on a crash or a reload).
    network.partition(ALICE, BOB);
    const [, bobsConnection] = resources.connections();
    bobsConnection?.close();
    await timedOut;
    await waitFor(() => outgoing.state === 'closed', 'alice alone → closed');
    expect(outgoing.closeReason).toBe('connectionLost');
    expect(events.map((e) => e.state)).toEqual(['disconnected', 'disconnectTimeout']);
  }, 40_000);

  it('an accept lost on the way is said again at the next dialing re-send, and the call connects', async () => {
    const alice = client(ALICE, { dialingInterval: 500 });
    const bob = client(BOB);
    const [outgoing, call] = await ringingCall(alice, bob, 'video');
    // Alice's signaling is down while bob answers: his accept and his first candidates are lost.
    network.partition(ALICE, BOB);
    await call.accept();
    const [, bobsConnection] = resources.connections();
    // Gathering complete means every candidate of his has been sent, into the partition.
    await waitFor(() => bobsConnection?.iceGatheringState === 'complete', 'bob’s candidates sent');
    network.heal();
    await waitFor(() => outgoing.state === 'active' && call.state === 'active', 'the call connects');
    await expectVideoFlowing(call, ALICE);
    await expectVideoFlowing(outgoing, BOB);
  });

  it('a hang-up lost on the way is said again when the other side next signals, long before its timeout', async () => {
    const config = { disconnectTimeout: 25_000, iceRestartDelay: 300 };
    const alice = client(ALICE, config);
    const bob = client(BOB, config);
    const [outgoing, call] = await connectedCall(alice, bob, 'audio');
    // Bob's signaling is down while alice leaves: her hang-up is lost, only her connection goes away.
    network.partition(ALICE, BOB);
    outgoing.hangUp();
    await waitFor(() => outgoing.state === 'closed', 'alice left');
    network.heal();
    // Bob's ICE restart offer reaches alice's client, which answers that she left.
    await waitFor(() => call.state === 'closed', 'bob learns that alice left', 20_000);
    expect(call.getPeerState(ALICE)).toBe('hungUp');
    expect(call.closeReason).toBe('remoteEnded');
  }, 40_000);

  it('a caller that is gone by the time the callee answers is given up at the disconnect timeout', async () => {
    const alice = client(ALICE);
    const bob = client(BOB, { disconnectTimeout: 2_000 });
    const [, call] = await ringingCall(alice, bob, 'video');
    // Alice's side is cut off (her page froze, her network went): bob's accept and candidates go nowhere.
    network.partition(ALICE, BOB);
    const states = record(call, 'peerStateChanged');
    await call.accept();
    await waitFor(() => call.state === 'closed', 'bob gives up', 10_000);
    expect(states.map((s) => s.state)).toContain('failed');
    expect(call.closeReason).toBe('connectionLost');
    expect(call.getPeerState(ALICE)).toBe('failed');
  });

  it('a real network drop is recovered by an ICE restart before the disconnect timeout', async (ctx) => {
    if (!(await commands.canShapeNetwork())) ctx.skip('needs the loopback-only test network namespace');
    const config = { disconnectTimeout: 25_000, iceRestartDelay: 300 };
    const alice = client(ALICE, config);
    const bob = client(BOB, config);
    const [outgoing, call] = await connectedCall(alice, bob, 'video');
    const states = record(outgoing, 'peerStateChanged');
    const dropped = nextEvent(outgoing, 'peerDisconnected', undefined, 20_000);
    const recovered = nextEvent(outgoing, 'peerConnected', undefined, 30_000);
    await commands.dropUdp();
    await dropped;
    // The restart is signaled while media is down: a new offer and answer cross the (working) signaling path.
    network.resetStats();
    await waitFor(() => network.stats.stanzas >= 2, 'ICE-restart offer and answer exchanged', 10_000);
    await commands.restoreUdp();
    await recovered;
    expect(states.map((s) => s.state)).toEqual(['disconnected', 'connected']);
    const framesBefore = (await outgoing.getStats()).get(BOB)?.framesDecoded ?? 0;
    await framesDecodedAbove(outgoing, BOB, framesBefore); // video flows again
    expect(outgoing.state).toBe('active');
    expect(call.getPeerState(ALICE)).toBe('connected');
    expect(resources.openPeerConnections()).toBe(2); // the same two connections, restarted
  }, 60_000);
});
