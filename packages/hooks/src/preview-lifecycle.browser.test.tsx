/**
 * usePreviewMedia's statuses and guards in real Chromium (its fake camera and microphone).
 */
import { CallClient, type CallSession, MemoryNetwork } from '@meshcall/core';
import { createSyntheticStream } from '@meshcall/core/testing';
import { StrictMode, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallProvider, type UsePreviewMediaResult, useAudioLevel, usePreviewMedia, useStartCall } from './index.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';

let network: MemoryNetwork;
let clients: CallClient[];
let root: Root | null;
let host: HTMLElement;
const captureTracks: MediaStreamTrack[] = [];
const originalGetUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);

/** Every render of the lobby: status and what it showed. */
let renders: Array<{ status: string; audio: string | null; video: string | null }> = [];
let latest: UsePreviewMediaResult | null = null;
let startCall: ReturnType<typeof useStartCall> | null = null;
const handedOver: unknown[] = [];

beforeEach(() => {
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const stream = await originalGetUserMedia(constraints);
    captureTracks.push(...stream.getTracks());
    return stream;
  };
  captureTracks.length = 0;
  renders = [];
  latest = null;
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

function Lobby({ enabled = true }: { enabled?: boolean }) {
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
        <Lobby enabled={enabled} />
      </CallProvider>
    </StrictMode>,
  );
}

const status = () => host.querySelector('[data-testid="status"]')?.textContent;
const live = () => captureTracks.filter((track) => track.readyState === 'live');
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('usePreviewMedia', () => {
  it('enabled → false goes back to idle with nothing to show', async () => {
    const alice = client(ALICE);
    show(alice);
    await vi.waitFor(() => expect(status()).toBe('ready'));
    show(alice, false);
    await vi.waitFor(() => expect(live()).toEqual([]));
    await settle();
    expect(status()).toBe('idle');
    expect([latest!.stream, latest!.audioTrack, latest!.videoTrack, latest!.state]).toEqual([null, null, null, null]);
  });

  it('after a hand-over the call owns the media: its changes do not bring the preview back', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const rang = new Promise<CallSession>((resolve) => bob.on('incomingCall', ({ session }) => resolve(session)));
    show(alice);
    await vi.waitFor(() => expect(status()).toBe('ready'));
    const id = await startCall!([BOB], 'video', {}, { media: latest!.handOver('video') });
    await vi.waitFor(() => expect(status()).toBe('handedOver'));
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
    await vi.waitFor(() => expect(status()).toBe('ready'));
    const outgoing = bob.createSession([ALICE], 'video');
    await outgoing.start();
    const call = await rang;
    outgoing.hangUp();
    await vi.waitFor(() => expect(call.state).toBe('closed'));
    const media = latest!.handOver('video');
    await expect(call.accept({}, { media })).rejects.toMatchObject({ code: 'invalid-state' });
    await settle();
    expect(status()).toBe('ready');
    await latest!.setVideoMuted(true);
    await vi.waitFor(() => expect(latest!.state?.videoMuted).toBe(true));
    expect(latest!.videoTrack).toBeNull();
  });

  it('a hand-over no call took, then the lobby hidden in the same click, stays idle', async () => {
    const alice = client(ALICE);
    show(alice);
    await vi.waitFor(() => expect(status()).toBe('ready'));
    handedOver.length = 0;
    host.querySelector('button')!.click();
    expect(handedOver[0]).toBeDefined();
    await vi.waitFor(() => expect(live()).toEqual([]));
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
    await vi.waitFor(() => expect(status()).toBe('ready'));
    expect(latest!.state?.audioDeviceId).toBe(second.deviceId);
    await latest!.selectDevice('audioinput', first.deviceId);
    expect(alice.preferredDevices).toEqual({ audioinput: first.deviceId, videoinput: camera.deviceId });
  });

  it('setVideoMuted and selectDevice reject with invalid-state while the preview is not open', async () => {
    const alice = client(ALICE);
    show(alice, false);
    await vi.waitFor(() => expect(status()).toBe('idle'));
    await expect(latest!.setVideoMuted(true)).rejects.toMatchObject({ code: 'invalid-state' });
    await expect(latest!.selectDevice('audioinput', 'x')).rejects.toMatchObject({ code: 'invalid-state' });
  });
});

function Meter({ track, onLevel }: { track: MediaStreamTrack | null; onLevel: (level: number) => void }) {
  onLevel(useAudioLevel(track, { intervalMs: 20 }));
  return null;
}

describe('useAudioLevel', () => {
  it('drops to 0 when the track goes away', async () => {
    const synthetic = createSyntheticStream({ label: 'mic', video: false, volume: 0.5 });
    const track = synthetic.stream.getAudioTracks()[0]!;
    const levels: number[] = [];
    try {
      root = createRoot(host);
      root.render(<Meter track={track} onLevel={(level) => levels.push(level)} />);
      await vi.waitFor(() => expect(levels.at(-1)).toBeGreaterThan(0.25));
      root.render(<Meter track={null} onLevel={(level) => levels.push(level)} />);
      await vi.waitFor(() => expect(levels.at(-1)).toBe(0));
      await settle();
      expect(levels.at(-1)).toBe(0);
    } finally {
      synthetic.stop();
    }
  });
});
