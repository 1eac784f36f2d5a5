/**
 * LocalMedia with real tracks in Chromium: the fake camera/microphone (`--use-fake-device-for-media-stream`,
 * `--use-fake-ui-for-media-stream`) and real getDisplayMedia (the fake UI auto-picks a screen headless).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rejectionOf } from '../testing/harness.js';
import { createSyntheticStream } from '../testing/synthetic-media.js';
import type { MeshcallError } from '../util/errors.js';
import { listMediaDevices, type MediaDevicesLike } from './devices.js';
import { LocalMedia, type LocalMediaOptions } from './local-media.js';
import type { LocalMediaEvents } from './types.js';

/** `vi.waitFor` with room for a real browser on a busy machine (its default gives up after 1 s). */
const waitFor = <T>(check: () => T | Promise<T>) => vi.waitFor(check, { timeout: 10_000 });

const everyTrack = new Set<MediaStreamTrack>();
const cleanups: Array<() => void> = [];

/** Wraps the real mediaDevices so the test sees every track ever opened. */
function recordingDevices(overrides: Partial<MediaDevicesLike> = {}): MediaDevicesLike {
  const real = navigator.mediaDevices;
  const record = async (opened: Promise<MediaStream>) => {
    const stream = await opened;
    for (const t of stream.getTracks()) everyTrack.add(t);
    return stream;
  };
  return {
    getUserMedia: (c) => record(real.getUserMedia(c)),
    getDisplayMedia: (o) => record(real.getDisplayMedia(o)),
    enumerateDevices: () => real.enumerateDevices(),
    ...overrides,
  };
}

function create(options: Omit<LocalMediaOptions, 'mediaDevices'> & { mediaDevices?: MediaDevicesLike }) {
  const media = new LocalMedia({ mediaDevices: recordingDevices(), ...options });
  cleanups.push(() => media.release());
  const events: LocalMediaEvents['trackChanged'][] = [];
  const errors: MeshcallError[] = [];
  media.on('trackChanged', (e) => events.push(e));
  media.on('error', (e) => errors.push(e));
  return { media, events, errors };
}

const liveTracks = () => [...everyTrack].filter((t) => t.readyState === 'live');

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  // Every test must leave nothing running; stop leftovers so one failure does not cascade.
  const leftovers = liveTracks();
  for (const t of everyTrack) t.stop();
  everyTrack.clear();
  expect(leftovers.map((t) => t.label)).toEqual([]);
});

