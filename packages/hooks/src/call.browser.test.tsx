/**
 * The hooks over the real engine in real Chromium: two CallClients on a MemoryNetwork in one page, real
 * RTCPeerConnections and the fake camera/microphone. Alice's side is a React call screen built only from the
 * hooks; Bob's side is driven through the engine API.
 */
import { CallClient, type CallSession, MemoryNetwork } from '@meshcall/core';
import { Profiler, type ReactNode, StrictMode, useEffect, useRef } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import {
  CallProvider,
  type RemoteTrack,
  useCallSession,
  useCallStats,
  useCallStoreApi,
  useEndedCall,
  useIncomingCall,
  useLocalTracks,
  useMediaDevices,
  useParticipant,
  useParticipants,
  useRemoteTracks,
  useStartCall,
} from './index.js';
import type { CallStore } from './store/createCallStore.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';

/** Records what the hooks returned on each render, to check identities and contents from the test. */
const seen = { remoteTracks: [] as (readonly RemoteTrack[])[], store: null as CallStore | null };

function RemoteVideo({ track }: { track: RemoteTrack }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.srcObject = track.stream ?? new MediaStream([track.track]);
    return () => {
      el.srcObject = null;
    };
  }, [track]);
  return <video ref={ref} data-testid={`video-${track.userId}`} autoPlay muted playsInline />;
}

function Tile({ userId }: { userId: string }) {
  const peer = useParticipant(userId);
  return (
    <li data-testid={`tile-${userId}`}>
      {userId}: {peer?.state}
    </li>
  );
}

/** Call-quality readout polled through the hooks. */
function Quality() {
  const stats = useCallStats(undefined, { interval: 250 });
  return <p data-testid="frames">{stats[BOB]?.framesDecoded ?? 0}</p>;
}

function Devices() {
  const { status, videoinput } = useMediaDevices();
  return (
    <p data-testid="devices">
      {status}:{videoinput.map((d) => d.label).join(',')}
    </p>
  );
}

function CallScreen() {
  const incoming = useIncomingCall();
  const { session, hangUp, setAudioMuted } = useCallSession();
  const remote = useRemoteTracks();
  const local = useLocalTracks();
  const ids = useParticipants();
  const { ended } = useEndedCall();
  seen.remoteTracks.push(remote);
  seen.store = useCallStoreApi();
  return (
    <div>
      {incoming.session && (
        <div role="dialog" aria-label="Incoming call">
          {incoming.session.userInfo.name} is calling
          <button type="button" onClick={() => void incoming.accept({ name: 'Alice' })}>
            Accept
          </button>
          <button type="button" onClick={() => incoming.reject({ why: 'busy' })}>
            Decline
          </button>
        </div>
      )}
      {session && (
        <section aria-label="Call">
          <p data-testid="state">{session.state}</p>
          <p data-testid="local">{local.video ? `local video ${local.videoSource}` : 'no local video'}</p>
          <ul>
            {ids.map((id) => (
              <Tile key={id} userId={id} />
            ))}
          </ul>
          {remote
            .filter((t) => t.source === 'camera' || t.source === 'screen')
            .map((t) => (
              <RemoteVideo key={t.track.id} track={t} />
            ))}
          <Quality />
          <button type="button" onClick={() => setAudioMuted(!session.localMedia.audioMuted)}>
            {session.localMedia.audioMuted ? 'Unmute' : 'Mute'}
          </button>
          <button type="button" onClick={() => hangUp()}>
            Hang up
          </button>
        </section>
      )}
      {ended && <p data-testid="ended">Call ended: {ended.reason}</p>}
    </div>
  );
}

/** Commits per participant tile, from React's Profiler. */
const tileCommits = new Map<string, number>();

function countCommit(id: string): void {
  tileCommits.set(id, (tileCommits.get(id) ?? 0) + 1);
}

/**
 * Only reads the participant ids (stable for the whole call). It is a sibling of MeshScreen, not a child:
 * MeshScreen reads the whole session and re-renders on every change, which would re-render its children.
 */
function MeshGrid() {
  const ids = useParticipants();
  return (
    <ul>
      {ids.map((id) => (
        <Profiler key={id} id={id} onRender={countCommit}>
          <Tile userId={id} />
        </Profiler>
      ))}
    </ul>
  );
}

function MeshScreen() {
  const startCall = useStartCall();
  const { session, hangUp } = useCallSession();
  seen.store = useCallStoreApi();
  return (
    <div>
      <button type="button" onClick={() => void startCall([BOB, CAROL], 'video', { name: 'Alice' })}>
        Call both
      </button>
      {session && <p data-testid="state">{session.state}</p>}
      {session && (
        <button type="button" onClick={() => hangUp()}>
          Hang up
        </button>
      )}
    </div>
  );
}

let network: MemoryNetwork;
let clients: CallClient[];
let root: Root | null;
let host: HTMLElement;
const peerConnections: RTCPeerConnection[] = [];
const captureTracks: MediaStreamTrack[] = [];
const OriginalPeerConnection = window.RTCPeerConnection;
const originalGetUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);

