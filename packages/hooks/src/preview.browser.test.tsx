/**
 * The lobby preview in real Chromium (its fake camera and microphones), under StrictMode: opened on mount,
 * adjusted, handed to a real call over a MemoryNetwork, and released by whoever owns it last; then its
 * statuses and guards (disabled, hidden in the click that hands it over, a refused hand-over), and the meter.
 */
import { CallClient, type CallSession, MemoryNetwork } from '@meshcall/core';
import { createSyntheticStream } from '@meshcall/core/testing';
import { type ReactNode, StrictMode, useEffect, useRef, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallProvider, type UsePreviewMediaResult, useAudioLevel, usePreviewMedia, useStartCall } from './index.js';

/** `vi.waitFor` with room for a real browser on a busy machine (its default gives up after 1 s). */
const waitFor = <T,>(check: () => T | Promise<T>) => vi.waitFor(check, { timeout: 10_000 });

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';

let network: MemoryNetwork;
let clients: CallClient[];
let root: Root | null;
let host: HTMLElement;
const captureTracks: MediaStreamTrack[] = [];
const originalGetUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);

beforeEach(() => {
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const stream = await originalGetUserMedia(constraints);
    captureTracks.push(...stream.getTracks());
    return stream;
  };
  captureTracks.length = 0;
  lobby.statuses = [];
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

const live = () => captureTracks.filter((track) => track.readyState === 'live');

/** What the lobby rendered last, for the test to act on. */
const lobby = {
  preview: null as UsePreviewMediaResult | null,
  startCall: null as ReturnType<typeof useStartCall> | null,
  statuses: [] as string[],
};

function Lobby({ callType }: { callType?: 'audio' | 'video' }) {
  const preview = usePreviewMedia({ callType });
  lobby.preview = preview;
  if (lobby.statuses.at(-1) !== preview.status) lobby.statuses.push(preview.status);
  lobby.startCall = useStartCall();
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (video.current) video.current.srcObject = preview.stream;
  }, [preview.stream]);
  return (
    <section>
      <p data-testid="status">{preview.status}</p>
      <video ref={video} autoPlay playsInline muted />
    </section>
  );
}

const status = () => host.querySelector('[data-testid="status"]')?.textContent;

/** Mounts `owner`'s lobby and waits for its preview; `nextCall` resolves with the next call ringing at `ringsAt`. */
async function lobbyReady(owner: CallClient, ringsAt: CallClient): Promise<{ nextCall: Promise<CallSession> }> {
  const nextCall = new Promise<CallSession>((resolve) => ringsAt.on('incomingCall', ({ session }) => resolve(session)));
  mount(
    <CallProvider client={owner}>
      <Lobby />
    </CallProvider>,
  );
  await waitFor(() => expect(status()).toBe('ready'));
  return { nextCall };
}

