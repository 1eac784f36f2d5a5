/**
 * The lobby preview opens the devices as the client opens a call's, in real Chromium under StrictMode: with
 * the client's `media` constraints (a preview handed over is what the call sends, as it is) and its
 * `createMedia`.
 */
import { CallClient, type CallClientConfig, LocalMedia, MemoryNetwork } from '@meshcall/core';
import { createSyntheticStream, FakeSessionMedia, type SyntheticStream } from '@meshcall/core/testing';
import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, it, vi } from 'vitest';
import { CallProvider, type UsePreviewMediaResult, usePreviewMedia, useStartCall } from './index.js';

/** `vi.waitFor` with room for a real browser on a busy machine (its default gives up after 1 s). */
const waitFor = <T,>(check: () => T | Promise<T>) => vi.waitFor(check, { timeout: 10_000 });

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';

/** A headset help line: the app turns the browser's echo canceller off and asks for a mono microphone. */
const HEADSET: MediaTrackConstraints = { echoCancellation: false, autoGainControl: false, channelCount: 1 };

/** Every getUserMedia request made, to tell what the devices were opened with. */
const asked: MediaStreamConstraints[] = [];
const originalGetUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
let root: Root | null = null;
let clients: CallClient[] = [];
let synthetic: SyntheticStream | null = null;
const host = document.createElement('div');
document.body.append(host);

afterEach(async () => {
  root?.unmount();
  root = null;
  for (const client of clients) await client.destroy();
  clients = [];
  synthetic?.stop();
  synthetic = null;
  navigator.mediaDevices.getUserMedia = originalGetUserMedia;
  asked.length = 0;
  lobby.preview = null;
});

/** What the lobby rendered last, for the test to act on. */
const lobby = {
  preview: null as UsePreviewMediaResult | null,
  startCall: null as ReturnType<typeof useStartCall> | null,
};

function Lobby({ callType }: { callType: 'audio' | 'video' }) {
  lobby.preview = usePreviewMedia({ callType });
  lobby.startCall = useStartCall();
  return <p>{lobby.preview.status}</p>;
}

/**
 * Alice's client, configured as given, in a lobby for a `callType` call, once its preview is `ready` (or
 * `failed`); Bob's is there to be called.
 */
async function lobbyOpened(
  config: Omit<CallClientConfig, 'transport'>,
  callType: 'audio' | 'video',
): Promise<UsePreviewMediaResult> {
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    if (constraints) asked.push(constraints);
    return originalGetUserMedia(constraints);
  };
  const network = new MemoryNetwork({ latencyMs: 2 });
  const alice = new CallClient({ transport: network.createTransport(ALICE), ...config });
  clients.push(alice, new CallClient({ transport: network.createTransport(BOB) }));
  root = createRoot(host);
  root.render(
    <StrictMode>
      <CallProvider client={alice}>
        <Lobby callType={callType} />
      </CallProvider>
    </StrictMode>,
  );
  await waitFor(() => expect(lobby.preview?.status).toMatch(/ready|failed/));
  return lobby.preview!;
}

it('opens the microphone with the client’s `media` constraints, and the call sends it as it is', async () => {
  const preview = await lobbyOpened({ media: { audio: HEADSET, video: false } }, 'audio');
  expect(preview.status).toBe('ready');
  expect(asked.length).toBeGreaterThan(0);
  expect(asked.map((request) => request.audio)).toEqual(asked.map(() => expect.objectContaining(HEADSET)));
  const microphone = preview.audioTrack;
  expect(microphone?.getSettings().echoCancellation).toBe(false);
  const opened = asked.length;
  const id = await lobby.startCall!([BOB], 'audio', {}, { media: preview.handOver('audio') });
  // The call took the preview's microphone, echo canceller off, and opened nothing of its own.
  const call = clients[0]!.getSession(id)!;
  expect(call.localStream?.getAudioTracks()).toEqual([microphone]);
  expect(asked).toHaveLength(opened);
  call.hangUp();
});

it('of a client with `media: { video: false }` never opens the camera, not even for a video call', async () => {
  const preview = await lobbyOpened({ media: { video: false } }, 'video');
  expect(preview.status).toBe('ready');
  expect(asked.some((request) => request.video)).toBe(false);
  expect(preview.videoTrack).toBeNull();
  expect(preview.state?.videoMuted).toBe(true);
  expect(preview.audioTrack?.readyState).toBe('live');
});

it('is made by the client’s `createMedia`, as a call’s media is', async () => {
  synthetic = createSyntheticStream({ label: 'alice', video: true });
  const stream = synthetic.stream;
  const preview = await lobbyOpened({ createMedia: ({ callType }) => new LocalMedia({ callType, stream }) }, 'video');
  expect(preview.status).toBe('ready');
  // The app's capture, not the devices.
  expect(asked).toEqual([]);
  expect([preview.audioTrack, preview.videoTrack]).toEqual([stream.getAudioTracks()[0], stream.getVideoTracks()[0]]);
});

it('fails, opening nothing, when the client’s `createMedia` makes media a call could not take', async () => {
  const preview = await lobbyOpened({ createMedia: () => new FakeSessionMedia(true) }, 'video');
  expect(preview.status).toBe('failed');
  expect(preview.error?.code).toBe('invalid-config');
  expect(asked).toEqual([]);
});
