/**
 * Sessions with a real LocalMedia on fake devices (Node): media commands around the end of a call and the
 * caller's own mistakes, and media handed to start()/accept() that the call must refuse up front.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallClient } from '../client/call-client.js';
import type { CallClientConfig } from '../client/config.js';
import { LocalMedia } from '../media/local-media.js';
import { FakeMediaDevices, FakeMediaStream } from '../testing/fake-media.js';
import { connectPairedFakes, FakeRTCPeerConnection, fakeConnections } from '../testing/fake-rtc.js';
import { record } from '../testing/harness.js';
import { ManualClock } from '../testing/manual-clock.js';
import { MemoryNetwork } from '../transport/memory-network.js';
import { isTakenByCall } from './call-session.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';

let clock: ManualClock;
let network: MemoryNetwork;
let clients: CallClient[];
const originalPeerConnection = globalThis.RTCPeerConnection;

beforeEach(() => {
  clock = new ManualClock();
  network = new MemoryNetwork({ clock });
  clients = [];
  fakeConnections.length = 0;
  globalThis.RTCPeerConnection = FakeRTCPeerConnection as unknown as typeof RTCPeerConnection;
  // LocalMedia's preview stream, in Node.
  vi.stubGlobal('MediaStream', FakeMediaStream);
});

afterEach(async () => {
  for (const client of clients) await client.destroy();
  globalThis.RTCPeerConnection = originalPeerConnection;
  vi.unstubAllGlobals();
});

const settings = { answerTimeout: 10_000, dialingInterval: 2_000, disconnectTimeout: 8_000, iceRestartDelay: 1_000 };

/** A client whose sessions use a real LocalMedia on fake devices. */
function client(user: string, config: Partial<CallClientConfig> = {}): CallClient {
  const created = new CallClient({
    transport: network.createTransport(user),
    clock,
    createMedia: ({ callType }) => new LocalMedia({ callType, mediaDevices: new FakeMediaDevices() }),
    ...settings,
    ...config,
  });
  clients.push(created);
  return created;
}

const settle = (ms = 0) => clock.settle(ms);

async function ringing(caller: CallClient, callee: CallClient, callType: 'audio' | 'video' = 'video') {
  const outgoing = caller.createSession([callee.localUser], callType);
  const incoming = record(callee, 'incomingCall');
  await outgoing.start();
  await settle();
  const call = incoming[0]?.session;
  if (!call) throw new Error('the call did not ring');
  return { outgoing, call };
}

async function connected(caller: CallClient, callee: CallClient, callType: 'audio' | 'video' = 'video') {
  const { outgoing, call } = await ringing(caller, callee, callType);
  await call.accept();
  await settle();
  connectPairedFakes();
  await settle();
  return { outgoing, call };
}

describe('media commands and the end of the call', () => {
  it('a camera toggle cut short by hanging up resolves quietly: no error event for a call that is over', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const { call } = await connected(alice, bob);
    expect(call.state).toBe('active');
    const clientErrors = record(bob, 'error');
    // The user turns the camera off and hangs up in the same moment (or the other side hangs up then).
    const toggling = call.setVideoMuted(true);
    call.hangUp();
    const outcome = await toggling.then(
      () => 'resolved',
      (error: { code?: string }) => `rejected ${error.code}`,
    );
    await settle();
    // As with a screen picker cut short: nothing went wrong that anyone should be told of (the hooks store
    // would list "This LocalMedia was released" for a call that is over).
    expect(
      clientErrors.map(({ error, sessionId }) => `${sessionId === call.id ? 'this call' : 'other'}: ${error.code}`),
    ).toEqual([]);
    expect(outcome).toBe('resolved');
  });

  it('a camera switch cut short by hanging up is no error event either', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const { call } = await connected(alice, bob);
    const clientErrors = record(bob, 'error');
    const switching = call.switchCamera().catch(() => {});
    call.hangUp();
    await switching;
    await settle();
    expect(clientErrors.map(({ error }) => error.code)).toEqual([]);
  });
});