describe('usePreviewMedia', () => {
  it('opens the preferred devices, follows camera and device changes, and closes them all on unmount', async () => {
    const alice = client(ALICE);
    mount(
      <CallProvider client={alice}>
        <Lobby />
      </CallProvider>,
    );
    await waitFor(() => expect(status()).toBe('ready'));
    // StrictMode opened the devices twice; the first run's tracks are closed already.
    expect(live().map((track) => track.kind)).toEqual(['audio', 'video']);
    const preview = () => lobby.preview!;
    expect(preview().stream?.getTracks()).toEqual([preview().audioTrack, preview().videoTrack]);

    const camera = preview().videoTrack;
    await preview().setVideoMuted(true);
    await waitFor(() => expect(preview().state?.videoMuted).toBe(true));
    expect(camera?.readyState).toBe('ended');
    expect(preview().videoTrack).toBeNull();

    const microphones = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audioinput');
    const other = microphones.find((d) => d.deviceId !== 'default' && d.deviceId !== preview().state?.audioDeviceId);
    if (!other) throw new Error('Chromium offers a single fake microphone');
    await preview().selectDevice('audioinput', other.deviceId);
    await waitFor(() => expect(preview().state?.audioDeviceId).toBe(other.deviceId));
    expect(alice.preferredDevices.audioinput).toBe(other.deviceId);

    root?.unmount();
    root = null;
    expect(live()).toEqual([]);
  });

  it('a preview replaced while its devices were opening neither flashes an error nor disturbs its successor', async () => {
    const alice = client(ALICE);
    const counting = navigator.mediaDevices.getUserMedia;
    let calls = 0;
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      calls += 1;
      // The video preview's request answers after the audio preview's that replaced it.
      if (constraints?.video) await new Promise((resolve) => setTimeout(resolve, 300));
      return counting(constraints);
    };
    const lobbyFor = (callType: 'audio' | 'video') => (
      <CallProvider client={alice}>
        <Lobby callType={callType} />
      </CallProvider>
    );
    mount(lobbyFor('video'));
    await waitFor(() => expect(calls).toBeGreaterThan(0));
    root?.render(<StrictMode>{lobbyFor('audio')}</StrictMode>);
    await waitFor(() => expect(status()).toBe('ready'));
    // The video request answers now; its tracks are stopped at once, and the audio preview stays.
    await waitFor(() => expect(captureTracks.filter((track) => track.kind === 'video')).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(status()).toBe('ready');
    expect(live().map((track) => track.kind)).toEqual(['audio']);
    // Never a flash of an error: the replaced preview's failure (it was closed) is nobody's news.
    expect(lobby.statuses).not.toContain('failed');
  });

  it('a hand-over no call takes (the call had ended a moment before) leaves the preview ready, and closed on unmount', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const { nextCall: rang } = await lobbyReady(alice, alice);
    const { audioTrack, videoTrack } = lobby.preview!;
    const outgoing = bob.createSession([ALICE], 'video');
    await outgoing.start();
    const call = await rang;
    outgoing.hangUp();
    await waitFor(() => expect(call.state).toBe('closed'));
    // Alice presses Accept just too late.
    const media = lobby.preview!.handOver('video');
    expect(media).toBeDefined();
    await expect(call.accept({}, { media })).rejects.toMatchObject({ code: 'invalid-state' });
    // Renders settle (the hand-over's own render included), and the preview is back.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(status()).toBe('ready');
    expect(lobby.preview!.videoTrack).toBe(videoTrack);
    expect([audioTrack?.readyState, videoTrack?.readyState]).toEqual(['live', 'live']);
    root?.unmount();
    root = null;
    expect([audioTrack?.readyState, videoTrack?.readyState]).toEqual(['ended', 'ended']);
  });

  it('a call that gives way to the one ringing here leaves the preview ready, to answer that one with', async () => {
    // Alice (the lower JID) calls Bob; Bob, in his lobby, presses "Call Alice" at the same moment.
    const alice = client(ALICE);
    const bob = client(BOB);
    const { nextCall: rang } = await lobbyReady(bob, bob);
    const { videoTrack } = lobby.preview!;
    await alice.createSession([BOB], 'video').start();
    const aliceCall = await rang;
    const id = await lobby.startCall!([ALICE], 'video', {}, { media: lobby.preview!.handOver('video') });
    expect(bob.getSession(id)).toBeUndefined(); // Bob's call gave way to Alice's, which rings here
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect([status(), videoTrack?.readyState]).toEqual(['ready', 'live']);
    // Bob answers Alice's call with his lobby's preview.
    await aliceCall.accept({}, { media: lobby.preview!.handOver('video') });
    const answered = bob.getSession(aliceCall.id);
    expect(answered?.localStream?.getVideoTracks()).toEqual([videoTrack]);
  });

  it('hands its tracks to a call, which keeps them after the lobby is gone and closes them when it ends', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const { nextCall: rang } = await lobbyReady(alice, bob);
    const { audioTrack, videoTrack } = lobby.preview!;
    // An audio call cannot take a video preview: the lobby keeps it.
    expect(lobby.preview!.handOver('audio')).toBeUndefined();
    const media = lobby.preview!.handOver('video');
    expect(media).toBeDefined();
    const id = await lobby.startCall!([BOB], 'video', {}, { media });
    await waitFor(() => expect(status()).toBe('handedOver'));
    root?.unmount();
    root = null;
    const call = await rang;
    await call.accept();
    const outgoing = alice.getSession(id)!;
    await waitFor(() => expect(outgoing.state).toBe('active'));
    // The lobby's tracks, still live, are what the call sends; nothing of Alice's was opened again.
    expect(outgoing.localStream?.getTracks()).toEqual([audioTrack, videoTrack]);
    expect([audioTrack?.readyState, videoTrack?.readyState]).toEqual(['live', 'live']);
    outgoing.hangUp();
    await waitFor(() => expect(call.state).toBe('closed'));
    expect([audioTrack?.readyState, videoTrack?.readyState]).toEqual(['ended', 'ended']);
    expect(live()).toEqual([]);
  });
});

