/**
 * Minimal stand-ins for MediaStreamTrack, MediaStream and MediaDevices, for fast Node unit tests of the
 * state logic only. Real behaviour is covered by the browser tests in real Chromium. `FakeSessionMedia` is
 * published in `@meshcall/core/testing`; the rest is internal.
 */
import { Emitter } from '../events/emitter.js';
import type { MediaDevicesLike } from '../media/devices.js';
import type { LocalMediaEvents, LocalMediaState, ScreenShareOptions } from '../media/types.js';
import type { SessionMedia } from '../session/context.js';

let nextId = 0;

/** A track whose `ended` event can be fired like a device being unplugged. */
export class FakeTrack extends EventTarget {
  readonly id = `fake-track-${++nextId}`;
  readonly kind: 'audio' | 'video';
  readonly label: string;
  readonly deviceId: string;
  readonly facingMode: string | undefined;
  enabled = true;
  contentHint = '';
  readyState: MediaStreamTrackState = 'live';
  stopCalls = 0;

  constructor(kind: 'audio' | 'video', deviceId: string, options: { label?: string; facingMode?: string } = {}) {
    super();
    this.kind = kind;
    this.deviceId = deviceId;
    this.label = options.label ?? `${kind} ${deviceId}`;
    this.facingMode = options.facingMode;
  }

  getSettings(): MediaTrackSettings {
    return this.facingMode ? { deviceId: this.deviceId, facingMode: this.facingMode } : { deviceId: this.deviceId };
  }

  /** Like the real one: ends the track without firing `ended`. */
  stop(): void {
    this.stopCalls++;
    this.readyState = 'ended';
  }

  /** Simulates the device going away (or the user stopping a share from the browser UI). */
  endByDevice(): void {
    this.readyState = 'ended';
    this.dispatchEvent(new Event('ended'));
  }

  asTrack(): MediaStreamTrack {
    return this as unknown as MediaStreamTrack;
  }
}

/**
 * A minimal `MediaStream` for Node, where there is none: holds tracks, adds and removes them. Install it as
 * `globalThis.MediaStream` to run the real `LocalMedia` (over {@link FakeMediaDevices}) outside a browser.
 */