describe('media commands and the end of the call (queued behind the screen picker)', () => {
  it('a camera toggle queued behind an open screen picker, then hang-up: no error event for the ended call', async () => {
    const devices: FakeMediaDevices[] = [];
    const bob = client(BOB, {
      createMedia: ({ callType }) => {
        const mediaDevices = new FakeMediaDevices();
        devices.push(mediaDevices);
        return new LocalMedia({ callType, mediaDevices });
      },
    });
    const alice = client(ALICE);
    const { call } = await connected(alice, bob);
    const clientErrors = record(bob, 'error');
    devices[0]!.hold(); // the screen picker stays open
    const sharing = call.startScreenShare().catch(() => 'rejected');
    await settle();
    const camera = call.setVideoMuted(true).catch(() => 'rejected'); // waits for the picker
    call.hangUp();
    await Promise.all([sharing, camera]);
    await settle();
    expect(clientErrors.map(({ error }) => `${error.code}: ${error.message}`)).toEqual([]);
  });
});

describe('invalid commands are the caller’s mistake, not call errors', () => {
  it('switchCamera / camera on / screen share in an audio call reject, and are no error event', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const { call } = await connected(alice, bob, 'audio');
    const errors = record(call, 'error');
    await expect(call.switchCamera()).rejects.toMatchObject({ code: 'invalid-state' });
    await expect(call.setVideoMuted(false)).rejects.toMatchObject({ code: 'invalid-state' });
    await expect(call.startScreenShare()).rejects.toMatchObject({ code: 'invalid-state' });
    // The session itself refuses commands it cannot run (no media yet) without an error event; the media's
    // refusals of the same kind are the same mistake.
    expect(errors.map(({ error }) => error.code)).toEqual([]);
  });
});

describe('media handed to accept()/start()', () => {
  it('accept() with a media already released is refused up front: the call keeps ringing, the caller is not told it failed', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const { outgoing, call } = await ringing(alice, bob);
    const rejectedAtAlice = record(outgoing, 'rejected');
    const preview = new LocalMedia({ callType: 'video', mediaDevices: new FakeMediaDevices() });
    await preview.acquire();
    preview.release(); // e.g. the lobby unmounted and closed it
    const outcome = await call.accept({}, { media: preview }).then(
      () => 'accepted',
      (error: { code?: string }) => error.code,
    );
    await settle();
    // A media the call cannot use is refused as wrong-type media is: before anything happens.
    expect({ outcome, state: call.state, rejectedAtAlice: rejectedAtAlice.map((r) => r.reason) }).toEqual({
      outcome: 'invalid-argument',
      state: 'pending',
      rejectedAtAlice: [],
    });
  });

  it('a media owned by a live call is refused by a second call (the first would lose its tracks)', async () => {
    const alice = client(ALICE);
    client(BOB);
    const carol = client(CAROL);
    const preview = new LocalMedia({ callType: 'video', mediaDevices: new FakeMediaDevices() });
    await preview.acquire();
    const first = alice.createSession([BOB], 'video');
    await first.start({}, { media: preview });
    await settle();
    expect(first.state).toBe('pending');
    const second = alice.createSession([CAROL], 'video');
    const atCarol = record(carol, 'incomingCall');
    const outcome = await second.start({}, { media: preview }).then(
      () => 'started',
      (error: { code?: string }) => error.code,
    );
    await settle();
    if (outcome === 'started') {
      // Carol declines the second call: it releases the shared media, and the first call, still ringing Bob,
      // has lost its microphone and camera.
      atCarol[0]?.session.reject();
      await settle();
      expect({ firstCall: first.state, previewReleased: preview.released }).toEqual({
        firstCall: 'pending',
        previewReleased: false,
      });
    }
    expect(outcome).toBe('invalid-argument');
  });
});

async function openPreview(): Promise<LocalMedia> {
  const preview = new LocalMedia({ callType: 'video', mediaDevices: new FakeMediaDevices() });
  await preview.acquire();
  return preview;
}