function Meter({ track, onLevel }: { track: MediaStreamTrack | null; onLevel: (level: number) => void }) {
  const level = useAudioLevel(track, { intervalMs: 20 });
  onLevel(level);
  return <meter min={0} max={1} value={level} />;
}

describe('useAudioLevel', () => {
  it('reads 0 without a track, follows the microphone, and stops measuring on unmount', async () => {
    const synthetic = createSyntheticStream({ label: 'mic', video: false, volume: 0.5 });
    const track = synthetic.stream.getAudioTracks()[0]!;
    const levels: number[] = [];
    try {
      mount(<Meter track={null} onLevel={(level) => levels.push(level)} />);
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(new Set(levels)).toEqual(new Set([0]));
      root?.render(
        <StrictMode>
          <Meter track={track} onLevel={(level) => levels.push(level)} />
        </StrictMode>,
      );
      await waitFor(() => expect(levels.at(-1)).toBeGreaterThan(0.25));
      root?.unmount();
      root = null;
      const rendered = levels.length;
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(levels).toHaveLength(rendered);
      expect(track.readyState).toBe('live');
    } finally {
      synthetic.stop();
    }
  });
});

/** Every render of the lobby: status and what it showed. */
let renders: Array<{ status: string; audio: string | null; video: string | null }> = [];
let latest: UsePreviewMediaResult | null = null;
let startCall: ReturnType<typeof useStartCall> | null = null;
const handedOver: unknown[] = [];

function HidingLobby({ enabled = true }: { enabled?: boolean }) {
  const [shown, setShown] = useState(true);
  const preview = usePreviewMedia({ enabled: enabled && shown });
  latest = preview;
  startCall = useStartCall();
  renders.push({
    status: preview.status,
    audio: preview.audioTrack?.readyState ?? null,
    video: preview.videoTrack?.readyState ?? null,
  });
  return (
    <>
      <p data-testid="status">{preview.status}</p>
      {/* Hands the preview over and hides the lobby in one click, as an app's "Call" button may. */}
      <button
        type="button"
        onClick={() => {
          handedOver.push(preview.handOver('video'));
          setShown(false);
        }}
      >
        call
      </button>
    </>
  );
}

