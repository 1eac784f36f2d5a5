/**
 * Devices changing under a call, as both sides see it: a camera or microphone missing or denied when the call
 * starts, a microphone lost mid-call (replaced, or shown muted), a stale device picked. Node, manual clock, fake
 * RTCPeerConnection, the real LocalMedia on fake devices (as session.test.ts does).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallClient } from '../client/call-client.js';
import type { CallClientConfig } from '../client/config.js';
import type { MediaDevicesLike } from '../media/devices.js';
import { LocalMedia } from '../media/local-media.js';
import { useFakeRtcAndStreams } from '../testing/chaos-invariants.js';
import { FakeMediaDevices, type FakeTrack, fakeDevice } from '../testing/fake-media.js';
import { connectPairedFakes } from '../testing/fake-rtc.js';
import { record } from '../testing/harness.js';
import { ManualClock } from '../testing/manual-clock.js';
import { MemoryNetwork } from '../transport/memory-network.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';

let clock: ManualClock;
let network: MemoryNetwork;
let clients: CallClient[];

useFakeRtcAndStreams();
beforeEach(() => {
  clock = new ManualClock();
  network = new MemoryNetwork({ clock });
  clients = [];
});
afterEach(async () => {
  for (const client of clients) await client.destroy();
});

const settings = { answerTimeout: 10_000, dialingInterval: 2_000, disconnectTimeout: 8_000, iceRestartDelay: 1_000 };
const settle = (ms = 0) => clock.settle(ms);
const asFake = (track: MediaStreamTrack | null | undefined) => track as unknown as FakeTrack;

/** A client whose calls open a real LocalMedia on `devices`. */
function client(
  user: string,
  devices: MediaDevicesLike = new FakeMediaDevices(),
  config: Partial<CallClientConfig> = {},
) {
  const created = new CallClient({
    transport: network.createTransport(user),
    clock,
    createMedia: ({ callType }) => new LocalMedia({ callType, mediaDevices: devices }),
    ...settings,
    ...config,
  });
  clients.push(created);
  return created;
}

async function ringing(caller: CallClient, callee: CallClient, callType: 'audio' | 'video' = 'video') {
  const outgoing = caller.createSession([callee.localUser], callType);
  const incoming = record(callee, 'incomingCall');
  await outgoing.start();
  await settle();
  const call = incoming[0]?.session;
  if (!call) throw new Error('the call did not ring');
  return { outgoing, call };
}

async function connected(caller: CallClient, callee: CallClient) {
  const { outgoing, call } = await ringing(caller, callee);
  await call.accept();
  await settle();
  connectPairedFakes();
  await settle();
  return { outgoing, call };
}

/** Fake devices where the camera (`video`) or microphone (`audio`) request fails with `error`, as Chromium does. */
function devicesWhere(kind: 'audio' | 'video', error: DOMException): MediaDevicesLike {
  const real = new FakeMediaDevices();
  return {
    enumerateDevices: () => real.enumerateDevices(),
    getUserMedia: (constraints = {}) => (constraints[kind] ? Promise.reject(error) : real.getUserMedia(constraints)),
  };
}

describe('a video call with a camera or microphone missing or denied', () => {
  // As in LiveKit's, Daily's and Stream's kits: the call goes on with what works, and an error says what did not.
  it.each([
    [
      'no camera at all (NotFoundError for video)',
      'video',
      new DOMException('Requested device not found', 'NotFoundError'),
    ],
    [
      'the camera permission denied, microphone allowed',
      'video',
      new DOMException('Permission denied', 'NotAllowedError'),
    ],
    [
      'no microphone at all, a camera present',
      'audio',
      new DOMException('Requested device not found', 'NotFoundError'),
    ],
  ] as const)('%s: the callee can still answer, with what works', async (_name, kind, error) => {
    const alice = client(ALICE);
    const bob = client(BOB, devicesWhere(kind, error));
    const { outgoing, call } = await ringing(alice, bob);
    const outcome = await call.accept().then(
      () => 'answered',
      (e: { code?: string }) => `failed: ${e.code}`,
    );
    await settle();
    connectPairedFakes();
    await settle();
    expect({ outcome, callee: call.state, caller: outgoing.state }).toEqual({
      outcome: 'answered',
      callee: 'active',
      caller: 'active',
    });
  });

  it('the caller without a camera can still place a video call (camera off), and turn it on later', async () => {
    const noCamera = new FakeMediaDevices([fakeDevice('audioinput', 'mic-1'), fakeDevice('audiooutput', 'speaker-1')]);
    const alice = client(ALICE, noCamera);
    client(BOB);
    const outgoing = alice.createSession([BOB], 'video');
    const outcome = await outgoing.start().then(
      () => 'ringing',
      (e: { code?: string }) => `failed: ${e.code}`,
    );
    expect({ outcome, state: outgoing.state, closeReason: outgoing.closeReason }).toEqual({
      outcome: 'ringing',
      state: 'pending',
      closeReason: null,
    });
  });
});