describe('a session that ends between taking the media and opening it', () => {
  it('start(): hung up from a stateChanged listener (pending) releases the media it took', async () => {
    const alice = client(ALICE);
    client(BOB);
    const preview = await openPreview();
    const session = alice.createSession([BOB], 'video');
    session.on('stateChanged', ({ state }) => {
      if (state === 'pending') session.hangUp(); // e.g. a "cancel" that reacts to the state at once
    });
    await session.start({}, { media: preview });
    await settle();
    expect(session.state).toBe('closed');
    // The call took it (so the lobby will not close it) ...
    expect(isTakenByCall(preview)).toBe(true);
    // ... and so releases it: no camera light left on.
    expect({ released: preview.released, video: preview.videoTrack?.readyState ?? null }).toEqual({
      released: true,
      video: null,
    });
  });

  it('accept(): hung up from a stateChanged listener (connecting) releases the media it took', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const { call } = await ringing(alice, bob);
    const preview = await openPreview();
    call.on('stateChanged', ({ state }) => {
      if (state === 'connecting') call.hangUp();
    });
    await call.accept({}, { media: preview });
    await settle();
    expect(call.state).toBe('closed');
    expect(isTakenByCall(preview)).toBe(true);
    expect(preview.released).toBe(true);
  });
});

describe('a media a call took', () => {
  it('stays taken once the call is over (released with it), so no later call can be handed it', async () => {
    const alice = client(ALICE);
    client(BOB);
    const preview = await openPreview();
    const session = alice.createSession([BOB], 'video');
    await session.start({}, { media: preview });
    await settle();
    session.hangUp();
    await settle();
    expect([session.state, preview.released, isTakenByCall(preview)]).toEqual(['closed', true, true]);
    const next = alice.createSession([BOB], 'video');
    await expect(next.start({}, { media: preview })).rejects.toMatchObject({ code: 'invalid-argument' });
  });
});

describe('media handed to accept(): a double click, and a call ending while it opens', () => {
  it('accept() twice with the same media: the second is invalid-state, the media stays the call’s, no error event', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const { call } = await ringing(alice, bob);
    const preview = await openPreview();
    const errors = record(bob, 'error');
    const first = call.accept({}, { media: preview });
    await expect(call.accept({}, { media: preview })).rejects.toMatchObject({ code: 'invalid-state' });
    await first;
    await settle();
    connectPairedFakes();
    await settle();
    expect({ state: call.state, released: preview.released, errors: errors.length }).toEqual({
      state: 'active',
      released: false,
      errors: 0,
    });
  });

  it('the caller cancels while accept() waits on a handed media still opening: released, accept resolves', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const { outgoing, call } = await ringing(alice, bob);
    const mediaDevices = new FakeMediaDevices();
    mediaDevices.hold();
    const preview = new LocalMedia({ callType: 'video', mediaDevices });
    const opening = preview.acquire().catch((e: { code?: string }) => e.code);
    const errors = record(bob, 'error');
    const accepting = call.accept({}, { media: preview });
    await settle();
    outgoing.hangUp();
    await settle();
    await expect(accepting).resolves.toBeUndefined();
    expect({ state: call.state, released: preview.released, opening: await opening, errors: errors.length }).toEqual({
      state: 'closed',
      released: true,
      opening: 'media-aborted',
      errors: 0,
    });
  });
});

describe('a media command sent after the call is over', () => {
  it('rejects with invalid-state, with or without media ever opened, and changes no preferred device', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const { call } = await connected(alice, bob);
    call.hangUp();
    await settle();
    expect(call.state).toBe('closed');
    const switched = await call.selectDevice('audioinput', 'headset').then(
      () => 'resolved',
      (error: { code?: string }) => `rejected ${error.code}`,
    );
    const { call: declined } = await ringing(alice, bob);
    declined.reject();
    await settle();
    const never = await declined.switchCamera().then(
      () => 'resolved',
      (error: { code?: string }) => `rejected ${error.code}`,
    );
    // Not cut short by the end of the call but sent after it: its promise must not say it worked.
    expect({ switched, preferred: bob.preferredDevices.audioinput ?? null, never }).toEqual({
      switched: 'rejected invalid-state',
      preferred: null,
      never: 'rejected invalid-state',
    });
  });
});