export class FakeMediaStream {
  readonly #tracks: MediaStreamTrack[];
  constructor(tracks: readonly MediaStreamTrack[] = []) {
    this.#tracks = [...tracks];
  }
  getTracks(): MediaStreamTrack[] {
    return [...this.#tracks];
  }
  getAudioTracks(): MediaStreamTrack[] {
    return this.#tracks.filter((track) => track.kind === 'audio');
  }
  getVideoTracks(): MediaStreamTrack[] {
    return this.#tracks.filter((track) => track.kind === 'video');
  }
  addTrack(track: MediaStreamTrack): void {
    if (!this.#tracks.includes(track)) this.#tracks.push(track);
  }
  removeTrack(track: MediaStreamTrack): void {
    const index = this.#tracks.indexOf(track);
    if (index !== -1) this.#tracks.splice(index, 1);
  }
}

/** A stream holding fake tracks. */
export function fakeStream(tracks: readonly FakeTrack[]): MediaStream {
  return new FakeMediaStream(tracks.map((t) => t.asTrack())) as unknown as MediaStream;
}

/** A device entry as `enumerateDevices` returns it. */
export function fakeDevice(kind: MediaDeviceKind, deviceId: string, label = deviceId): MediaDeviceInfo {
  return { kind, deviceId, label, groupId: '', toJSON: () => ({}) } as MediaDeviceInfo;
}

type Gate = { resolve: () => void; reject: (error: unknown) => void };

/**
 * MediaDevices that opens fake tracks for the requested devices. `fail` makes the next requests reject;
 * `hold()` makes requests wait until released, to test aborts and late arrivals.
 */
export class FakeMediaDevices extends EventTarget implements MediaDevicesLike {
  devices: MediaDeviceInfo[];
  /** Every track ever opened, to assert that none is left live. */
  readonly opened: FakeTrack[] = [];
  readonly requests: MediaStreamConstraints[] = [];
  /** Errors to throw, consumed one per request. */
  readonly failures: unknown[] = [];
  /** Facing mode reported by cameras (phones) not in {@link FakeMediaDevices.cameraFacing}. */
  facingMode: string | undefined;
  /**
   * Which way each listed camera faces, by device id, as on a phone that lists each camera module on its own.
   * While it has entries, a request for a facing (and no device) opens the first listed camera facing that way,
   * and one that must face a way no camera does fails as the browser does (`OverconstrainedError`).
   */
  readonly cameraFacing = new Map<string, string>();
  /** Whether the screen picker hands over a sound with the screen (the user shared a tab's audio). */
  displayAudio = false;
  #held: Gate[] | null = null;

  constructor(devices?: MediaDeviceInfo[]) {
    super();
    this.devices = devices ?? [
      fakeDevice('audioinput', 'mic-1'),
      fakeDevice('audioinput', 'mic-2'),
      fakeDevice('videoinput', 'cam-1'),
      fakeDevice('videoinput', 'cam-2'),
      fakeDevice('audiooutput', 'speaker-1'),
    ];
  }

  /** Makes subsequent requests wait; returns the function that lets them complete. */
  hold(): () => void {
    this.#held = [];
    return () => {
      const held = this.#held ?? [];
      this.#held = null;
      for (const gate of held) gate.resolve();
    };
  }

  get liveTracks(): FakeTrack[] {
    return this.opened.filter((t) => t.readyState === 'live');
  }

  async getUserMedia(constraints: MediaStreamConstraints = {}): Promise<MediaStream> {
    this.requests.push(constraints);
    await this.#gate();
    if (this.failures.length > 0) throw this.failures.shift();
    const tracks: FakeTrack[] = [];
    if (constraints.audio) tracks.push(new FakeTrack('audio', this.#pick('audioinput', constraints.audio)));
    if (constraints.video) tracks.push(this.#camera(constraints.video));
    this.opened.push(...tracks);
    return fakeStream(tracks);
  }

  async getDisplayMedia(options: DisplayMediaStreamOptions = {}): Promise<MediaStream> {
    this.requests.push({ video: true, audio: options.audio === true });
    await this.#gate();
    if (this.failures.length > 0) throw this.failures.shift();
    const track = new FakeTrack('video', '', { label: 'screen:0' });
    this.opened.push(track);
    if (!this.displayAudio) return fakeStream([track]);
    // The sound of the shared tab, when the user chose to share it (or a browser that sends it regardless).
    const sound = new FakeTrack('audio', '', { label: 'screen-audio:0' });
    this.opened.push(sound);
    return fakeStream([track, sound]);
  }

  async enumerateDevices(): Promise<MediaDeviceInfo[]> {
    return [...this.devices];
  }

  asMediaDevices(): MediaDevicesLike {
    return this;
  }

  #gate(): Promise<void> {
    const held = this.#held;
    if (!held) return Promise.resolve();
    return new Promise((resolve, reject) => held.push({ resolve, reject }));
  }

  #camera(constraints: true | MediaTrackConstraints): FakeTrack {
    const wanted = typeof constraints === 'object' ? constraints : {};
    const exact = exactOf(wanted.facingMode);
    const facing = exact ?? idealOf(wanted.facingMode);
    if (this.cameraFacing.size === 0) {
      // One listed camera that faces whichever way is asked (a phone that does not list its cameras apart).
      return new FakeTrack('video', this.#pick('videoinput', constraints), { facingMode: facing ?? this.facingMode });
    }
    if (facing !== undefined && wanted.deviceId === undefined) {
      const match = this.devices.find((d) => d.kind === 'videoinput' && this.cameraFacing.get(d.deviceId) === facing);
      if (match) return new FakeTrack('video', match.deviceId, { facingMode: facing });
      if (exact !== undefined) {
        throw Object.assign(new DOMException('no camera faces that way', 'OverconstrainedError'), {
          constraint: 'facingMode',
        });
      }
    }
    const deviceId = this.#pick('videoinput', constraints);
    return new FakeTrack('video', deviceId, { facingMode: this.cameraFacing.get(deviceId) ?? this.facingMode });
  }

  #pick(kind: MediaDeviceKind, constraints: boolean | MediaTrackConstraints): string {
    const ids = this.devices.filter((d) => d.kind === kind).map((d) => d.deviceId);
    const wanted = typeof constraints === 'object' ? constraints.deviceId : undefined;
    const exact = exactOf(wanted);
    if (exact !== undefined) {
      if (!ids.includes(exact)) {
        throw Object.assign(new DOMException('no such device', 'OverconstrainedError'), { constraint: 'deviceId' });
      }
      return exact;
    }
    const ideal = idealOf(wanted);
    if (ideal !== undefined && ids.includes(ideal)) return ideal;
    const first = ids[0];
    if (first === undefined) throw new DOMException('Requested device not found', 'NotFoundError');
    return first;
  }
}

function exactOf(value: ConstrainDOMString | undefined): string | undefined {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'exact' in value) {
    const exact = value.exact;
    return typeof exact === 'string' ? exact : undefined;
  }
  return undefined;
}

function idealOf(value: ConstrainDOMString | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'ideal' in value) {
    const ideal = value.ideal;
    return typeof ideal === 'string' ? ideal : undefined;
  }
  return undefined;
}

/** The media of one session, without devices: tracks appear on `acquire()`, state changes are announced. */
export class FakeSessionMedia extends Emitter<LocalMediaEvents> implements SessionMedia {
  /** `null` until `acquire()`, then a fake microphone track. */
  audioTrack: MediaStreamTrack | null = null;
  /** `null` until `acquire()`, then a fake camera track if constructed with `video`, else still `null`. */
  videoTrack: MediaStreamTrack | null = null;
  /** While sharing (`startScreenShare`): the fake camera, sent beside the fake screen; else `null`. */
  sideCameraTrack: MediaStreamTrack | null = null;
  /** While sharing with sound (`startScreenShare()`, `audio` not `false`): a fake sound; else `null`. */
  screenAudioTrack: MediaStreamTrack | null = null;
  /** A fake preview stream that holds the fake tracks once acquired, as `LocalMedia.stream` does. */
  readonly stream: MediaStream = fakeStream([]);
  /** Whether the session let go of its media (it ended). */
  released = false;
  /** Initially unmuted, camera on, not sharing; `setAudioMuted`/`setVideoMuted` replace it and emit `stateChanged`. */
  state: LocalMediaState = {
    audioMuted: false,
    videoMuted: false,
    screenSharing: false,
    audioDeviceId: null,
    videoDeviceId: null,
  };
  /** @param video whether `acquire()` opens a (fake) camera track besides the microphone. */
  constructor(private readonly video: boolean) {
    super();
  }
  /**
   * Opens a fake microphone, and a fake camera in a video call unless `video: false`; never fails. Like
   * `LocalMedia`, it announces each track with `trackChanged` and the resulting state (camera off without a
   * camera) with `stateChanged` before it resolves.
   */
  async acquire(options: { video?: boolean } = {}): Promise<void> {
    this.audioTrack = new FakeTrack('audio', 'mic').asTrack();
    this.stream.addTrack(this.audioTrack);
    this.emit('trackChanged', { kind: 'audio', track: this.audioTrack, previous: null, source: 'microphone' });
    if (this.video && options.video !== false) {
      this.videoTrack = new FakeTrack('video', 'cam').asTrack();
      this.stream.addTrack(this.videoTrack);
      this.emit('trackChanged', { kind: 'video', track: this.videoTrack, previous: null, source: 'camera' });
    }
    this.state = { ...this.state, videoMuted: this.videoTrack === null };
    this.emit('stateChanged', this.state);
  }
  setAudioMuted(muted: boolean): void {
    this.state = { ...this.state, audioMuted: muted };
    this.emit('stateChanged', this.state);
  }
  async setVideoMuted(muted: boolean): Promise<void> {
    this.state = { ...this.state, videoMuted: muted };
    this.emit('stateChanged', this.state);
  }
  async switchCamera(): Promise<void> {}
  async selectDevice(): Promise<void> {}
  /**
   * Sends a fake screen track as the video, the camera (if on) as the side camera and, unless `audio: false`, a
   * fake sound with it, announced as `LocalMedia` does (`trackChanged`, `sideCameraChanged`,
   * `screenAudioChanged`, `stateChanged`). No-op while sharing.
   */
  async startScreenShare(options: ScreenShareOptions = {}): Promise<void> {
    if (this.state.screenSharing) return;
    const camera = this.videoTrack;
    this.videoTrack = new FakeTrack('video', 'screen').asTrack();
    this.state = { ...this.state, screenSharing: true, screenAudio: options.audio !== false };
    this.emit('trackChanged', { kind: 'video', track: this.videoTrack, previous: camera, source: 'screen' });
    this.sideCameraTrack = camera;
    if (camera) this.emit('sideCameraChanged', { track: camera, previous: null });
    if (options.audio !== false) {
      this.screenAudioTrack = new FakeTrack('audio', 'screen-sound').asTrack();
      this.emit('screenAudioChanged', { track: this.screenAudioTrack, previous: null });
    }
    this.emit('stateChanged', this.state);
  }
  /** Sends the camera again as the video (undoes `startScreenShare`). No-op while not sharing. */
  async stopScreenShare(): Promise<void> {
    if (!this.state.screenSharing) return;
    const screen = this.videoTrack;
    const camera = this.sideCameraTrack;
    this.videoTrack = camera;
    this.sideCameraTrack = null;
    this.state = { ...this.state, screenSharing: false, screenAudio: false };
    this.emit('trackChanged', { kind: 'video', track: camera, previous: screen, source: camera ? 'camera' : null });
    if (camera) this.emit('sideCameraChanged', { track: null, previous: camera });
    const sound = this.screenAudioTrack;
    this.screenAudioTrack = null;
    if (sound) this.emit('screenAudioChanged', { track: null, previous: sound });
    this.emit('stateChanged', this.state);
  }
  /** Sets `released`; stops nothing. */
  release(): void {
    this.released = true;
  }
}
