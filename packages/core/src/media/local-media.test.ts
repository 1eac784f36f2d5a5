/**
 * State logic of LocalMedia against fake devices (fast, Node). The same behaviour with real tracks in
 * Chromium is covered by local-media.browser.test.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import { FakeMediaDevices, FakeTrack, fakeDevice, fakeStream } from '../testing/fake-media.js';
import { rejectionOf } from '../testing/harness.js';
import type { MeshcallError } from '../util/errors.js';
import { LocalMedia } from './local-media.js';
import type { LocalMediaEvents } from './types.js';

type TrackEvent = LocalMediaEvents['trackChanged'];

function setup(callType: 'audio' | 'video' = 'video', devices = new FakeMediaDevices()) {
  const media = new LocalMedia({ callType, mediaDevices: devices });
  const tracks: TrackEvent[] = [];
  const errors: MeshcallError[] = [];
  const states: LocalMediaEvents['stateChanged'][] = [];
  media.on('trackChanged', (e) => tracks.push(e));
  media.on('error', (e) => errors.push(e));
  media.on('stateChanged', (s) => states.push(s));
  return { media, devices, tracks, errors, states };
}

const asFake = (track: MediaStreamTrack | null) => track as unknown as FakeTrack;

describe('acquire', () => {
  it('opens microphone and camera with one request in a video call', async () => {
    const { media, devices, tracks, states } = setup('video');
    await media.acquire();
    expect(devices.requests).toHaveLength(1);
    expect(devices.requests[0]).toMatchObject({ audio: true, video: true });
    expect(media.audioTrack?.kind).toBe('audio');
    expect(media.videoTrack?.kind).toBe('video');
    expect(tracks.map((t) => [t.kind, t.source, t.previous])).toEqual([
      ['audio', 'microphone', null],
      ['video', 'camera', null],
    ]);
    expect(media.state).toEqual({
      audioMuted: false,
      videoMuted: false,
      screenSharing: false,
      screenAudio: false,
      audioDeviceId: 'mic-1',
      videoDeviceId: 'cam-1',
    });
    expect(states.at(-1)).toBe(media.state);
    expect(media.acquired).toBe(true);
  });

  it('opens only the microphone in an audio call, where video cannot be turned on', async () => {
    const { media, devices } = setup('audio');
    await media.acquire();
    expect(devices.requests[0]).toMatchObject({ audio: true, video: false });
    expect(media.videoTrack).toBeNull();
    expect(media.state.videoMuted).toBe(true);
    expect((await rejectionOf(media.setVideoMuted(false))).code).toBe('invalid-state');
    expect((await rejectionOf(media.startScreenShare())).code).toBe('invalid-state');
    expect((await rejectionOf(media.switchCamera())).code).toBe('invalid-state');
    expect((await rejectionOf(media.selectDevice('videoinput', 'cam-2'))).code).toBe('invalid-state');
    await media.setVideoMuted(true);
    expect(devices.liveTracks).toHaveLength(1);
  });

  it('accepts a video call with the camera off, and opens it later', async () => {
    const { media, devices, tracks } = setup('video');
    await media.acquire({ video: false });
    expect(devices.requests[0]).toMatchObject({ video: false });
    expect(media.state.videoMuted).toBe(true);
    await media.setVideoMuted(false);
    expect(media.videoTrack?.readyState).toBe('live');
    expect(tracks.at(-1)).toMatchObject({ kind: 'video', source: 'camera', previous: null });
    expect(media.state.videoMuted).toBe(false);
  });

  it('applies mute choices made before acquiring', async () => {
    const { media, devices } = setup('video');
    media.setAudioMuted(true);
    await media.setVideoMuted(true);
    await media.acquire();
    expect(devices.requests[0]).toMatchObject({ video: false });
    expect(media.audioTrack?.enabled).toBe(false);
    expect(media.state).toMatchObject({ audioMuted: true, videoMuted: true });
  });

  it('does nothing when called again', async () => {
    const { media, devices } = setup('video');
    await Promise.all([media.acquire(), media.acquire()]);
    await media.acquire();
    expect(devices.requests).toHaveLength(1);
    expect(devices.liveTracks).toHaveLength(2);
  });

  it.each([
    ['NotAllowedError', 'media-permission-denied'],
    ['NotFoundError', 'media-no-device'],
    ['NotReadableError', 'media-device-busy'],
  ] as const)('turns %s into %s and leaves nothing running', async (name, code) => {
    const { media, devices, tracks } = setup('video');
    // The joint request fails, then the microphone alone and the camera alone.
    devices.failures.push(...[1, 2, 3].map(() => new DOMException('nope', name)));
    const error = await rejectionOf(media.acquire());
    expect(devices.requests.map(({ audio, video }) => [!!audio, !!video])).toEqual([
      [true, true],
      [true, false],
      [false, true],
    ]);
    expect(error.code).toBe(code);
    expect(error.cause).toBeInstanceOf(DOMException);
    expect(media.acquired).toBe(false);
    expect(media.audioTrack).toBeNull();
    expect(tracks).toHaveLength(0);
    expect(devices.liveTracks).toHaveLength(0);
    // A retry (e.g. after the user fixed the permission) works.
    await media.acquire();
    expect(devices.liveTracks).toHaveLength(2);
  });

  it.each([
    ['the camera', 'NotFoundError', 'media-no-device'],
    ['the camera', 'NotAllowedError', 'media-permission-denied'],
    ['the camera', 'NotReadableError', 'media-device-busy'],
    ['the microphone', 'NotFoundError', 'media-no-device'],
  ] as const)(
    'a video call opens without %s when only it fails (%s): off or muted, and an error says why',
    async (which, name, code) => {
      const { media, devices, errors, states } = setup('video');
      const noCamera = which === 'the camera';
      // The joint request fails, and the failing device alone.
      const getUserMedia = devices.getUserMedia.bind(devices);
      devices.getUserMedia = (constraints = {}) =>
        (noCamera ? constraints.video : constraints.audio)
          ? Promise.reject(new DOMException('nope', name))
          : getUserMedia(constraints);
      await media.acquire();
      expect(media.acquired).toBe(true);
      expect({
        microphone: media.audioTrack?.readyState ?? null,
        camera: media.videoTrack?.readyState ?? null,
      }).toEqual(noCamera ? { microphone: 'live', camera: null } : { microphone: null, camera: 'live' });
      expect(states.at(-1)).toMatchObject(
        noCamera ? { videoMuted: true, audioMuted: false } : { videoMuted: false, audioMuted: true },
      );
      expect(errors.map((e) => e.code)).toEqual([code]);
    },
  );

  it('after a refused prompt, asks again device by device only for what the browser says is granted', async () => {
    const states: Record<string, PermissionState> = { microphone: 'prompt', camera: 'prompt' };
    vi.stubGlobal('navigator', {
      permissions: { query: async ({ name }: { name: string }) => ({ state: states[name] }) },
    });
    try {
      // The user dismissed the prompt: nothing is asked again (each retry would be another prompt).
      const dismissed = setup('video');
      dismissed.devices.failures.push(new DOMException('dismissed', 'NotAllowedError'));
      expect((await rejectionOf(dismissed.media.acquire())).code).toBe('media-permission-denied');
      expect(dismissed.devices.requests).toHaveLength(1);
      // The camera blocked, the microphone allowed earlier: the microphone alone opens, without a prompt.
      Object.assign(states, { microphone: 'granted', camera: 'denied' });
      const cameraBlocked = setup('video');
      cameraBlocked.devices.failures.push(new DOMException('camera blocked', 'NotAllowedError'));
      await cameraBlocked.media.acquire();
      expect(cameraBlocked.devices.requests.map(({ audio, video }) => [!!audio, !!video])).toEqual([
        [true, true],
        [true, false],
      ]);
      expect(cameraBlocked.media.state).toMatchObject({ videoMuted: true, audioMuted: false });
      expect(cameraBlocked.errors.map((e) => e.code)).toEqual(['media-permission-denied']);
      // The microphone allowed earlier, the camera's prompt just dismissed: the camera is not asked for again.
      Object.assign(states, { microphone: 'granted', camera: 'prompt' });
      const cameraDismissed = setup('video');
      cameraDismissed.devices.failures.push(new DOMException('dismissed', 'NotAllowedError'));
      await cameraDismissed.media.acquire();
      expect(cameraDismissed.devices.requests.map(({ audio, video }) => [!!audio, !!video])).toEqual([
        [true, true],
        [true, false],
      ]);
      // The camera blocked, the microphone never asked for: asking for it alone is a first prompt, not a repeat.
      Object.assign(states, { microphone: 'prompt', camera: 'denied' });
      const neverAsked = setup('video');
      neverAsked.devices.failures.push(new DOMException('camera blocked', 'NotAllowedError'));
      await neverAsked.media.acquire();
      expect(neverAsked.devices.requests).toHaveLength(2);
      expect(neverAsked.media.audioTrack?.readyState).toBe('live');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('an audio call without a microphone fails: there is nothing else to open', async () => {
    const { media, devices, errors } = setup('audio');
    devices.failures.push(new DOMException('nope', 'NotFoundError'));
    expect((await rejectionOf(media.acquire())).code).toBe('media-no-device');
    expect(devices.requests).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('reports media-unsupported without navigator.mediaDevices', async () => {
    const media = new LocalMedia({ callType: 'video' });
    expect((await rejectionOf(media.acquire())).code).toBe('media-unsupported');
  });

  it('rejects with media-aborted on abort and stops tracks that arrive afterwards', async () => {
    const { media, devices, tracks } = setup('video');
    const release = devices.hold();
    const controller = new AbortController();
    const pending = media.acquire({ signal: controller.signal });
    await vi.waitFor(() => expect(devices.requests).toHaveLength(1));
    controller.abort();
    expect((await rejectionOf(pending)).code).toBe('media-aborted');
    release();
    await vi.waitFor(() => expect(devices.opened).toHaveLength(2));
    expect(devices.liveTracks).toHaveLength(0);
    expect(tracks).toHaveLength(0);
    expect(media.acquired).toBe(false);
  });

  it('rejects an already aborted signal without asking for devices', async () => {
    const { media, devices } = setup('video');
    expect((await rejectionOf(media.acquire({ signal: AbortSignal.abort() }))).code).toBe('media-aborted');
    expect(devices.requests).toHaveLength(0);
  });

  it('release() during acquire aborts it and stops late tracks', async () => {
    const { media, devices } = setup('video');
    const release = devices.hold();
    const pending = media.acquire();
    await vi.waitFor(() => expect(devices.requests).toHaveLength(1));
    media.release();
    expect((await rejectionOf(pending)).code).toBe('media-aborted');
    release();
    await vi.waitFor(() => expect(devices.opened).toHaveLength(2));
    expect(devices.liveTracks).toHaveLength(0);
  });

  it('opens the preferred devices as those very devices, and another (saying so) when one is gone', async () => {
    const devices = new FakeMediaDevices();
    const chosen = { audioinput: 'mic-2', videoinput: 'cam-2' };
    const media = new LocalMedia({ callType: 'video', mediaDevices: devices, devices: chosen });
    await media.acquire();
    expect(devices.requests).toEqual([
      { audio: { deviceId: { exact: 'mic-2' } }, video: { deviceId: { exact: 'cam-2' } } },
    ]);
    expect([media.state.audioDeviceId, media.state.videoDeviceId]).toEqual(['mic-2', 'cam-2']);
    media.release();
    // The microphone picked earlier was unplugged since: the call still starts, with the camera still as chosen.
    const gone = new LocalMedia({
      callType: 'video',
      mediaDevices: devices,
      devices: { ...chosen, audioinput: 'usb-mic' },
    });
    const told: MeshcallError[] = [];
    gone.on('error', (error) => told.push(error));
    await gone.acquire();
    expect([gone.state.audioDeviceId, gone.state.videoDeviceId]).toEqual(['mic-1', 'cam-2']);
    // The call goes on, and the user can be told their pick is not the one in use.
    expect(told.map((error) => error.code)).toEqual(['media-device-fallback']);
    gone.release();
    expect(devices.liveTracks).toEqual([]);
  });

  it('adopts an app stream without ever stopping its tracks', async () => {
    const devices = new FakeMediaDevices();
    const mic = new FakeTrack('audio', 'app-mic');
    const cam = new FakeTrack('video', 'app-cam');
    const media = new LocalMedia({ callType: 'video', stream: fakeStream([mic, cam]), mediaDevices: devices });
    await media.acquire();
    expect(devices.requests).toHaveLength(0);
    expect(media.audioTrack).toBe(mic.asTrack());
    expect(media.videoTrack).toBe(cam.asTrack());
    media.setAudioMuted(true);
    expect(mic.enabled).toBe(false);
    await media.setVideoMuted(true);
    expect(media.videoTrack).toBeNull();
    await media.setVideoMuted(false);
    expect(media.videoTrack).toBe(cam.asTrack());
    await media.selectDevice('audioinput', 'mic-2');
    expect(media.audioTrack).not.toBe(mic.asTrack());
    expect(media.audioTrack?.enabled).toBe(false);
    media.release();
    expect(mic.stopCalls + cam.stopCalls).toBe(0);
    expect(devices.liveTracks).toHaveLength(0);
  });

  it("gives an app's microphone back as it got it, whatever the call's mute did to it", async () => {
    // The app reuses its stream after the call (a level meter, the next call): a call that ended muted must
    // not leave it silent, and one the app had disabled stays disabled.
    for (const appEnabled of [true, false]) {
      const mic = new FakeTrack('audio', 'app-mic');
      mic.enabled = appEnabled;
      const media = new LocalMedia({
        callType: 'audio',
        stream: fakeStream([mic]),
        mediaDevices: new FakeMediaDevices(),
      });
      await media.acquire();
      expect(mic.enabled).toBe(true); // the call starts unmuted
      media.setAudioMuted(true);
      media.release();
      expect(mic.enabled).toBe(appEnabled);
    }
    // Also when a device switch puts it aside mid-call.
    const mic = new FakeTrack('audio', 'app-mic');
    const media = new LocalMedia({
      callType: 'audio',
      stream: fakeStream([mic]),
      mediaDevices: new FakeMediaDevices(),
    });
    await media.acquire();
    media.setAudioMuted(true);
    await media.selectDevice('audioinput', 'mic-2');
    expect(mic.enabled).toBe(true);
    media.release();
  });
});

describe('mute and camera', () => {
  it('mutes the microphone by toggling enabled and reports each change once', async () => {
    const { media, states } = setup('video');
    await media.acquire();
    const before = states.length;
    const track = media.audioTrack;
    media.setAudioMuted(true);
    media.setAudioMuted(true);
    expect(track?.enabled).toBe(false);
    expect(track?.readyState).toBe('live');
    media.setAudioMuted(false);
    expect(track?.enabled).toBe(true);
    expect(states.slice(before).map((s) => s.audioMuted)).toEqual([true, false]);
  });

  it('camera off stops the track; on opens the same device again', async () => {
    const { media, devices, tracks } = setup('video');
    await media.selectDevice('videoinput', 'cam-2');
    await media.acquire();
    const first = media.videoTrack;
    expect(media.state.videoDeviceId).toBe('cam-2');
    await media.setVideoMuted(true);
    expect(first?.readyState).toBe('ended');
    expect(tracks.at(-1)).toEqual({ kind: 'video', track: null, previous: first, source: null });
    expect(media.state).toMatchObject({ videoMuted: true, videoDeviceId: null });
    await media.setVideoMuted(false);
    const second = media.videoTrack;
    expect(second).not.toBe(first);
    expect(second?.readyState).toBe('live');
    expect(media.state.videoDeviceId).toBe('cam-2');
    expect(devices.requests.at(-1)).toEqual({ video: { deviceId: { ideal: 'cam-2' } } });
    expect(tracks.at(-1)).toMatchObject({ kind: 'video', track: second, previous: null, source: 'camera' });
  });

  it('runs camera toggles in order so a double click never leaves a camera open', async () => {
    const { media, devices } = setup('video');
    await media.acquire();
    await Promise.all([media.setVideoMuted(true), media.setVideoMuted(false), media.setVideoMuted(true)]);
    expect(media.state.videoMuted).toBe(true);
    expect(devices.liveTracks.filter((t) => t.kind === 'video')).toHaveLength(0);
  });
});

describe('devices', () => {
  it('selectDevice swaps the microphone: announces the new track before stopping the old, keeps mute', async () => {
    const { media, devices, tracks } = setup('video');
    await media.acquire();
    media.setAudioMuted(true);
    const old = media.audioTrack;
    let oldStateAtSwap: string | undefined;
    media.on('trackChanged', (e) => {
      if (e.kind === 'audio') oldStateAtSwap = e.previous?.readyState;
    });
    await media.selectDevice('audioinput', 'mic-2');
    expect(devices.requests.at(-1)).toEqual({ audio: { deviceId: { exact: 'mic-2' } } });
    expect(oldStateAtSwap).toBe('live');
    expect(old?.readyState).toBe('ended');
    expect(media.audioTrack?.enabled).toBe(false);
    expect(media.state.audioDeviceId).toBe('mic-2');
    expect(tracks.at(-1)).toMatchObject({ kind: 'audio', previous: old, source: 'microphone' });
    // The same device again changes nothing.
    await media.selectDevice('audioinput', 'mic-2');
    expect(devices.requests).toHaveLength(2);
  });

  it('keeps the current track when the chosen device is gone', async () => {
    const { media, devices } = setup('video');
    await media.acquire();
    const camera = media.videoTrack;
    const error = await rejectionOf(media.selectDevice('videoinput', 'unplugged'));
    expect(error.code).toBe('media-no-device');
    expect(media.videoTrack).toBe(camera);
    expect(camera?.readyState).toBe('live');
    expect(devices.liveTracks).toHaveLength(2);
  });

  it('frees the old camera and retries when a second camera cannot open alongside it', async () => {
    const { media, devices, tracks } = setup('video');
    await media.acquire();
    const old = media.videoTrack;
    devices.failures.push(new DOMException('Could not start video source', 'NotReadableError'));
    await media.selectDevice('videoinput', 'cam-2');
    expect(old?.readyState).toBe('ended');
    expect(media.state).toMatchObject({ videoMuted: false, videoDeviceId: 'cam-2' });
    expect(tracks.slice(-2).map((t) => t.track === null)).toEqual([true, false]);
    expect(devices.liveTracks.filter((t) => t.kind === 'video')).toHaveLength(1);
  });

  it('goes back to the camera that worked when the chosen one is held by another app', async () => {
    const { media, devices } = setup('video');
    await media.acquire();
    const before = media.state.videoDeviceId;
    const busy = () => new DOMException('Could not start video source', 'NotReadableError');
    devices.failures.push(busy(), busy()); // cam-2 fails alongside ours, and alone
    const error = await media.selectDevice('videoinput', 'cam-2').catch((caught: unknown) => caught);
    expect((error as MeshcallError).code).toBe('media-device-busy');
    expect(media.state).toMatchObject({ videoMuted: false, videoDeviceId: before });
    expect(media.videoTrack?.readyState).toBe('live');
    expect(devices.liveTracks.filter((t) => t.kind === 'video')).toHaveLength(1);
  });

  it('ends up with the new camera on when the old one is unplugged during the switch', async () => {
    const { media, devices, errors } = setup('video');
    await media.acquire();
    const old = asFake(media.videoTrack);
    const release = devices.hold();
    const switching = media.selectDevice('videoinput', 'cam-2');
    await vi.waitFor(() => expect(devices.requests).toHaveLength(2));
    old.endByDevice();
    expect(media.state.videoMuted).toBe(true);
    release();
    await switching;
    expect(errors.map((e) => e.code)).toEqual(['media-no-device']);
    expect(media.state).toMatchObject({ videoMuted: false, videoDeviceId: 'cam-2' });
    expect(media.videoTrack?.readyState).toBe('live');
  });

  it('remembers a camera chosen while the camera is off', async () => {
    const { media, devices } = setup('video');
    await media.acquire({ video: false });
    await media.selectDevice('videoinput', 'cam-2');
    expect(devices.requests).toHaveLength(1);
    await media.setVideoMuted(false);
    expect(media.state.videoDeviceId).toBe('cam-2');
  });

  it('switchCamera cycles through the cameras', async () => {
    const { media } = setup('video');
    await media.acquire();
    expect(media.state.videoDeviceId).toBe('cam-1');
    await media.switchCamera();
    expect(media.state.videoDeviceId).toBe('cam-2');
    await media.switchCamera();
    expect(media.state.videoDeviceId).toBe('cam-1');
  });

  it('switchCamera with one camera reports an error event and changes nothing', async () => {
    const devices = new FakeMediaDevices([fakeDevice('audioinput', 'mic'), fakeDevice('videoinput', 'cam')]);
    const { media, errors } = setup('video', devices);
    await media.acquire();
    const camera = media.videoTrack;
    await media.switchCamera();
    expect(errors.map((e) => e.code)).toEqual(['media-no-device']);
    expect(media.videoTrack).toBe(camera);
  });

  it('switchCamera toggles the facing direction of a single phone camera', async () => {
    const devices = new FakeMediaDevices([fakeDevice('audioinput', 'mic'), fakeDevice('videoinput', 'cam')]);
    devices.facingMode = 'user';
    const { media } = setup('video', devices);
    await media.acquire();
    await media.switchCamera();
    expect(devices.requests.at(-1)).toEqual({ video: { facingMode: { exact: 'environment' } } });
    expect(asFake(media.videoTrack).facingMode).toBe('environment');
    await media.switchCamera();
    expect(asFake(media.videoTrack).facingMode).toBe('user');
  });

  it('reports a lost microphone and a lost camera, and the call goes on', async () => {
    const { media, devices, errors, tracks } = setup('video');
    await media.acquire();
    devices.failures.push(new DOMException('gone', 'NotFoundError')); // no other microphone opens either
    asFake(media.audioTrack).endByDevice();
    expect(media.audioTrack).toBeNull();
    expect(tracks.at(-1)).toMatchObject({ kind: 'audio', track: null });
    expect(media.state.audioDeviceId).toBeNull();
    await vi.waitFor(() => expect(errors.map((e) => e.code)).toEqual(['media-no-device']));
    expect(media.state.audioMuted).toBe(true); // both sides see it off, not as a microphone sending silence
    asFake(media.videoTrack).endByDevice();
    expect(media.videoTrack).toBeNull();
    expect(media.state.videoMuted).toBe(true);
    expect(errors).toHaveLength(2);
    // Recover with another device.
    await media.selectDevice('audioinput', 'mic-2');
    await media.setVideoMuted(false);
    expect(media.audioTrack?.readyState).toBe('live');
    expect(media.videoTrack?.readyState).toBe('live');
  });

  it('replaces a lost microphone with the default one, as muted as it was, and says so', async () => {
    const { media, devices, errors, tracks } = setup('video');
    await media.acquire();
    media.setAudioMuted(true);
    devices.devices = devices.devices.filter((device) => device.deviceId !== 'mic-1');
    asFake(media.audioTrack).endByDevice();
    await vi.waitFor(() => expect(media.audioTrack?.readyState).toBe('live'));
    expect(asFake(media.audioTrack).deviceId).toBe('mic-2');
    expect(media.audioTrack?.enabled).toBe(false);
    expect(media.state).toMatchObject({ audioMuted: true, audioDeviceId: 'mic-2' });
    expect(tracks.slice(-2).map((t) => t.track && asFake(t.track).deviceId)).toEqual([null, 'mic-2']);
    expect(errors.map((e) => e.code)).toEqual(['media-device-fallback']);
    // One that ends as soon as it is opened again is not reopened in a loop: it shows as muted, and unmuting
    // tries again.
    asFake(media.audioTrack).endByDevice();
    await vi.waitFor(() => expect(errors.map((e) => e.code)).toEqual(['media-device-fallback', 'media-no-device']));
    expect(media.audioTrack).toBeNull();
    const requests = devices.requests.length;
    media.setAudioMuted(false);
    await vi.waitFor(() => expect(media.audioTrack?.enabled).toBe(true));
    expect(devices.requests).toHaveLength(requests + 1);
    expect(media.state.audioMuted).toBe(false);
  });

  it('replaces a replacement microphone that worked a while and is lost in turn', async () => {
    const { media, devices, errors } = setup('video');
    const now = vi.spyOn(Date, 'now').mockReturnValue(1_000_000);
    try {
      await media.acquire();
      devices.devices = devices.devices.filter((device) => device.deviceId !== 'mic-1');
      asFake(media.audioTrack).endByDevice();
      await vi.waitFor(() => expect(asFake(media.audioTrack).deviceId).toBe('mic-2'));
      now.mockReturnValue(1_010_000); // it worked for ten seconds
      devices.devices = [...devices.devices, fakeDevice('audioinput', 'mic-3')];
      asFake(media.audioTrack).endByDevice();
      await vi.waitFor(() =>
        expect(errors.map((e) => e.code)).toEqual(['media-device-fallback', 'media-device-fallback']),
      );
      expect(media.audioTrack?.readyState).toBe('live');
      expect(media.state.audioMuted).toBe(false);
    } finally {
      now.mockRestore();
    }
  });

  it('unmuting with no microphone that will open goes back to muted and says why', async () => {
    const { media, devices, errors } = setup('video');
    await media.acquire();
    devices.failures.push(new DOMException('gone', 'NotFoundError'), new DOMException('denied', 'NotAllowedError'));
    asFake(media.audioTrack).endByDevice();
    await vi.waitFor(() => expect(media.state.audioMuted).toBe(true));
    media.setAudioMuted(false);
    await vi.waitFor(() => expect(errors.map((e) => e.code)).toEqual(['media-no-device', 'media-permission-denied']));
    expect(media.state.audioMuted).toBe(true);
    expect(devices.liveTracks.map((t) => t.kind)).toEqual(['video']); // the camera only
  });

  it("an app's own microphone that ends is not replaced: it shows as muted", async () => {
    const appDevices = new FakeMediaDevices();
    const stream = await appDevices.getUserMedia({ audio: true, video: true });
    const devices = new FakeMediaDevices();
    const media = new LocalMedia({ callType: 'video', stream, mediaDevices: devices });
    await media.acquire();
    asFake(media.audioTrack).endByDevice();
    expect(media.state.audioMuted).toBe(true);
    media.setAudioMuted(false);
    await Promise.resolve();
    expect(devices.requests).toEqual([]);
  });

  it('a microphone unplugged while the camera alone is still being asked for is not kept as a dead track', async () => {
    const { media, devices } = setup('video');
    const getUserMedia = devices.getUserMedia.bind(devices);
    let releaseCamera: () => void = () => {};
    let microphone: FakeTrack | undefined;
    devices.getUserMedia = async (constraints = {}) => {
      if (constraints.audio && constraints.video)
        throw new DOMException('camera held by another app', 'NotReadableError');
      if (constraints.video) {
        // The camera alone takes a while (Chromium's "Could not start video source" can take seconds).
        await new Promise<void>((resolve) => {
          releaseCamera = resolve;
        });
        throw new DOMException('camera held by another app', 'NotReadableError');
      }
      const stream = await getUserMedia(constraints);
      microphone = stream.getAudioTracks()[0] as unknown as FakeTrack;
      return stream;
    };
    const acquiring = media.acquire();
    await vi.waitFor(() => expect(microphone).toBeDefined());
    await new Promise((resolve) => setTimeout(resolve, 0));
    microphone!.endByDevice(); // the headset is unplugged meanwhile
    releaseCamera();
    await acquiring;
    // The call goes on shown as muted, with no microphone: not an ended track sent as if it were there, unmuted.
    expect({ microphone: media.audioTrack, audioMuted: media.state.audioMuted }).toEqual({
      microphone: null,
      audioMuted: true,
    });
  });

  it("unmuting after the app's own microphone ended does not show an unmuted microphone that is not there", async () => {
    const appDevices = new FakeMediaDevices();
    const stream = await appDevices.getUserMedia({ audio: true, video: true });
    const media = new LocalMedia({ callType: 'video', stream, mediaDevices: new FakeMediaDevices() });
    await media.acquire();
    (media.audioTrack as unknown as FakeTrack).endByDevice();
    expect(media.state.audioMuted).toBe(true);
    media.setAudioMuted(false);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(media.audioTrack).toBeNull();
    expect(media.state.audioMuted).toBe(true); // not "unmuted" with nothing sent
  });

  it('a device picked while it is not open must be listed: a stale entry is refused, not remembered', async () => {
    const { media } = setup('video');
    await media.acquire();
    await media.setVideoMuted(true);
    expect((await rejectionOf(media.selectDevice('videoinput', 'cam-unplugged'))).code).toBe('media-no-device');
    await media.setVideoMuted(false);
    expect(asFake(media.videoTrack).deviceId).toBe('cam-1');
    const before = setup('video').media; // not acquired: the list still names the devices here
    expect((await rejectionOf(before.selectDevice('audioinput', 'mic-unplugged'))).code).toBe('media-no-device');
    await before.selectDevice('audioinput', 'mic-2');
    await before.acquire();
    expect(asFake(before.audioTrack).deviceId).toBe('mic-2');
  });
});

describe('screen sharing', () => {
  it('sends the screen instead of the camera and reverts when the user stops it in the browser', async () => {
    const { media, tracks, states } = setup('video');
    await media.acquire();
    const camera = media.videoTrack;
    await media.startScreenShare();
    const screen = media.videoTrack;
    expect(screen).not.toBe(camera);
    expect(media.screenTrack).toBe(screen);
    expect(media.cameraTrack).toBe(camera);
    expect(screen?.contentHint).toBe('detail');
    expect(tracks.at(-1)).toEqual({ kind: 'video', track: screen, previous: camera, source: 'screen' });
    expect(media.state).toMatchObject({ screenSharing: true, videoDeviceId: null });
    asFake(screen).endByDevice();
    expect(media.videoTrack).toBe(camera);
    expect(tracks.at(-1)).toEqual({ kind: 'video', track: camera, previous: screen, source: 'camera' });
    expect(states.at(-1)).toMatchObject({ screenSharing: false, videoDeviceId: 'cam-1' });
  });

  it('a trackChanged listener already reads the state that goes with the new track', async () => {
    const { media } = setup('video');
    const mismatches: string[] = [];
    media.on('trackChanged', ({ kind, source }) => {
      const { state } = media;
      if (kind === 'video' && state.screenSharing !== (source === 'screen')) {
        mismatches.push(`${source}: screenSharing ${state.screenSharing}`);
      }
      const device = kind === 'audio' ? state.audioDeviceId : state.videoDeviceId;
      const track = kind === 'audio' ? media.audioTrack : media.screenTrack ? null : media.cameraTrack;
      if (device !== (track?.getSettings().deviceId ?? null)) mismatches.push(`${kind} ${source}: device ${device}`);
    });
    await media.acquire();
    await media.startScreenShare();
    await media.selectDevice('audioinput', 'mic-2');
    await media.stopScreenShare();
    await media.selectDevice('videoinput', 'cam-2');
    await media.setVideoMuted(true);
    await media.setVideoMuted(false);
    expect(mismatches).toEqual([]);
  });

  it('camera off while sharing affects only the camera', async () => {
    const { media, devices, tracks } = setup('video');
    await media.acquire();
    await media.startScreenShare();
    const screen = media.videoTrack;
    const count = tracks.length;
    await media.setVideoMuted(true);
    expect(tracks).toHaveLength(count);
    expect(media.videoTrack).toBe(screen);
    expect(media.cameraTrack).toBeNull();
    await media.stopScreenShare();
    expect(screen?.readyState).toBe('ended');
    expect(tracks.at(-1)).toEqual({ kind: 'video', track: null, previous: screen, source: null });
    expect(devices.liveTracks.map((t) => t.kind)).toEqual(['audio']);
  });

  it('sends the camera beside the screen: every change of it while sharing is told, none otherwise', async () => {
    const { media } = setup('video');
    const side: Array<LocalMediaEvents['sideCameraChanged']> = [];
    media.on('sideCameraChanged', (e) => side.push(e));
    await media.acquire();
    await media.selectDevice('videoinput', 'cam-2'); // not sharing: the camera is the video, nothing beside it
    expect(side).toEqual([]);
    const camera = media.cameraTrack;
    await media.startScreenShare();
    expect(media.sideCameraTrack).toBe(camera);
    await media.selectDevice('videoinput', 'cam-1');
    const switched = media.cameraTrack;
    expect(media.sideCameraTrack).toBe(switched);
    await media.setVideoMuted(true);
    expect(media.sideCameraTrack).toBeNull();
    await media.setVideoMuted(false);
    const back = media.cameraTrack;
    asFake(back).endByDevice(); // unplugged while sharing
    await media.setVideoMuted(false);
    const again = media.cameraTrack;
    await media.stopScreenShare();
    expect(media.sideCameraTrack).toBeNull();
    expect(side).toEqual([
      { track: camera, previous: null },
      { track: switched, previous: camera },
      { track: null, previous: switched },
      { track: back, previous: null },
      { track: null, previous: back },
      { track: again, previous: null },
      { track: null, previous: again },
    ]);
    expect(new Set([camera, switched, back, again]).size).toBe(4);
  });

  it('a sideCameraChanged listener already reads the state that goes with the side camera', async () => {
    const { media } = setup('video');
    const seen: Array<{ track: boolean; videoMuted: boolean }> = [];
    media.on('sideCameraChanged', ({ track }) =>
      seen.push({ track: track !== null, videoMuted: media.state.videoMuted }),
    );
    await media.acquire();
    await media.startScreenShare();
    await media.setVideoMuted(true);
    await media.setVideoMuted(false);
    expect(seen).toEqual([
      { track: true, videoMuted: false },
      { track: false, videoMuted: true },
      { track: true, videoMuted: false },
    ]);
  });

  it('shares the sound the user picks with the screen, ends it with the share, and drops it when it ends alone', async () => {
    const { media, devices } = setup('video');
    const sounds: Array<LocalMediaEvents['screenAudioChanged']> = [];
    const statesSeen: boolean[] = [];
    media.on('screenAudioChanged', (e) => {
      sounds.push(e);
      statesSeen.push(media.state.screenAudio === true); // the state already goes with the event
    });
    await media.acquire();
    devices.displayAudio = true; // the user ticks "share tab audio"
    await media.startScreenShare();
    expect(devices.requests.at(-1)).toEqual({ video: true, audio: true });
    const sound = media.screenAudioTrack;
    expect(sound?.kind).toBe('audio');
    expect(media.audioTrack).not.toBe(sound); // the microphone stays the microphone
    asFake(sound).endByDevice(); // the tab's sound alone ends: the share goes on
    expect(media.screenAudioTrack).toBeNull();
    expect(media.state.screenSharing).toBe(true);
    await media.stopScreenShare();
    await media.startScreenShare();
    const again = media.screenAudioTrack;
    await media.stopScreenShare();
    expect(again?.readyState).toBe('ended');
    expect(sounds).toEqual([
      { track: sound, previous: null },
      { track: null, previous: sound },
      { track: again, previous: null },
      { track: null, previous: again },
    ]);
    expect(statesSeen).toEqual([true, false, true, false]);
    // Asked not to: the picker offers no sound, and a sound the browser sends anyway is stopped, not sent.
    await media.startScreenShare({ audio: false });
    expect(devices.requests.at(-1)).toEqual({ video: true, audio: false });
    expect(media.screenAudioTrack).toBeNull();
    expect(devices.liveTracks.filter((t) => t.label === 'screen-audio:0')).toEqual([]);
  });

  it('maps a cancelled picker to media-permission-denied and needs acquired media', async () => {
    const { media, devices } = setup('video');
    expect((await rejectionOf(media.startScreenShare())).code).toBe('invalid-state');
    await media.acquire();
    devices.failures.push(new DOMException('Permission denied by user', 'NotAllowedError'));
    expect((await rejectionOf(media.startScreenShare())).code).toBe('media-permission-denied');
    expect(media.state.screenSharing).toBe(false);
  });

  it('reports media-unsupported without getDisplayMedia', async () => {
    const devices = new FakeMediaDevices();
    const { getUserMedia, enumerateDevices } = devices;
    const media = new LocalMedia({
      callType: 'video',
      mediaDevices: { getUserMedia: getUserMedia.bind(devices), enumerateDevices: enumerateDevices.bind(devices) },
    });
    await media.acquire();
    expect((await rejectionOf(media.startScreenShare())).code).toBe('media-unsupported');
  });
});

describe('release', () => {
  it('stops everything, removes listeners, is idempotent, and refuses further use', async () => {
    const { media, devices } = setup('video');
    await media.acquire();
    await media.startScreenShare();
    const tracks = [media.audioTrack, media.cameraTrack, media.screenTrack].map(asFake);
    expect(media.listenerCount()).toBe(3);
    media.release();
    media.release();
    expect(devices.liveTracks).toHaveLength(0);
    expect(tracks.every((t) => t.stopCalls === 1)).toBe(true);
    expect(media.listenerCount()).toBe(0);
    expect(media.audioTrack).toBeNull();
    expect(media.videoTrack).toBeNull();
    expect(media.released).toBe(true);
    expect(() => media.setAudioMuted(true)).toThrowError(/released/);
    expect((await rejectionOf(media.setVideoMuted(false))).code).toBe('destroyed');
    // A device event after release changes nothing.
    tracks[0]?.endByDevice();
  });

  it('leaves a state that says what is left: no share, no sound with it, no device; the choices made', async () => {
    const { media, devices } = setup('video');
    devices.displayAudio = true; // a tab shared with its sound
    await media.acquire();
    media.setAudioMuted(true);
    await media.startScreenShare();
    expect(media.state).toMatchObject({ screenSharing: true, screenAudio: true });
    media.release();
    expect(media.state).toEqual({
      audioMuted: true,
      videoMuted: false,
      screenSharing: false,
      screenAudio: false,
      audioDeviceId: null,
      videoDeviceId: null,
    });
    expect(media.sideCameraTrack).toBeNull();
  });
});
