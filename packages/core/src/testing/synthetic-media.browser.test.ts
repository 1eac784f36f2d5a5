/** The synthetic stream in real Chromium: frames really change, get decoded over WebRTC, and the tone is audible. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSyntheticStream, hueForLabel, type SyntheticStream } from './synthetic-media.js';

/** `vi.waitFor` with room for a real browser on a busy machine (its default gives up after 1 s). */
const waitFor = <T>(check: () => T | Promise<T>) => vi.waitFor(check, { timeout: 10_000 });

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function track(stream: SyntheticStream): SyntheticStream {
  cleanups.push(() => stream.stop());
  return stream;
}

function playInVideo(stream: MediaStream): HTMLVideoElement {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  document.body.append(video);
  cleanups.push(() => {
    video.srcObject = null;
    video.remove();
  });
  void video.play();
  return video;
}

function grab(video: HTMLVideoElement): Uint8ClampedArray {
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('no 2d context');
  context.drawImage(video, 0, 0);
  return context.getImageData(0, 0, canvas.width, canvas.height).data;
}

function differs(a: Uint8ClampedArray, b: Uint8ClampedArray): boolean {
  if (a.length !== b.length) return true;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return true;
  return false;
}

describe('createSyntheticStream', () => {
  it('gives one live video and one live audio track', () => {
    const synthetic = track(createSyntheticStream({ label: 'Alice' }));
    expect(synthetic.stream.getVideoTracks().map((t) => t.readyState)).toEqual(['live']);
    expect(synthetic.stream.getAudioTracks().map((t) => t.readyState)).toEqual(['live']);
  });

  it('honours video/audio switches and the picture size', () => {
    const audioOnly = track(createSyntheticStream({ label: 'A', video: false }));
    expect(audioOnly.stream.getTracks().map((t) => t.kind)).toEqual(['audio']);
    const videoOnly = track(createSyntheticStream({ label: 'V', audio: false, width: 160, height: 120 }));
    expect(videoOnly.stream.getTracks().map((t) => t.kind)).toEqual(['video']);
    expect(videoOnly.stream.getVideoTracks()[0]?.getSettings()).toMatchObject({ width: 160, height: 120 });
  });

  it('plays in a <video> with frames that keep changing', async () => {
    const synthetic = track(createSyntheticStream({ label: 'Bob', audio: false, fps: 20 }));
    const video = playInVideo(synthetic.stream);
    const presented: number[] = [];
    const onFrame = (_now: number, meta: VideoFrameCallbackMetadata) => {
      presented.push(meta.presentedFrames);
      if (presented.length < 5) video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
    await vi.waitFor(() => expect(presented.length).toBeGreaterThanOrEqual(5), { timeout: 10_000 });
    expect(video.videoWidth).toBe(320);
    expect(video.videoHeight).toBe(240);
    const first = grab(video);
    await vi.waitFor(() => expect(differs(first, grab(video))).toBe(true), { timeout: 10_000 });
  });

  it('produces an audible tone', async () => {
    const synthetic = track(createSyntheticStream({ label: 'Carol', video: false, volume: 0.2 }));
    const context = new AudioContext();
    cleanups.push(() => void context.close());
    const analyser = context.createAnalyser();
    context.createMediaStreamSource(synthetic.stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    await waitFor(() => {
      analyser.getFloatTimeDomainData(samples);
      expect(Math.max(...samples.map(Math.abs))).toBeGreaterThan(0.05);
    });
  });

  it('is decoded on the other end of a loopback RTCPeerConnection', async () => {
    const synthetic = track(createSyntheticStream({ label: 'Dave', audio: false }));
    const sender = new RTCPeerConnection();
    const receiver = new RTCPeerConnection();
    cleanups.push(() => {
      sender.close();
      receiver.close();
    });
    sender.onicecandidate = (e) => void (e.candidate && receiver.addIceCandidate(e.candidate));
    receiver.onicecandidate = (e) => void (e.candidate && sender.addIceCandidate(e.candidate));
    for (const t of synthetic.stream.getTracks()) sender.addTrack(t, synthetic.stream);
    await sender.setLocalDescription();
    await receiver.setRemoteDescription(sender.localDescription!);
    await receiver.setLocalDescription();
    await sender.setRemoteDescription(receiver.localDescription!);
    const framesDecoded = async () => {
      const report = await receiver.getStats();
      let frames = 0;
      report.forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video') frames = s.framesDecoded ?? 0;
      });
      return frames;
    };
    await vi.waitFor(async () => expect(await framesDecoded()).toBeGreaterThan(5), { timeout: 15_000, interval: 200 });
  });

  it('stop() ends every track and can be called twice', () => {
    const synthetic = createSyntheticStream({ label: 'Eve' });
    synthetic.stop();
    synthetic.stop();
    expect(synthetic.stream.getTracks().map((t) => t.readyState)).toEqual(['ended', 'ended']);
  });

  it('gives each label its own stable colour', () => {
    expect(hueForLabel('alice@example.com')).toBe(hueForLabel('alice@example.com'));
    expect(new Set(['a', 'b', 'c', 'd'].map(hueForLabel)).size).toBe(4);
    for (const label of ['', 'x', 'a much longer label with spaces']) {
      expect(hueForLabel(label)).toBeGreaterThanOrEqual(0);
      expect(hueForLabel(label)).toBeLessThan(360);
    }
  });
});