function show(alice: CallClient, enabled = true): void {
  root ??= createRoot(host);
  root.render(
    <StrictMode>
      <CallProvider client={alice}>
        <HidingLobby enabled={enabled} />
      </CallProvider>
    </StrictMode>,
  );
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('usePreviewMedia: statuses and guards', () => {
  beforeEach(() => {
    renders = [];
    latest = null;
  });

  it('enabled → false goes back to idle with nothing to show', async () => {
    const alice = client(ALICE);
    show(alice);
    await waitFor(() => expect(status()).toBe('ready'));
    show(alice, false);
    await waitFor(() => expect(live()).toEqual([]));
    await settle();
    expect(status()).toBe('idle');
    expect([latest!.stream, latest!.audioTrack, latest!.videoTrack, latest!.state]).toEqual([null, null, null, null]);
  });

  it('after a hand-over the call owns the media: its changes do not bring the preview back', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const rang = new Promise<CallSession>((resolve) => bob.on('incomingCall', ({ session }) => resolve(session)));
    show(alice);
    await waitFor(() => expect(status()).toBe('ready'));
    const id = await startCall!([BOB], 'video', {}, { media: latest!.handOver('video') });
    await waitFor(() => expect(status()).toBe('handedOver'));
    const outgoing = alice.getSession(id)!;
    outgoing.setAudioMuted(true);
    await outgoing.setVideoMuted(true);
    await settle();
    expect(status()).toBe('handedOver');
    expect([latest!.stream, latest!.state]).toEqual([null, null]);
    (await rang).reject();
  });

  it('after a hand-over no call took, the preview follows its media again', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const rang = new Promise<CallSession>((resolve) => alice.on('incomingCall', ({ session }) => resolve(session)));
    show(alice);
    await waitFor(() => expect(status()).toBe('ready'));
    const outgoing = bob.createSession([ALICE], 'video');
    await outgoing.start();
    const call = await rang;
    outgoing.hangUp();
    await waitFor(() => expect(call.state).toBe('closed'));
    const media = latest!.handOver('video');
    await expect(call.accept({}, { media })).rejects.toMatchObject({ code: 'invalid-state' });
    await settle();
    expect(status()).toBe('ready');
    await latest!.setVideoMuted(true);
    await waitFor(() => expect(latest!.state?.videoMuted).toBe(true));
    expect(latest!.videoTrack).toBeNull();
  });

  it('a hand-over no call took, then the lobby hidden in the same click, stays idle', async () => {
    const alice = client(ALICE);
    show(alice);
    await waitFor(() => expect(status()).toBe('ready'));
    handedOver.length = 0;
    host.querySelector('button')!.click();
    expect(handedOver[0]).toBeDefined();
    await waitFor(() => expect(live()).toEqual([]));
    await settle();
    expect(status()).toBe('idle');
    expect(latest!.stream).toBeNull();
  });

  it('opens the preferred devices, and choosing one keeps the preference for the other kind', async () => {
    const alice = client(ALICE);
    const devices = await navigator.mediaDevices.enumerateDevices();
    const microphones = devices.filter((d) => d.kind === 'audioinput' && d.deviceId !== 'default');
    const camera = devices.find((d) => d.kind === 'videoinput' && d.deviceId !== 'default');
    if (microphones.length < 2 || !camera) throw new Error('Chromium offers too few fake devices');
    const [first, second] = microphones as [MediaDeviceInfo, MediaDeviceInfo];
    alice.setPreferredDevices({ audioinput: second.deviceId, videoinput: camera.deviceId });
    show(alice);
    await waitFor(() => expect(status()).toBe('ready'));
    expect(latest!.state?.audioDeviceId).toBe(second.deviceId);
    await latest!.selectDevice('audioinput', first.deviceId);
    expect(alice.preferredDevices).toEqual({ audioinput: first.deviceId, videoinput: camera.deviceId });
  });

  it('setVideoMuted and selectDevice reject with invalid-state while the preview is not open', async () => {
    const alice = client(ALICE);
    show(alice, false);
    await waitFor(() => expect(status()).toBe('idle'));
    await expect(latest!.setVideoMuted(true)).rejects.toMatchObject({ code: 'invalid-state' });
    await expect(latest!.selectDevice('audioinput', 'x')).rejects.toMatchObject({ code: 'invalid-state' });
  });
});

describe('useAudioLevel, when the track goes', () => {
  it('drops to 0 when the track goes away', async () => {
    const synthetic = createSyntheticStream({ label: 'mic', video: false, volume: 0.5 });
    const track = synthetic.stream.getAudioTracks()[0]!;
    const levels: number[] = [];
    try {
      root = createRoot(host);
      root.render(<Meter track={track} onLevel={(level) => levels.push(level)} />);
      await waitFor(() => expect(levels.at(-1)).toBeGreaterThan(0.25));
      root.render(<Meter track={null} onLevel={(level) => levels.push(level)} />);
      await waitFor(() => expect(levels.at(-1)).toBe(0));
      await settle();
      expect(levels.at(-1)).toBe(0);
    } finally {
      synthetic.stop();
    }
  });
});
