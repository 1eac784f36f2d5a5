/**
 * Consent and release: a ringing device opens no camera or microphone, makes no peer connection and sends
 * nothing until its user answers; every way a call ends stops every capture (the camera light goes off).
 * Real LocalMedia on FakeMediaDevices (a live FakeTrack is a lit camera), FakeRTC, MemoryNetwork, ManualClock.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallClient } from '../client/call-client.js';
import type { CallClientConfig } from '../client/config.js';
import { LocalMedia } from '../media/local-media.js';
import type { Signal } from '../protocol/signal.js';
import { FakeMediaDevices, FakeMediaStream } from '../testing/fake-media.js';
import { connectPairedFakes, FakeRTCPeerConnection, fakeConnections } from '../testing/fake-rtc.js';
import { record } from '../testing/harness.js';
import { ManualClock } from '../testing/manual-clock.js';
import { MemoryNetwork } from '../transport/memory-network.js';
import type { CallSession } from './call-session.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';

let clock: ManualClock;
let network: MemoryNetwork;
let clients: CallClient[];
const devicesOf = new Map<string, FakeMediaDevices[]>();
const original = globalThis.RTCPeerConnection;

beforeEach(() => {
  clock = new ManualClock();
  network = new MemoryNetwork({ clock });
  clients = [];
  devicesOf.clear();
  fakeConnections.length = 0;
  globalThis.RTCPeerConnection = FakeRTCPeerConnection as unknown as typeof RTCPeerConnection;
  vi.stubGlobal('MediaStream', FakeMediaStream);
});
afterEach(async () => {
  for (const c of clients) await c.destroy();
  globalThis.RTCPeerConnection = original;
  vi.unstubAllGlobals();
});

const settle = (ms = 0) => clock.settle(ms);

function client(user: string, config: Partial<CallClientConfig> = {}): CallClient {
  const created = new CallClient({
    transport: network.createTransport(user),
    clock,
    answerTimeout: 10_000,
    dialingInterval: 2_000,
    disconnectTimeout: 8_000,
    iceRestartDelay: 1_000,
    createMedia: ({ callType }) => {
      const devices = new FakeMediaDevices();
      devicesOf.set(user, [...(devicesOf.get(user) ?? []), devices]);
      return new LocalMedia({ callType, mediaDevices: devices });
    },
    ...config,
  });
  clients.push(created);
  return created;
}

const live = (user: string) => (devicesOf.get(user) ?? []).flatMap((d) => d.liveTracks).map((t) => t.kind);
const requests = (user: string) => (devicesOf.get(user) ?? []).flatMap((d) => d.requests);

function sent(c: CallClient): Signal[] {
  const out: Signal[] = [];
  const send = c.transport.send.bind(c.transport);
  c.transport.send = (to, signal) => {
    out.push(signal);
    return send(to, signal);
  };
  return out;
}

async function ring(caller: CallClient, callees: CallClient[], callType: 'audio' | 'video' = 'video') {
  const incoming = callees.map((c) => record(c, 'incomingCall'));
  const outgoing = caller.createSession(
    callees.map((c) => c.localUser),
    callType,
  );
  await outgoing.start();
  await settle();
  return { outgoing, calls: incoming.map((r) => r[0]?.session as CallSession) };
}

describe('before consent', () => {
  it('a ringing callee opens no device, no peer connection and sends nothing, in a group call too', async () => {
    const alice = client(ALICE);
    const carol = client(CAROL);
    const bob = client(BOB);
    const fromBob = sent(bob);
    const { calls } = await ring(alice, [bob, carol]);
    // carol answers: her accept (and later her offer) reach bob, who still rings
    await calls[1]!.accept();
    await settle(1_000);
    connectPairedFakes();
    await settle(1_000);
    expect(calls[0]!.state).toBe('pending');
    expect(requests(BOB)).toEqual([]);
    expect(live(BOB)).toEqual([]);
    expect(fromBob).toEqual([]);
    // Connections: alice→bob and alice→carol (alice's), carol's answer to alice. None of bob's: bob (the lower
    // JID) would offer to carol, and does not before he answers.
    expect(fakeConnections.length).toBe(3);
    await calls[0]!.reject();
    await settle();
    expect(fromBob.map((s) => s.kind)).toEqual(['reject', 'reject']);
    expect(requests(BOB)).toEqual([]);
  });

  it('"accept without video": the camera is never asked for, also when the caller renegotiates', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const { outgoing, calls } = await ring(alice, [bob]);
    await calls[0]!.accept({}, { video: false });
    await settle();
    connectPairedFakes();
    await settle();
    await outgoing.startScreenShare(); // the caller renegotiates (share sections)
    await settle(1_000);
    expect(requests(BOB).map((r) => Boolean(r.video))).toEqual([false]);
    expect(live(BOB)).toEqual(['audio']);
  });
});

describe('a screen share that could not start', () => {
  it('asked for twice at once (a double click) opens one picker and is one error', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const { calls } = await ring(alice, [bob]);
    const call = calls[0]!;
    await call.accept();
    await settle();
    connectPairedFakes();
    await settle();
    const errors: string[] = [];
    call.on('error', ({ error }) => errors.push(error.code));
    const asked = requests(BOB).length;
    devicesOf.get(BOB)![0]!.failures.push(new DOMException('could not start video source', 'NotReadableError'));
    const outcomes = await Promise.allSettled([call.startScreenShare(), call.startScreenShare()]);
    await settle();
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(requests(BOB).length - asked).toBe(1);
    expect(errors).toEqual(['media-device-busy']);
  });
});

describe('after the call, every device is closed', () => {
  const ends: Record<
    string,
    (x: { alice: CallClient; bob: CallClient; outgoing: CallSession; call: CallSession }) => Promise<void>
  > = {
    'I hang up': async ({ call }) => call.hangUp(),
    'they hang up': async ({ outgoing }) => outgoing.hangUp(),
    'client destroyed': async ({ bob }) => bob.destroy(),
    'connection lost': async () => {
      for (const pc of fakeConnections) if (pc.signalingState !== 'closed') pc.simulate('failed');
      await settle(20_000);
    },
  };
  for (const [name, end] of Object.entries(ends)) {
    it(`${name}: camera, microphone and screen share stopped on both sides`, async () => {
      const alice = client(ALICE);
      const bob = client(BOB);
      const { outgoing, calls } = await ring(alice, [bob]);
      const call = calls[0]!;
      await call.accept();
      await settle();
      connectPairedFakes();
      await settle();
      await call.startScreenShare();
      await settle();
      expect(live(BOB).sort()).toEqual(['audio', 'video', 'video']);
      await end({ alice, bob, outgoing, call });
      await settle(1_000);
      expect(live(BOB)).toEqual([]);
      expect(live(ALICE)).toEqual([]);
      expect(fakeConnections.filter((pc) => pc.signalingState !== 'closed')).toEqual([]);
    });
  }

  it('caller gives up while the callee answers (camera prompt open): nothing left open', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const { outgoing, calls } = await ring(alice, [bob]);
    const accepting = calls[0]!.accept().catch(() => {});
    outgoing.hangUp();
    await accepting;
    await settle(1_000);
    expect(live(BOB)).toEqual([]);
    expect(live(ALICE)).toEqual([]);
  });
});