describe('the microphone lost mid-call (unplugged, or its permission revoked)', () => {
  it('falls back to another microphone that is still there (LiveKit restarts on the default device)', async () => {
    const devices = new FakeMediaDevices(); // mic-1, mic-2
    const alice = client(ALICE, devices);
    const bob = client(BOB);
    const { outgoing } = await connected(alice, bob);
    const microphone = asFake(outgoing.localStream?.getAudioTracks()[0]);
    expect(microphone.deviceId).toBe('mic-1');
    // The headset is unplugged: it leaves the device list and its track ends.
    devices.devices = devices.devices.filter((d) => d.deviceId !== 'mic-1');
    microphone.endByDevice();
    devices.dispatchEvent(new Event('devicechange'));
    await settle(1_000);
    const now = outgoing.localStream?.getAudioTracks()[0];
    expect({ device: now ? asFake(now).deviceId : null, live: now?.readyState ?? null }).toEqual({
      device: 'mic-2',
      live: 'live',
    });
  });

  it('with no microphone left, both sides see it as off, not as a live unmuted microphone that sends nothing', async () => {
    const oneMic = new FakeMediaDevices([fakeDevice('audioinput', 'mic-1'), fakeDevice('videoinput', 'cam-1')]);
    const alice = client(ALICE, oneMic);
    const bob = client(BOB);
    const { outgoing, call } = await connected(alice, bob);
    oneMic.devices = oneMic.devices.filter((d) => d.kind !== 'audioinput');
    asFake(outgoing.localStream?.getAudioTracks()[0]).endByDevice();
    await settle(1_000);
    expect(outgoing.localStream?.getAudioTracks()).toEqual([]); // nothing is sent, and both sides show it
    expect({
      aliceSeesHerMicOff: outgoing.localMedia.audioMuted,
      bobSeesAliceMicOff: call.peers.get(ALICE)?.media?.audioMuted ?? false,
    }).toEqual({ aliceSeesHerMicOff: true, bobSeesAliceMicOff: true });
  });

  it('after the microphone was lost and plugged in again, Mute then Unmute brings it back (LiveKit reacquires an ended mic on unmute)', async () => {
    const devices = new FakeMediaDevices(); // mic-1, mic-2
    const alice = client(ALICE, devices);
    const bob = client(BOB);
    const { outgoing } = await connected(alice, bob);
    const all = devices.devices;
    devices.devices = all.filter((d) => d.kind !== 'audioinput'); // a USB hub glitch: every microphone gone
    asFake(outgoing.localStream?.getAudioTracks()[0]).endByDevice();
    await settle();
    devices.devices = all; // back
    devices.dispatchEvent(new Event('devicechange'));
    // What a user tries: the mic button, off and on.
    outgoing.setAudioMuted(true);
    outgoing.setAudioMuted(false);
    await settle(1_000);
    expect(outgoing.localStream?.getAudioTracks().map((t) => t.readyState)).toEqual(['live']);
  });

  it('a lobby preview whose headset was unplugged before the hand-over: the call still sends a microphone', async () => {
    const devices = new FakeMediaDevices(); // mic-1, mic-2
    const alice = client(ALICE, devices);
    const bob = client(BOB);
    const preview = new LocalMedia({ callType: 'video', mediaDevices: devices });
    await preview.acquire();
    devices.devices = devices.devices.filter((d) => d.deviceId !== 'mic-1');
    asFake(preview.audioTrack).endByDevice();
    const outgoing = alice.createSession([BOB], 'video');
    const incoming = record(bob, 'incomingCall');
    await outgoing.start({}, { media: preview });
    await settle();
    await incoming[0]?.session.accept();
    await settle();
    connectPairedFakes();
    await settle();
    expect(outgoing.state).toBe('active');
    expect(outgoing.localStream?.getAudioTracks().map((t) => t.readyState)).toEqual(['live']);
  });
});

describe('choosing a device that is not there any more', () => {
  it('a camera picked while the camera is off, and gone: the user hears of it (not a silent other camera)', async () => {
    const devices = new FakeMediaDevices(); // cam-1, cam-2
    const alice = client(ALICE, devices);
    const bob = client(BOB);
    const { outgoing } = await connected(alice, bob);
    await outgoing.setVideoMuted(true);
    const errors = record(outgoing, 'error');
    // The picker still lists a camera that was just unplugged.
    const picked = await outgoing.selectDevice('videoinput', 'cam-unplugged').then(
      () => 'resolved',
      (e: { code?: string }) => `rejected: ${e.code}`,
    );
    await outgoing.setVideoMuted(false);
    await settle();
    const told = [picked, ...errors.map(({ error }) => `error: ${error.code}`)];
    // Not taken silently (another camera coming on instead), nor remembered for later calls.
    expect({
      told: told.some((t) => t.includes('media-no-device') || t.includes('media-device-fallback')),
      preferred: alice.preferredDevices.videoinput ?? null,
    }).toEqual({ told: true, preferred: null });
  });
});
