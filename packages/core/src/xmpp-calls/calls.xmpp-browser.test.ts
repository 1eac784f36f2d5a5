/**
 * Real calls in Chromium with signaling through a real Prosody: each user logs in from the page with the
 * browser build of @xmpp/client (WebSocket), and media goes over real RTCPeerConnections with the fake camera.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallClient } from '../client/call-client.js';
import { SIGNAL_LIMITS } from '../protocol/limits.js';
import { meshcallCodec } from '../protocol/meshcall-codec.js';
import type { CandidatesSignal, Signal } from '../protocol/signal.js';
import {
  expectEveryLinkFlowing,
  meshCall,
  nextEvent,
  record,
  ringingCall,
  trackResources,
  waitFor,
} from '../testing/harness.js';
import type { SignalingTransport } from '../transport/transport.js';
import { callClient, connectedCall, connectUser, expectVideoFlowing, incoming, jidOf, releaseAll } from './helpers.js';

const ALICE = jidOf('alice');
const BOB = jidOf('bob');
const _CAROL = jidOf('carol');
const _DAVE = jidOf('dave');

let resources: ReturnType<typeof trackResources>;

beforeEach(() => {
  resources = trackResources();
});

afterEach(async () => {
  await releaseAll();
  resources.restore();
});

describe('calls through Prosody', () => {
  it('1:1 video: media flows both ways, hang-up ends both sides, nothing left open', async () => {
    const alice = await callClient('alice');
    const bob = await callClient('bob');
    const [outgoing, call] = await ringingCall(alice, bob, 'video', { topic: 'through prosody' });
    expect(call.initiator).toBe(ALICE);
    expect(call.userInfo).toEqual({ topic: 'through prosody' });
    await call.accept({ name: 'Bob' });
    await waitFor(() => outgoing.state === 'active' && call.state === 'active', 'both sessions active', 20_000);
    expect(outgoing.getPeerState(BOB)).toBe('connected');
    expect(call.getPeerState(ALICE)).toBe('connected');

    await expectVideoFlowing(outgoing, BOB);
    await expectVideoFlowing(call, ALICE);

    const hungUp = nextEvent(call, 'hungUp');
    outgoing.hangUp({ reason: 'done' });
    expect((await hungUp).userInfo).toEqual({ reason: 'done' });
    await waitFor(() => call.state === 'closed', 'callee closed');
    expect(outgoing.closeReason).toBe('hungUp');
    expect(call.closeReason).toBe('remoteEnded');
    await waitFor(() => resources.openPeerConnections() === 0, 'no open peer connections');
    expect(resources.liveCaptureTracks()).toBe(0);
  });

  it('4-person mesh: all 6 links connect and video is decoded on every link', async () => {
    const [alice, bob, carol, dave] = await Promise.all(['alice', 'bob', 'carol', 'dave'].map((u) => callClient(u)));
    if (!alice || !bob || !carol || !dave) throw new Error('clients missing');
    const sessions = await meshCall(alice, [bob, carol, dave]);
    await expectEveryLinkFlowing(sessions);
    for (const session of sessions) session.hangUp();
    await waitFor(() => resources.openPeerConnections() === 0, 'every peer connection closed');
    expect(resources.liveCaptureTracks()).toBe(0);
  }, 60_000);

  it('offline callee: notAnswered after the answer timeout, and nothing rings when the callee comes online', async () => {
    const alice = await callClient('alice', { answerTimeout: 1500, dialingInterval: 300 });
    const outgoing = alice.createSession([BOB], 'audio');
    const notAnswered = nextEvent(outgoing, 'notAnswered');
    await outgoing.start();
    expect((await notAnswered).userId).toBe(BOB);
    await waitFor(() => outgoing.state === 'closed', 'caller closed');
    expect(outgoing.closeReason).toBe('notAnswered');

    // Bob comes online only now: headline signals were never stored, and the dialing re-sends have stopped.
    const bobTransport = await connectUser('bob');
    const received = record(bobTransport as SignalingTransport, 'signal');
    const bob = new CallClient({ transport: bobTransport });
    const rang = record(bob, 'incomingCall');
    // Proof that bob is reachable and listening: a fresh call does ring, and it is the only one.
    const second = alice.createSession([BOB], 'audio');
    const ringing = incoming(bob);
    await second.start();
    const call = await ringing;
    expect(call.id).toBe(second.id);
    // Wait for one more dialing interval's worth of old re-sends that would have arrived by now.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(rang).toHaveLength(1);
    expect(received.filter(({ signal }) => signal.sessionId === outgoing.id)).toEqual([]);
    second.hangUp();
    await waitFor(() => call.state === 'closed', 'second call cancelled');
    expect(call.closeReason).toBe('cancelled');
    await bob.destroy();
  });

  it('multi-device: both of bob’s devices ring; accepting on one stops the other; later signals reach only it', async () => {
    const alice = await callClient('alice');
    const phone = await callClient('bob', {}, { resource: 'phone' });
    const laptop = await callClient('bob', {}, { resource: 'laptop' });
    const outgoing = alice.createSession([BOB], 'audio');
    const ringPhone = incoming(phone);
    const ringLaptop = incoming(laptop);
    await outgoing.start();
    const [onPhone, onLaptop] = await Promise.all([ringPhone, ringLaptop]);
    expect(onPhone.id).toBe(outgoing.id);
    expect(onLaptop.id).toBe(outgoing.id);

    await onPhone.accept();
    await waitFor(() => onLaptop.state === 'closed', 'laptop stops ringing');
    expect(onLaptop.closeReason).toBe('answeredElsewhere');
    await waitFor(() => outgoing.state === 'active' && onPhone.state === 'active', 'phone call active', 20_000);

    const laptopSignals = record(laptop.transport, 'signal');
    const phoneMedia = nextEvent(onPhone, 'remoteMediaChanged', ({ media }) => media.audioMuted);
    outgoing.setAudioMuted(true);
    await phoneMedia;
    const phoneHungUp = nextEvent(onPhone, 'hungUp');
    outgoing.hangUp();
    await phoneHungUp;
    await waitFor(() => onPhone.state === 'closed', 'phone closed');
    expect(laptopSignals.filter(({ signal }) => signal.sessionId === outgoing.id)).toEqual([]);
    expect(laptop.sessions.size).toBe(0);
  });

  it('both of bob’s devices accept at the same moment: the call goes on with one, the other ends at once', async () => {
    const alice = await callClient('alice');
    const phone = await callClient('bob', {}, { resource: 'phone' });
    const laptop = await callClient('bob', {}, { resource: 'laptop' });
    const outgoing = alice.createSession([BOB], 'audio');
    const rings = Promise.all([incoming(phone), incoming(laptop)]);
    await outgoing.start();
    const devices = await rings;
    await Promise.all(devices.map((session) => session.accept()));
    // Which accept reaches alice first is up to the network; the other device must not sit "connecting"
    // until its 30 s connection deadline.
    await waitFor(() => devices.some((session) => session.state === 'closed'), 'the late device ends', 10_000);
    const late = devices.find((session) => session.state === 'closed')!;
    const joined = devices.find((session) => session !== late)!;
    // Its accept already out: alice answers it with a hang-up. Still being made: alice's "answered
    // elsewhere" (to all of bob's devices) ends it before it goes out.
    expect(['remoteEnded', 'answeredElsewhere']).toContain(late.closeReason);
    await waitFor(() => outgoing.state === 'active' && joined.state === 'active', 'the call goes on', 20_000);
    expect(joined.getPeerState(ALICE)).toBe('connected');
  });
});

describe('signal size through Prosody’s WebSocket', () => {
  it('the largest stanza the encoder builds travels from a browser in one piece (multi-byte text counted in bytes)', async () => {
    const alice = await connectUser('alice');
    const bob = await connectUser('bob');
    // 64 candidates of 1024 characters, as many of them 2-byte as the encoder lets through.
    const batch = (wide: number): CandidatesSignal => ({
      kind: 'candidates',
      sessionId: 'size-probe',
      candidates: Array.from({ length: SIGNAL_LIMITS.candidatesPerSignal }, () => ({
        candidate: 'é'.repeat(wide) + 'c'.repeat(SIGNAL_LIMITS.candidateLength - wide),
        sdpMid: '0',
        sdpMLineIndex: 0,
        usernameFragment: null,
      })),
    });
    let wide = SIGNAL_LIMITS.candidateLength;
    while (!fits(batch(wide), bob.localUser)) wide -= 1;
    const bytes = new TextEncoder().encode(meshcallCodec.encode(batch(wide), bob.localUser).toString()).length;
    expect(bytes).toBeGreaterThan(SIGNAL_LIMITS.sendBytes - 100);
    const received = new Promise<Signal>((resolve) => bob.on('signal', ({ signal }) => resolve(signal)));
    await alice.send(bob.localUser, batch(wide));
    const signal = await received;
    expect(signal.kind === 'candidates' && signal.candidates[63]?.candidate).toBe(
      batch(wide).candidates[63]?.candidate,
    );
    expect(alice.status).toBe('online');
  });
});

/** Whether the encoder builds `signal` (it refuses what is too large to travel). */
function fits(signal: Signal, to: string): boolean {
  try {
    meshcallCodec.encode(signal, to);
    return true;
  } catch {
    return false;
  }
}

describe('a connected call through Prosody', () => {
  it('audio call: a mute change reaches the other side', async () => {
    const alice = await callClient('alice');
    const bob = await callClient('bob');
    const [outgoing, call] = await connectedCall(alice, bob, 'audio');
    const changed = nextEvent(call, 'remoteMediaChanged', ({ media }) => media.audioMuted);
    outgoing.setAudioMuted(true);
    expect((await changed).userId).toBe(ALICE);
    call.hangUp();
    await waitFor(() => outgoing.state === 'closed', 'caller closed');
  });
});