beforeEach(() => {
  // Count what the engine opens, to prove the call left nothing behind.
  window.RTCPeerConnection = class extends OriginalPeerConnection {
    constructor(config?: RTCConfiguration) {
      super(config);
      peerConnections.push(this);
    }
  };
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const stream = await originalGetUserMedia(constraints);
    captureTracks.push(...stream.getTracks());
    return stream;
  };
  seen.store = null;
  seen.remoteTracks = [];
  network = new MemoryNetwork({ latencyMs: 2 });
  clients = [];
  host = document.createElement('div');
  document.body.append(host);
  root = null;
});

afterEach(async () => {
  root?.unmount();
  for (const client of clients) await client.destroy();
  host.remove();
  window.RTCPeerConnection = OriginalPeerConnection;
  navigator.mediaDevices.getUserMedia = originalGetUserMedia;
});

function client(user: string): CallClient {
  const created = new CallClient({ transport: network.createTransport(user) });
  clients.push(created);
  return created;
}

function mount(node: ReactNode): void {
  root = createRoot(host);
  root.render(<StrictMode>{node}</StrictMode>);
}

function textOf(testId: string): string | null {
  return host.querySelector(`[data-testid="${testId}"]`)?.textContent ?? null;
}

describe('hooks over the real engine', () => {
  it('incoming call → accept → remote tracks in the hooks → hang up → store empty, nothing left open', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    mount(
      <CallProvider client={alice}>
        <CallScreen />
        <Devices />
      </CallProvider>,
    );

    // Bob calls; Alice's screen rings with Bob's userInfo.
    const outgoing: CallSession = bob.createSession([ALICE], 'video');
    await outgoing.start({ name: 'Bob' });
    await expect.element(page.getByRole('dialog', { name: 'Incoming call' })).toHaveTextContent('Bob is calling');
    const store = seen.store!;
    expect(store.getState().incomingSessionIds).toHaveLength(1);
    const sessionId = store.getState().incomingSessionIds[0]!;
    const engineSession = alice.getSession(sessionId)!;
    expect(engineSession.listenerCount()).toBeGreaterThan(0);

    // Accept through the UI.
    await page.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => textOf('state'), { timeout: 15_000 }).toBe('active');
    await expect.poll(() => textOf(`tile-${BOB}`), { timeout: 15_000 }).toBe(`${BOB}: connected`);
    expect(host.querySelector('[role="dialog"]')).toBeNull();
    await expect.poll(() => textOf('local')).toBe('local video camera');

    // Both of Bob's tracks reach the hooks, and real frames play in the <video> fed from them.
    await expect
      .poll(
        () =>
          seen.remoteTracks
            .at(-1)!
            .map((t) => `${t.userId}/${t.kind}/${t.track.readyState}`)
            .sort(),
        {
          timeout: 15_000,
        },
      )
      .toEqual([`${BOB}/audio/live`, `${BOB}/video/live`]);
    const tracks = seen.remoteTracks.at(-1)!;
    const engineTracks = engineSession.peers.get(BOB)!;
    expect(tracks.find((t) => t.kind === 'video')!.track).toBe(engineTracks.videoTrack);
    expect(tracks.find((t) => t.kind === 'audio')!.track).toBe(engineTracks.audioTrack);
    const video = host.querySelector<HTMLVideoElement>(`[data-testid="video-${BOB}"]`)!;
    await expect.poll(() => video.videoWidth, { timeout: 15_000 }).toBeGreaterThan(0);

    // Stats polled through useCallStats show decoded frames rising; the device list comes from the fake devices.
    await expect.poll(() => Number(textOf('frames')), { timeout: 15_000 }).toBeGreaterThan(0);
    const frames = Number(textOf('frames'));
    await expect.poll(() => Number(textOf('frames')), { timeout: 15_000 }).toBeGreaterThan(frames);
    await expect.poll(() => textOf('devices')).toMatch(/^ready:/);
    await seen.store!.refreshDevices(); // labels appear once the page may capture
    await expect.poll(() => textOf('devices')).toMatch(/^ready:.*fake/i);

    // Re-renders for unrelated reasons (muting the local microphone) keep the same tracks array.
    const rendersBefore = seen.remoteTracks.length;
    await page.getByRole('button', { name: 'Mute' }).click();
    await expect.element(page.getByRole('button', { name: 'Unmute' })).toBeInTheDocument();
    expect(store.getState().sessions[sessionId]!.localMedia.audioMuted).toBe(true);
    expect(seen.remoteTracks.length).toBeGreaterThan(rendersBefore);
    expect(seen.remoteTracks.at(-1)).toBe(tracks);
    // Bob learns about the mute over signaling; Alice's own view is unaffected.
    await expect.poll(() => outgoing.peers.get(ALICE)?.media?.audioMuted).toBe(true);

    // Hang up through the UI: both sides close, the store empties and says why.
    await page.getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => textOf('ended')).toBe('Call ended: hungUp');
    await expect.poll(() => outgoing.state, { timeout: 15_000 }).toBe('closed');
    expect(outgoing.closeReason).toBe('remoteEnded');
    const state = store.getState();
    expect(state.sessions).toEqual({});
    expect(state.sessionOrder).toEqual([]);
    expect(state.incomingSessionIds).toEqual([]);
    expect(state.activeSessionId).toBeNull();
    expect(state.lastEnded?.session.id).toBe(sessionId);
    expect(seen.remoteTracks.at(-1)).toEqual([]);
    expect(alice.sessions.size + bob.sessions.size).toBe(0);
    expect(engineSession.listenerCount()).toBe(0);

    // A second call, declined from the dialog, leaves nothing behind either.
    const second = bob.createSession([ALICE], 'audio');
    await second.start({ name: 'Bob again' });
    await expect.element(page.getByRole('dialog')).toHaveTextContent('Bob again is calling');
    await page.getByRole('button', { name: 'Decline' }).click();
    await expect.poll(() => second.state, { timeout: 15_000 }).toBe('closed');
    // The user's own decline is no news: no "call ended" for it (the store still records it); the first call's
    // end screen, if still up, stays that call's.
    await expect.poll(() => store.getState().lastEnded?.reason).toBe('rejected');
    expect(textOf('ended') ?? '').not.toContain('rejected');
    expect(store.getState().sessions).toEqual({});

    // No peer connection open, no capture track live; unmounting drops every listener on the client.
    expect(peerConnections.length).toBeGreaterThan(0);
    await expect.poll(() => peerConnections.filter((pc) => pc.signalingState !== 'closed').length).toBe(0);
    expect(captureTracks.length).toBeGreaterThan(0);
    expect(captureTracks.filter((t) => t.readyState === 'live')).toEqual([]);
    const listening = alice.listenerCount();
    expect(listening).toBeGreaterThan(0);
    root?.unmount();
    root = null;
    expect(alice.listenerCount()).toBe(0);
  });

  it('a 3-person call placed from the hooks: one participant leaving re-renders only their tile', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const carol = client(CAROL);
    const ringing = (callee: CallClient) =>
      new Promise<CallSession>((resolve) => {
        const off = callee.on('incomingCall', ({ session }) => {
          off();
          resolve(session);
        });
      });
    const bobRings = ringing(bob);
    const carolRings = ringing(carol);
    tileCommits.clear();
    mount(
      <CallProvider client={alice}>
        <MeshScreen />
        <MeshGrid />
      </CallProvider>,
    );

    await page.getByRole('button', { name: 'Call both' }).click();
    await expect.poll(() => textOf('state')).toBe('pending');
    const [bobCall, carolCall] = await Promise.all([bobRings, carolRings]);
    expect(bobCall.userInfo).toEqual({ name: 'Alice' });
    await Promise.all([bobCall.accept(), carolCall.accept()]);

    await expect.poll(() => textOf('state'), { timeout: 15_000 }).toBe('active');
    await expect.poll(() => textOf(`tile-${BOB}`), { timeout: 15_000 }).toBe(`${BOB}: connected`);
    await expect.poll(() => textOf(`tile-${CAROL}`), { timeout: 15_000 }).toBe(`${CAROL}: connected`);
    // Bob and Carol are connected to each other too (full mesh).
    await expect.poll(() => bobCall.peers.get(CAROL)?.state, { timeout: 15_000 }).toBe('connected');

    // Let both links settle (tracks in) before counting, so only Carol's leaving can cause a commit.
    const peersOf = () => Object.values(seen.store!.getState().sessions)[0]?.peers ?? {};
    await expect
      .poll(() => [BOB, CAROL].every((id) => peersOf()[id]?.audioTrack && peersOf()[id]?.videoTrack), {
        timeout: 15_000,
      })
      .toBe(true);
    const bobCommits = tileCommits.get(BOB)!;
    const carolCommits = tileCommits.get(CAROL)!;
    carolCall.hangUp();
    await expect.poll(() => textOf(`tile-${CAROL}`), { timeout: 15_000 }).toBe(`${CAROL}: hungUp`);
    expect(tileCommits.get(CAROL)).toBeGreaterThan(carolCommits);
    expect(tileCommits.get(BOB)).toBe(bobCommits);
    expect(textOf('state')).toBe('active');

    await page.getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => bobCall.state, { timeout: 15_000 }).toBe('closed');
    await expect.poll(() => seen.store?.getState().sessionOrder.length ?? -1).toBe(0);
    expect(alice.sessions.size + bob.sessions.size + carol.sessions.size).toBe(0);
    await expect.poll(() => peerConnections.filter((pc) => pc.signalingState !== 'closed').length).toBe(0);
    expect(captureTracks.filter((t) => t.readyState === 'live')).toEqual([]);
    root?.unmount();
    root = null;
    expect(alice.listenerCount()).toBe(0);
  });
});