describe('LocalMedia in Chromium', () => {
  it('a video call gets live microphone and camera tracks, and a preview stream that plays', async () => {
    const { media, events } = create({ callType: 'video' });
    await media.acquire();
    expect(media.audioTrack?.readyState).toBe('live');
    expect(media.videoTrack?.readyState).toBe('live');
    expect(media.videoTrack?.label).toMatch(/fake/i);
    expect(events.map((e) => [e.kind, e.source])).toEqual([
      ['audio', 'microphone'],
      ['video', 'camera'],
    ]);
    expect(media.state.videoDeviceId).toBe(media.videoTrack?.getSettings().deviceId);
    expect(media.stream.getTracks()).toEqual(expect.arrayContaining([media.audioTrack, media.videoTrack]));
    const video = document.createElement('video');
    video.muted = true;
    video.srcObject = media.stream;
    cleanups.push(() => {
      video.srcObject = null;
    });
    await video.play();
    await vi.waitFor(() => expect(video.videoWidth).toBeGreaterThan(0), { timeout: 10_000 });
    media.release();
    expect(liveTracks()).toEqual([]);
    expect(media.stream.getTracks()).toEqual([]);
  });

  it('an audio call gets the microphone only', async () => {
    const { media } = create({ callType: 'audio' });
    await media.acquire();
    expect(media.audioTrack?.readyState).toBe('live');
    expect(media.videoTrack).toBeNull();
    expect(liveTracks().map((t) => t.kind)).toEqual(['audio']);
  });

  it('muting the microphone toggles enabled and keeps the device', async () => {
    const { media } = create({ callType: 'audio' });
    await media.acquire();
    const mic = media.audioTrack!;
    media.setAudioMuted(true);
    expect(mic.enabled).toBe(false);
    expect(mic.readyState).toBe('live');
    expect(media.state.audioMuted).toBe(true);
    media.setAudioMuted(false);
    expect(mic.enabled).toBe(true);
  });

  it('camera off stops the track; camera on gives a new live track from the same device', async () => {
    const { media, events } = create({ callType: 'video' });
    await media.acquire();
    const first = media.videoTrack!;
    const device = first.getSettings().deviceId;
    await media.setVideoMuted(true);
    expect(first.readyState).toBe('ended');
    expect(media.videoTrack).toBeNull();
    expect(events.at(-1)).toMatchObject({ kind: 'video', track: null, previous: first });
    expect(media.stream.getVideoTracks()).toEqual([]);
    await media.setVideoMuted(false);
    const second = media.videoTrack!;
    expect(second).not.toBe(first);
    expect(second.readyState).toBe('live');
    expect(second.getSettings().deviceId).toBe(device);
    expect(media.stream.getVideoTracks()).toEqual([second]);
    expect(events.at(-1)).toMatchObject({ kind: 'video', track: second, previous: null, source: 'camera' });
  });

  it('selectDevice swaps the microphone and stops the old one; a missing device keeps the current', async () => {
    const { media, events } = create({ callType: 'video' });
    await media.acquire();
    const old = media.audioTrack!;
    const { audioinput } = await listMediaDevices();
    const other = audioinput.find((d) => d.deviceId !== old.getSettings().deviceId && d.deviceId !== 'default');
    if (!other) throw new Error(`Chromium listed no second fake microphone: ${JSON.stringify(audioinput)}`);
    media.setAudioMuted(true);
    await media.selectDevice('audioinput', other.deviceId);
    const next = media.audioTrack!;
    expect(next).not.toBe(old);
    expect(next.readyState).toBe('live');
    expect(next.enabled).toBe(false);
    expect(next.getSettings().deviceId).toBe(other.deviceId);
    expect(old.readyState).toBe('ended');
    expect(events.at(-1)).toMatchObject({ kind: 'audio', track: next, previous: old, source: 'microphone' });
    expect(media.state.audioDeviceId).toBe(other.deviceId);

    const camera = media.videoTrack!;
    const error = await rejectionOf(media.selectDevice('videoinput', 'no-such-camera'));
    expect(error.code).toBe('media-no-device');
    expect(error.cause).toBeInstanceOf(DOMException);
    expect(media.videoTrack).toBe(camera);
    expect(camera.readyState).toBe('live');
  });

  it('switchCamera with a single camera emits an error and keeps the camera', async () => {
    const { media, errors } = create({ callType: 'video' });
    await media.acquire();
    const { videoinput } = await listMediaDevices();
    expect(videoinput).toHaveLength(1);
    const camera = media.videoTrack;
    await media.switchCamera();
    expect(errors.map((e) => e.code)).toEqual(['media-no-device']);
    expect(media.videoTrack).toBe(camera);
  });

  it('shares the real screen and reverts to the camera when sharing ends in the browser UI', async () => {
    const { media, events } = create({ callType: 'video' });
    await media.acquire();
    const camera = media.videoTrack!;
    await media.startScreenShare();
    const screen = media.videoTrack!;
    expect(screen).not.toBe(camera);
    expect(screen.readyState).toBe('live');
    expect(screen.contentHint).toBe('detail');
    expect(camera.readyState).toBe('live');
    expect(events.at(-1)).toMatchObject({ kind: 'video', track: screen, previous: camera, source: 'screen' });
    expect(media.state.screenSharing).toBe(true);
    expect(media.stream.getVideoTracks()).toEqual([screen]);
    // The browser's "Stop sharing" button ends the track and fires `ended` (stop() alone does not fire it).
    screen.stop();
    screen.dispatchEvent(new Event('ended'));
    expect(media.videoTrack).toBe(camera);
    expect(media.state.screenSharing).toBe(false);
    expect(events.at(-1)).toMatchObject({ kind: 'video', track: camera, previous: screen, source: 'camera' });
    expect(media.stream.getVideoTracks()).toEqual([camera]);
  });

  it('stopScreenShare stops the screen track; camera off during sharing comes back as no video', async () => {
    const { media, events } = create({ callType: 'video' });
    await media.acquire();
    await media.startScreenShare();
    const screen = media.videoTrack!;
    await media.setVideoMuted(true);
    expect(media.videoTrack).toBe(screen);
    await media.stopScreenShare();
    expect(screen.readyState).toBe('ended');
    expect(media.videoTrack).toBeNull();
    expect(events.at(-1)).toMatchObject({ kind: 'video', track: null, previous: screen });
    expect(liveTracks().map((t) => t.kind)).toEqual(['audio']);
  });

  it('reports a lost camera (track ended by the device) and turns the camera off', async () => {
    const { media, errors } = create({ callType: 'video' });
    await media.acquire();
    const camera = media.videoTrack!;
    camera.stop();
    camera.dispatchEvent(new Event('ended'));
    expect(errors.map((e) => e.code)).toEqual(['media-no-device']);
    expect(media.videoTrack).toBeNull();
    expect(media.state.videoMuted).toBe(true);
    await media.setVideoMuted(false);
    expect(media.videoTrack?.readyState).toBe('live');
  });

  it('a denied permission (real NotAllowedError) rejects with media-permission-denied and leaves nothing live', async () => {
    const mediaDevices = recordingDevices({
      getUserMedia: () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError')),
    });
    const { media, events } = create({ callType: 'video', mediaDevices });
    const error = await rejectionOf(media.acquire());
    expect(error.code).toBe('media-permission-denied');
    expect((error.cause as DOMException).name).toBe('NotAllowedError');
    expect(events).toEqual([]);
    expect(media.acquired).toBe(false);
  });

  it('tracks that arrive after an abort are stopped', async () => {
    let arrived: MediaStream | undefined;
    let requested!: () => void;
    const requestedPromise = new Promise<void>((resolve) => {
      requested = resolve;
    });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const mediaDevices = recordingDevices({
      getUserMedia: async (constraints) => {
        requested();
        const stream = await navigator.mediaDevices.getUserMedia(constraints);
        for (const t of stream.getTracks()) everyTrack.add(t);
        await gate;
        arrived = stream;
        return stream;
      },
    });
    const { media } = create({ callType: 'video', mediaDevices });
    const controller = new AbortController();
    const pending = media.acquire({ signal: controller.signal });
    await requestedPromise;
    controller.abort();
    expect((await rejectionOf(pending)).code).toBe('media-aborted');
    release();
    await waitFor(() => expect(arrived).toBeDefined());
    await waitFor(() => expect(arrived!.getTracks().map((t) => t.readyState)).toEqual(['ended', 'ended']));
    expect(media.audioTrack).toBeNull();
  });

  it('adopts an app stream and leaves its tracks running after release', async () => {
    const synthetic = createSyntheticStream({ label: 'app', volume: 0 });
    cleanups.push(() => synthetic.stop());
    const { media } = create({ callType: 'video', stream: synthetic.stream });
    await media.acquire();
    expect(media.videoTrack).toBe(synthetic.stream.getVideoTracks()[0]);
    await media.setVideoMuted(true);
    media.release();
    expect(synthetic.stream.getTracks().map((t) => t.readyState)).toEqual(['live', 'live']);
  });

  it('trackChanged drives replaceTrack: the peer keeps decoding across camera off/on without renegotiation', async () => {
    const { media } = create({ callType: 'video' });
    await media.acquire();
    const sender = new RTCPeerConnection();
    const receiver = new RTCPeerConnection();
    cleanups.push(() => {
      sender.close();
      receiver.close();
    });
    let negotiations = 0;
    sender.onnegotiationneeded = () => negotiations++;
    sender.onicecandidate = (e) => void (e.candidate && receiver.addIceCandidate(e.candidate));
    receiver.onicecandidate = (e) => void (e.candidate && sender.addIceCandidate(e.candidate));
    const videoSender = sender.addTrack(media.videoTrack!, media.stream);
    media.on('trackChanged', (e) => {
      if (e.kind === 'video') void videoSender.replaceTrack(e.track);
    });
    await sender.setLocalDescription();
    await receiver.setRemoteDescription(sender.localDescription!);
    await receiver.setLocalDescription();
    await sender.setRemoteDescription(receiver.localDescription!);
    const negotiationsAfterSetup = negotiations;
    const framesDecoded = async () => {
      let frames = 0;
      (await receiver.getStats()).forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video') frames = s.framesDecoded ?? 0;
      });
      return frames;
    };
    await vi.waitFor(async () => expect(await framesDecoded()).toBeGreaterThan(3), { timeout: 15_000, interval: 200 });
    await media.setVideoMuted(true);
    await waitFor(() => expect(videoSender.track).toBeNull());
    await media.setVideoMuted(false);
    await waitFor(() => expect(videoSender.track).toBe(media.videoTrack));
    const before = await framesDecoded();
    await vi.waitFor(async () => expect(await framesDecoded()).toBeGreaterThan(before + 3), {
      timeout: 15_000,
      interval: 200,
    });
    expect(negotiations).toBe(negotiationsAfterSetup);
  });
});
