/**
 * `LocalMedia` owns the local tracks of one call: microphone, camera and screen. It decides which track is
 * sent for each kind (and which camera goes beside a shared screen) and announces every change with
 * `trackChanged` (and `sideCameraChanged`), so the session can swap it on every peer's sender with `replaceTrack`
 * (no renegotiation). It never touches an `RTCPeerConnection` itself.
 *
 * Ownership: tracks it opened itself (getUserMedia / getDisplayMedia) are stopped when no longer needed and
 * on `release()`. Tracks of an app-provided `stream` belong to the app and are never stopped; LocalMedia
 * only stops sending them (and sets `enabled` on the microphone track to mute it).
 */
import { Emitter, type Listener, type Subscribable, type Unsubscribe } from '../events/emitter.js';
import type { CallType } from '../protocol/signal.js';
import type { TrackSource } from '../session/types.js';
import { isMeshcallError, MeshcallError, toMeshcallError } from '../util/errors.js';
import { type DeviceChoice, trackConstraints, trackDeviceId, trackFacingMode } from './constraints.js';
import { type MediaDevicesLike, resolveMediaDevices } from './devices.js';
import { type MediaErrorTarget, mediaAbortedError, mediaUnsupportedError, toMediaError } from './errors.js';
import type {
  LocalMediaEvents,
  LocalMediaState,
  MediaConstraintsByKind,
  MediaControls,
  PreferredDevices,
  ScreenShareOptions,
} from './types.js';

/** Options of {@link LocalMedia}. */
export interface LocalMediaOptions {
  /** An audio call sends only the microphone; a video call sends microphone and camera. */
  readonly callType: CallType;
  /**
   * Constraints for getUserMedia, per kind. `audio: false` sends no microphone at all; `video: false` starts
   * a video call with the camera off. Device choices made later (`selectDevice`, `switchCamera`) are layered
   * on top of these.
   */
  readonly constraints?: MediaConstraintsByKind | undefined;
  /**
   * Use these tracks instead of calling getUserMedia (the first audio track, and in a video call the first
   * video track). They stay the app's: LocalMedia never stops them, not even on `release()`. Muting disables
   * the microphone track; when the call is done with it, it gets back the `enabled` it came with.
   */
  readonly stream?: MediaStream | undefined;
  /**
   * The microphone and camera to open (without `stream`). Each is opened as that very device; one that is gone
   * (unplugged since it was picked) gives way to the default.
   */
  readonly devices?: PreferredDevices | undefined;
  /** The media devices to use; defaults to `navigator.mediaDevices`, looked up when first needed. */
  readonly mediaDevices?: MediaDevicesLike | undefined;
  /** Where errors thrown by event listeners go (default: `console.error`). */
  readonly onListenerError?: ((error: unknown) => void) | undefined;
}

/** Options of {@link LocalMedia.acquire}. */
export interface AcquireOptions {
  /**
   * Video calls only: `false` joins with the camera off (no camera is opened; `setVideoMuted(false)` opens it
   * later). Default: on, unless `setVideoMuted(true)` was called before `acquire`.
   */
  readonly video?: boolean | undefined;
  /** Cancels the request: it rejects with `media-aborted`, and tracks that arrive later are stopped. */
  readonly signal?: AbortSignal | undefined;
}

type Kind = 'audio' | 'video';

/** A replacement microphone that ends within this long of opening (ms) is taken for a flapping device. */
const FLAPPING_MICROPHONE_MS = 3_000;

/**
 * The local media of one call. See the module comment for track ownership.
 *
 * Asynchronous operations (acquire, camera on/off, device changes, screen sharing) run one at a time in call
 * order, so a fast double click can never leave two cameras open.
 */
export class LocalMedia implements Subscribable<LocalMediaEvents>, MediaControls {
  /** The call type this media was created for. */
  readonly callType: CallType;

  readonly #emitter: Emitter<LocalMediaEvents>;
  readonly #constraints: NonNullable<LocalMediaOptions['constraints']>;
  readonly #appStream: MediaStream | undefined;
  readonly #mediaDevices: MediaDevicesLike | undefined;
  /** Tracks LocalMedia opened itself and therefore must stop. App tracks are never in here. */
  readonly #owned = new WeakSet<MediaStreamTrack>();
  /** The app's tracks, with the `enabled` they came with: muting toggles it, and the app gets it back as it was. */
  readonly #appEnabled = new WeakMap<MediaStreamTrack, boolean>();
  /** Removes the `ended` listener of each watched track. */
  readonly #unwatch = new Map<MediaStreamTrack, () => void>();
  /** Aborted by `release()`, which cancels any getUserMedia still in flight. */
  readonly #lifetime = new AbortController();
  #queue: Promise<void> = Promise.resolve();
  /** The screen share start queued or in progress, which a second start joins instead of opening a second picker. */
  #startingScreenShare: Promise<void> | null = null;

  #microphone: MediaStreamTrack | null = null;
  #camera: MediaStreamTrack | null = null;
  #screen: MediaStreamTrack | null = null;
  /** The sound shared with the screen (a tab's), if the user chose to share it. */
  #screenAudio: MediaStreamTrack | null = null;
  #audioMuted = false;
  /** The microphone last opened in place of a lost one, and when (see `#reopenMicrophone`). */
  #reopenedMicrophone: MediaStreamTrack | null = null;
  #reopenedAt = 0;
  /** Camera off. Always true in audio calls. */
  #videoMuted: boolean;
  /** The devices to open next time (remembered across camera off/on and set by `selectDevice`). */
  #microphoneDeviceId: string | null = null;
  #cameraDeviceId: string | null = null;
  #cameraFacing: string | null = null;
  /**
   * The side to open the camera on when it is next turned on, set by a switch while it is off (phones): tried
   * before the remembered device, which is then the one to open if no camera faces that way.
   */
  #switchedFacing: 'user' | 'environment' | null = null;
  #acquired = false;
  #released = false;
  #preview: MediaStream | null = null;
  /** The side camera last announced (see {@link LocalMedia.sideCameraTrack}). */
  #announcedSideCamera: MediaStreamTrack | null = null;
  #state: LocalMediaState;
  /** `#state` changed since the last `stateChanged`. */
  #stateUnannounced = false;

  constructor(options: LocalMediaOptions) {
    if (options.callType !== 'audio' && options.callType !== 'video') {
      throw new MeshcallError('invalid-argument', `Unknown call type: ${String(options.callType)}`);
    }
    this.callType = options.callType;
    this.#constraints = options.constraints ?? {};
    this.#appStream = options.stream;
    this.#microphoneDeviceId = options.devices?.audioinput ?? null;
    this.#cameraDeviceId = options.devices?.videoinput ?? null;
    this.#mediaDevices = options.mediaDevices;
    this.#emitter = new Emitter<LocalMediaEvents>(options.onListenerError);
    this.#videoMuted = this.callType === 'audio' || this.#constraints.video === false;
    this.#state = this.#computeState();
  }

  // ---------------------------------------------------------------------------------------------- getters

  /** The microphone track to send, or null (not acquired, no microphone, or the device was lost). */
  get audioTrack(): MediaStreamTrack | null {
    return this.#microphone;
  }

  /** The video track to send: the screen while sharing, else the camera; null when neither is on. */
  get videoTrack(): MediaStreamTrack | null {
    return this.#screen ?? this.#camera;
  }

  /** The camera track, even while the screen is shared instead (e.g. for a self-view next to the share). */
  get cameraTrack(): MediaStreamTrack | null {
    return this.#camera;
  }

  /** The screen-share track while sharing, else null. */
  get screenTrack(): MediaStreamTrack | null {
    return this.#screen;
  }

  /** The sound shared with the screen while sharing (a tab's, where the browser offers it), else null. */
  get screenAudioTrack(): MediaStreamTrack | null {
    return this.#screenAudio;
  }

  /**
   * The camera to send beside the shared screen, so the others still see one's face: the camera while sharing
   * (when it is on), else null. Changes are announced with `sideCameraChanged`.
   */
  get sideCameraTrack(): MediaStreamTrack | null {
    return this.#screen ? this.#camera : null;
  }

  /**
   * A stable `MediaStream` for the local preview (`video.srcObject = media.stream`), always holding the
   * current {@link LocalMedia.audioTrack} and {@link LocalMedia.videoTrack}. Created on first access, so
   * constructing LocalMedia works where `MediaStream` does not exist (server-side rendering).
   * Mute the preview element: it contains the microphone.
   */
  get stream(): MediaStream {
    if (!this.#preview) {
      this.#preview = new MediaStream();
      this.#syncPreview();
    }
    return this.#preview;
  }

  /** The current state (a new frozen object after every change, so it can be compared by reference). */
  get state(): LocalMediaState {
    return this.#state;
  }

  /** Whether `acquire()` has completed. */
  get acquired(): boolean {
    return this.#acquired;
  }

  /** Whether `release()` was called. */
  get released(): boolean {
    return this.#released;
  }

  // ----------------------------------------------------------------------------------------------- events

  /** Subscribes to `trackChanged`, `stateChanged` or `error`; returns the unsubscribe function. */
  on<K extends keyof LocalMediaEvents>(name: K, listener: Listener<LocalMediaEvents[K]>): Unsubscribe {
    return this.#emitter.on(name, listener);
  }

  /** Like {@link LocalMedia.on}, for one event only. */
  once<K extends keyof LocalMediaEvents>(name: K, listener: Listener<LocalMediaEvents[K]>): Unsubscribe {
    return this.#emitter.once(name, listener);
  }

  /** Number of event listeners, for leak checks. */
  listenerCount(name?: keyof LocalMediaEvents): number {
    return this.#emitter.listenerCount(name);
  }

  // ---------------------------------------------------------------------------------------------- actions

  /**
   * Opens the microphone (and in a video call the camera) with one getUserMedia call, so the user sees one
   * permission prompt; or adopts the app-provided `stream`. Emits `trackChanged` for each track and
   * `stateChanged`. Calling it again after success does nothing.
   *
   * Rejects with a {@link MeshcallError}: `media-permission-denied`, `media-no-device`, `media-device-busy`,
   * `media-constraints`, `media-unsupported` (no `navigator.mediaDevices`: insecure origin or server) or
   * `media-aborted` (the signal fired, or `release()` was called meanwhile). After a failure no track is left
   * running, including tracks the browser delivers after an abort.
   *
   * In a video call, a camera or microphone that cannot open while the other can (no webcam, the camera denied
   * or held by another app) does not fail: the media opens with the camera off or the microphone muted, and an
   * `error` event carries the reason. A microphone lost later (unplugged, permission revoked) is replaced by
   * the browser's default one, with a `media-device-fallback` error event; with none left it shows as muted.
   */
  acquire(options: AcquireOptions = {}): Promise<void> {
    return this.#serial(() => this.#acquire(options));
  }

  /**
   * Mutes or unmutes the microphone by toggling `track.enabled`: instant, the device stays open, and the
   * peer receives silence. Works before `acquire()` too (the track starts muted then). Unmuting with no
   * microphone (it was unplugged and none replaced it, or none opened at the start) asks for one again; if
   * none opens, the state goes back to muted and `error` says why. An app-provided microphone that ended is
   * the app's to replace: unmuting then changes nothing and `error` says so.
   */
  setAudioMuted(muted: boolean): void {
    this.#assertUsable();
    if (!muted && !this.#microphone && this.#acquired && this.#appStream && this.#constraints.audio !== false) {
      // The app's own microphone is gone, and what replaces it is the app's to decide: nothing to unmute.
      this.#emitter.emit(
        'error',
        new MeshcallError('media-no-device', "There is no microphone to unmute (the app's track ended)"),
      );
      return;
    }
    this.#audioMuted = muted;
    if (this.#microphone) this.#microphone.enabled = !muted;
    this.#emitState();
    if (!muted && !this.#microphone && this.#acquired && !this.#appStream && this.#constraints.audio !== false) {
      // Lost, or it would not open when the call started: unmuting asks for one again.
      void this.#serial(() => this.#reopenMicrophone(null));
    }
  }

  /**
   * Turns the camera off (`true`) or on (`false`). Off really releases the camera (its light goes off): the
   * track is stopped and `trackChanged` reports `null`. On opens the same device again and reports the new
   * track. While the screen is shared, this affects only the camera (the screen keeps being sent) and the
   * camera comes back when sharing stops. Turning the camera on in an audio call rejects with `invalid-state`.
   */
  setVideoMuted(muted: boolean): Promise<void> {
    if (!muted && this.callType === 'audio') {
      return Promise.reject(new MeshcallError('invalid-state', 'An audio call has no camera to turn on'));
    }
    return this.#serial(() => (muted ? this.#cameraOff() : this.#cameraOn()));
  }

  /**
   * Switches the microphone or camera to `deviceId` (from {@link listMediaDevices}). The new track is
   * announced with `trackChanged` (the session swaps it with `replaceTrack`), then the old one is stopped;
   * the mute state is kept. While the camera is off (or before `acquire()`), the choice is remembered and used
   * when it is turned on. Rejects with `media-no-device` if that device is gone; the current track stays.
   */
  selectDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<void> {
    if (kind === 'videoinput' && this.callType === 'audio') {
      return Promise.reject(new MeshcallError('invalid-state', 'An audio call has no camera'));
    }
    if (kind !== 'audioinput' && kind !== 'videoinput') {
      return Promise.reject(new MeshcallError('invalid-argument', `Cannot select a device of kind ${String(kind)}`));
    }
    return this.#serial(() =>
      kind === 'audioinput' ? this.#selectMicrophone(deviceId) : this.#selectCamera({ deviceId }),
    );
  }

  /**
   * Switches to the other camera. When the camera reports which way it faces (phones), that is the camera facing
   * the other way (user ↔ environment), however many back cameras the browser lists; otherwise (or when no
   * camera faces the other way) it is the next `videoinput` in the browser's list. With the camera off (or
   * before `acquire()`) the switch is remembered: the camera comes on as the other one than it would have opened.
   * With a single camera it changes nothing and emits an `error` event (`media-no-device`) instead of rejecting.
   */
  switchCamera(): Promise<void> {
    if (this.callType === 'audio') {
      return Promise.reject(new MeshcallError('invalid-state', 'An audio call has no camera'));
    }
    return this.#serial(() => this.#switchCamera());
  }

  /**
   * Shares a screen, window or tab (getDisplayMedia) instead of the camera: `trackChanged` reports the screen
   * track with source `screen`. The camera, if on, becomes the side camera (`sideCameraChanged`), sent beside
   * the screen, and is the video again the moment sharing stops. With `audio` (the default) the picker offers
   * to share the sound too (Chromium, for a tab): if the user does, `screenAudioChanged` reports it, and it
   * ends with the share. Sharing stops by {@link LocalMedia.stopScreenShare} or when the user ends it from the
   * browser's own UI. Video calls only (an audio call has no video sender); rejects with
   * `media-permission-denied` if the user cancels the picker, `media-unsupported` without getDisplayMedia, each
   * with `source` `'screen'`. A start asked for while another is still pending (a double click) is that one: the
   * same promise, one picker, and the first call's options.
   */
  startScreenShare(options: ScreenShareOptions = {}): Promise<void> {
    if (this.callType === 'audio') {
      return Promise.reject(new MeshcallError('invalid-state', 'Screen sharing needs a video call'));
    }
    if (this.#startingScreenShare) return this.#startingScreenShare;
    const start = this.#serial(() => this.#startScreenShare(options.audio !== false));
    this.#startingScreenShare = start;
    // Registered before the caller's handlers, so a start asked for once this one has settled opens a picker again.
    const settled = () => {
      if (this.#startingScreenShare === start) this.#startingScreenShare = null;
    };
    start.then(settled, settled);
    return start;
  }

  /** Stops screen sharing and sends the camera again (or nothing if the camera is off). No-op if not sharing. */
  stopScreenShare(): Promise<void> {
    // A start asked for after this stop is a new one (start, stop, start ends sharing), not the pending first.
    this.#startingScreenShare = null;
    return this.#serial(async () => {
      this.#assertUsable();
      this.#endScreenShare();
    });
  }

  /**
   * Stops every track LocalMedia opened, cancels requests still in flight, and removes all listeners
   * (its own and those on tracks). Emits nothing; `state` then says no screen is shared and no device is open
   * (mute and camera choices stay). Idempotent. App-provided tracks are left untouched.
   */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#lifetime.abort();
    for (const track of [this.#microphone, this.#camera, this.#screen, this.#screenAudio]) {
      if (track) this.#dispose(track);
    }
    this.#microphone = null;
    this.#camera = null;
    this.#screen = null;
    this.#screenAudio = null;
    this.#announcedSideCamera = null;
    this.#syncPreview();
    // What it says now, though it tells nobody: no share, no device (a closed call's `localMedia` reads it).
    this.#refreshState();
    this.#emitter.clear();
  }

  // -------------------------------------------------------------------------------------------- internals

  async #acquire({ video, signal }: AcquireOptions): Promise<void> {
    this.#assertUsable();
    if (signal?.aborted) throw mediaAbortedError();
    if (this.#acquired) return;
    const wantAudio = this.#constraints.audio !== false;
    const wantVideo = this.callType === 'video' && this.#constraints.video !== false && (video ?? !this.#videoMuted);

    let microphone: MediaStreamTrack | null = null;
    let camera: MediaStreamTrack | null = null;
    if (this.#appStream) {
      microphone = wantAudio ? liveTrack(this.#appStream.getAudioTracks()) : null;
      camera = wantVideo ? liveTrack(this.#appStream.getVideoTracks()) : null;
      if (microphone) this.#appEnabled.set(microphone, microphone.enabled);
    } else if (wantAudio || wantVideo) {
      ({ microphone, camera } = await this.#openForCall(wantAudio, wantVideo, signal).catch(async (error: unknown) => {
        // No webcam, the camera denied or held by another app, or no microphone: a video call goes on with what
        // opens, as the user would in any call app, and says what did not.
        if (!wantAudio || !wantVideo || !PARTIAL_FAILURES.some((code) => isMeshcallError(error, code))) throw error;
        const opened = { microphone: null as MediaStreamTrack | null, camera: null as MediaStreamTrack | null };
        const failures: MeshcallError[] = [];
        const refused = isMeshcallError(error, 'media-permission-denied') ? await permissionStates() : null;
        for (const kind of ['audio', 'video'] as const) {
          try {
            if (refused && !worthAskingAlone(refused, kind)) throw error;
            const one = await this.#openForCall(kind === 'audio', kind === 'video', signal);
            opened.microphone ??= one.microphone;
            opened.camera ??= one.camera;
          } catch (alone) {
            if (!isMeshcallError(alone) || isMeshcallError(alone, 'media-aborted')) {
              stopTracks([opened.microphone, opened.camera]);
              throw alone;
            }
            failures.push(alone);
          }
        }
        if (!opened.microphone && !opened.camera) throw error;
        for (const failure of failures) this.#emitter.emit('error', failure);
        return opened;
      }));
      if (this.#released || signal?.aborted) {
        stopTracks([microphone, camera]);
        throw mediaAbortedError();
      }
    }
    // A device lost while the other one was still being asked for is not sent as if it were there.
    for (const [what, track] of [
      ['microphone', microphone],
      ['camera', camera],
    ] as const) {
      if (track?.readyState !== 'ended') continue;
      this.#emitter.emit('error', lostError(what, track));
      if (what === 'microphone') microphone = null;
      else camera = null;
    }

    this.#acquired = true;
    this.#videoMuted = camera === null;
    // A microphone that would not open shows as muted on both sides, not as one that sends silence.
    if (wantAudio && !microphone) this.#audioMuted = true;
    if (microphone) {
      microphone.enabled = !this.#audioMuted;
      this.#microphone = microphone;
      this.#watch(microphone);
    }
    if (camera) {
      this.#camera = camera;
      this.#rememberCamera(camera);
      this.#watch(camera);
    }
    this.#syncPreview();
    if (microphone) this.#emitTrack('audio', microphone, null, 'microphone');
    if (camera) this.#emitTrack('video', camera, null, 'camera');
    this.#emitState();
  }

  /**
   * Opens the devices of a call with one getUserMedia request (one permission prompt). The devices chosen are
   * opened as those very devices (Chromium does not honour an `ideal` microphone); if one is gone, they are only
   * preferred, the browser picks another, and `media-device-fallback` says so.
   */
  async #openForCall(
    wantAudio: boolean,
    wantVideo: boolean,
    signal: AbortSignal | undefined,
  ): Promise<{ microphone: MediaStreamTrack | null; camera: MediaStreamTrack | null }> {
    const target = wantVideo && wantAudio ? 'camera or microphone' : wantVideo ? 'camera' : 'microphone';
    const open = (exact: boolean) => (devices: MediaDevicesLike) =>
      devices.getUserMedia({
        audio: wantAudio && trackConstraints(this.#constraints.audio, { deviceId: this.#microphoneDeviceId, exact }),
        video: wantVideo && this.#cameraConstraints({ ...this.#rememberedCamera(), exact }),
      });
    const chosen = (wantAudio && this.#microphoneDeviceId !== null) || (wantVideo && this.#cameraDeviceId !== null);
    const stream = await this.#request(target, open(chosen), signal).catch(async (error: unknown) => {
      if (!chosen || !isMeshcallError(error, 'media-no-device')) throw error;
      const fallback = await this.#request(target, open(false), signal);
      // Not a failure (the call goes on), but the user should know their pick is not what is used.
      this.#emitter.emit(
        'error',
        new MeshcallError('media-device-fallback', `The chosen ${target} is not available; another one is used`, {
          cause: error,
        }),
      );
      return fallback;
    });
    return { microphone: this.#take(stream, 'audio'), camera: this.#take(stream, 'video') };
  }

  async #cameraOff(): Promise<void> {
    this.#assertUsable();
    if (this.#videoMuted) return;
    this.#videoMuted = true;
    const camera = this.#camera;
    this.#camera = null;
    if (camera) {
      this.#syncPreview();
      this.#emitCamera(null, camera);
      this.#dispose(camera);
    }
    this.#emitState();
  }

  async #cameraOn(): Promise<void> {
    this.#assertUsable();
    if (!this.#videoMuted) return;
    if (!this.#acquired) {
      // Before acquire this is only a preference: acquire() opens the camera.
      this.#videoMuted = false;
      this.#emitState();
      return;
    }
    // An app-provided camera that is still running is simply sent again.
    const appCamera = this.#appStream ? liveTrack(this.#appStream.getVideoTracks()) : null;
    const camera =
      appCamera ?? (await this.#openSwitchedFacing()) ?? (await this.#openCamera(this.#rememberedCamera()));
    this.#videoMuted = false;
    this.#camera = camera;
    this.#rememberCamera(camera);
    this.#watch(camera);
    this.#syncPreview();
    this.#emitCamera(camera, null);
    this.#emitState();
  }

  async #selectMicrophone(deviceId: string): Promise<void> {
    this.#assertUsable();
    const current = this.#microphone;
    if (!this.#acquired || this.#constraints.audio === false) {
      await this.#assertListed('audioinput', deviceId);
      this.#microphoneDeviceId = deviceId;
      return;
    }
    if (current && current.readyState === 'live' && trackDeviceId(current) === deviceId) return;
    const stream = await this.#request('microphone', (devices) =>
      devices.getUserMedia({ audio: trackConstraints(this.#constraints.audio, { deviceId, exact: true }) }),
    );
    const microphone = this.#takeOnly(stream, 'audio', 'microphone');
    this.#microphoneDeviceId = deviceId;
    this.#useMicrophone(microphone);
  }

  /** Makes `microphone` the microphone track, muted or not as the user has it, and stops the one before. */
  #useMicrophone(microphone: MediaStreamTrack): void {
    microphone.enabled = !this.#audioMuted;
    const previous = this.#microphone;
    this.#microphone = microphone;
    this.#watch(microphone);
    this.#syncPreview();
    this.#emitTrack('audio', microphone, previous, 'microphone');
    if (previous) this.#dispose(previous);
    this.#emitState();
  }

  /**
   * The call has no microphone (it was lost, or would not open) and the user wants one: opens whichever the
   * browser gives now (the default), as LiveKit and Daily do. If none opens, the microphone shows as muted on
   * both sides and `error` says why; unmuting tries again. `lost` is the track that just ended, if any.
   */
  async #reopenMicrophone(lost: MediaStreamTrack | null): Promise<void> {
    if (this.#released || this.#microphone) return; // a device picked meanwhile came first
    // A microphone that ends as soon as it is opened again (a flapping device) is not reopened in a loop; one that
    // worked a while is replaced in turn (the headset went first, then the dock with its microphone).
    const flapping =
      lost !== null && lost === this.#reopenedMicrophone && Date.now() - this.#reopenedAt < FLAPPING_MICROPHONE_MS;
    const retry = !flapping;
    try {
      if (!retry) throw lostError('microphone', lost);
      const stream = await this.#request('microphone', (devices) =>
        devices.getUserMedia({ audio: trackConstraints(this.#constraints.audio) }),
      );
      const microphone = this.#takeOnly(stream, 'audio', 'microphone');
      if (this.#microphone) {
        this.#dispose(microphone);
        return;
      }
      this.#reopenedMicrophone = microphone;
      this.#reopenedAt = Date.now();
      this.#useMicrophone(microphone);
      if (lost) {
        this.#emitter.emit(
          'error',
          new MeshcallError('media-device-fallback', `${lostError('microphone', lost).message}; another one is used`),
        );
      }
    } catch (error) {
      if (this.#released) return;
      this.#audioMuted = true;
      this.#emitter.emit('error', lost ? lostError('microphone', lost) : toMeshcallError(error, 'media-no-device'));
      this.#emitState();
    }
  }

  async #selectCamera(choice: { deviceId?: string; facingMode?: string }): Promise<void> {
    this.#assertUsable();
    if (!this.#acquired || this.#videoMuted) {
      // Camera off: remember the choice for when it is turned on, if that camera is there.
      if (choice.deviceId) await this.#assertListed('videoinput', choice.deviceId);
      this.#cameraDeviceId = choice.deviceId ?? null;
      this.#cameraFacing = choice.facingMode ?? null;
      this.#switchedFacing = null; // a camera picked by hand over the side a switch had asked for
      return;
    }
    const current = this.#camera;
    if (current && current.readyState === 'live' && choice.deviceId && trackDeviceId(current) === choice.deviceId) {
      return;
    }
    let camera: MediaStreamTrack;
    try {
      camera = await this.#openCamera({ ...choice, exact: true });
    } catch (error) {
      // Some phones cannot open a second camera while the first runs: free it and try once more.
      if (!(error instanceof MeshcallError) || error.code !== 'media-device-busy' || !current) throw error;
      const previousId = trackDeviceId(current);
      this.#cameraOffAfterLoss(current);
      try {
        camera = await this.#openCamera({ ...choice, exact: true });
      } catch (retryError) {
        // The chosen camera is held elsewhere, not just by us: go back to the one that worked (the current
        // track stays, as far as the user can tell), and turn the camera off only if that fails too.
        const restored = await this.#openCamera(previousId ? { deviceId: previousId } : {}).catch(() => null);
        if (restored) this.#useCamera(restored);
        else this.#emitState();
        throw retryError;
      }
    }
    this.#useCamera(camera);
  }

  /**
   * A device picked while it is not open (the camera off, before `acquire`) must be one the browser lists: a
   * picker's stale entry (unplugged since) would otherwise be taken silently and remembered for later calls.
   * Without permission yet the list has no ids to compare with, and the choice is taken as it is.
   */
  async #assertListed(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<void> {
    const listed = await resolveMediaDevices(this.#mediaDevices)
      ?.enumerateDevices()
      .catch(() => null);
    const ids = (listed ?? []).filter((device) => device.kind === kind && device.deviceId !== '');
    if (ids.length > 0 && !ids.some((device) => device.deviceId === deviceId)) {
      const what = kind === 'audioinput' ? 'microphone' : 'camera';
      throw new MeshcallError('media-no-device', `There is no ${what} ${deviceId} (unplugged?)`);
    }
    this.#assertUsable();
  }

  /** Makes `camera` the camera track (also turning the camera back on if it was lost meanwhile). */
  #useCamera(camera: MediaStreamTrack): void {
    // Also covers the old camera being unplugged while the new one was opening (that turned the camera off).
    this.#videoMuted = false;
    const previous = this.#camera;
    this.#camera = camera;
    this.#rememberCamera(camera);
    this.#watch(camera);
    this.#syncPreview();
    this.#emitCamera(camera, previous);
    if (previous) this.#dispose(previous);
    this.#emitState();
  }

  async #switchCamera(): Promise<void> {
    this.#assertUsable();
    const devices = resolveMediaDevices(this.#mediaDevices);
    if (!devices) throw mediaUnsupportedError();
    const listed = await devices.enumerateDevices().catch((error: unknown) => {
      throw toMediaError(error, 'camera');
    });
    const cameras = listed.filter((d) => d.kind === 'videoinput' && d.deviceId !== '');
    this.#assertUsable();
    // A phone lists each camera module (one front, several back), so the list order says nothing of which way a
    // camera faces: where the camera says it, "switch" means the other side. Elsewhere it means the next listed.
    const facing = trackFacingMode(this.#camera) ?? this.#switchedFacing ?? this.#cameraFacing;
    const otherFacing = facing === 'user' ? 'environment' : facing === 'environment' ? 'user' : null;
    const currentId = trackDeviceId(this.#camera) ?? this.#cameraDeviceId;
    let index = cameras.findIndex((d) => d.deviceId === currentId);
    // With the camera off and no listed camera to reopen, turning it on opens the browser's default, which is
    // listed first: the switch must lead away from that one, not to it.
    if (index === -1 && !this.#camera) index = 0;
    const next = cameras.length >= 2 ? cameras[(index + 1) % cameras.length] : undefined;
    if (!this.#acquired || this.#videoMuted) {
      // Camera off: nothing to open now, only what to open when it comes on: the other side if a camera faces it
      // (only opening one can tell), else the next listed camera.
      if (!otherFacing && !next) {
        this.#emitter.emit('error', new MeshcallError('media-no-device', 'There is no other camera to switch to'));
        return;
      }
      if (next) await this.#selectCamera({ deviceId: next.deviceId });
      this.#switchedFacing = otherFacing;
      return;
    }
    let noOtherFacing: MeshcallError | undefined;
    if (otherFacing) {
      try {
        await this.#selectCamera({ facingMode: otherFacing });
        return;
      } catch (error) {
        if (!isMeshcallError(error, 'media-no-device') && !isMeshcallError(error, 'media-constraints')) throw error;
        noOtherFacing = error; // e.g. a laptop's built-in camera beside a USB one: go on with the list
      }
    }
    if (next) {
      await this.#selectCamera({ deviceId: next.deviceId });
      return;
    }
    this.#emitter.emit(
      'error',
      new MeshcallError(
        'media-no-device',
        'There is no other camera to switch to',
        noOtherFacing && { cause: noOtherFacing },
      ),
    );
  }

  /** The camera facing the side a switch asked for while it was off; null if none was asked or none faces it. */
  async #openSwitchedFacing(): Promise<MediaStreamTrack | null> {
    if (!this.#switchedFacing) return null;
    try {
      return await this.#openCamera({ facingMode: this.#switchedFacing, exact: true });
    } catch (error) {
      if (!isMeshcallError(error, 'media-no-device') && !isMeshcallError(error, 'media-constraints')) throw error;
      return null; // the remembered camera (the next listed) opens instead
    }
  }

  async #startScreenShare(withAudio: boolean): Promise<void> {
    this.#assertUsable();
    if (!this.#acquired) throw new MeshcallError('invalid-state', 'Acquire local media before sharing the screen');
    if (this.#screen) return;
    const stream = await this.#request('screen', (devices) => {
      if (typeof devices.getDisplayMedia !== 'function') throw mediaUnsupportedError('getDisplayMedia', 'screen');
      return devices.getDisplayMedia({ video: true, audio: withAudio });
    });
    let sound = this.#take(stream, 'audio');
    if (sound && !withAudio) {
      sound.stop(); // not asked for: nobody would send it
      sound = null;
    }
    let screen: MediaStreamTrack;
    try {
      screen = this.#takeOnly(stream, 'video', 'screen');
    } catch (error) {
      sound?.stop();
      throw error;
    }
    // Tells the encoder to keep text sharp rather than motion smooth.
    if ('contentHint' in screen) screen.contentHint = 'detail';
    const previous = this.videoTrack;
    // Both set before the announcements: their listeners read a state that has the screen and its sound.
    this.#screen = screen;
    this.#screenAudio = sound;
    this.#watch(screen);
    if (sound) this.#watch(sound);
    this.#syncPreview();
    this.#emitTrack('video', screen, previous, 'screen');
    if (sound) this.#emitter.emit('screenAudioChanged', { track: sound, previous: null });
    this.#emitState();
  }

  /** The shared sound is gone (the share ended, or the sound alone did): nothing is sent for it any more. */
  #dropScreenAudio(): void {
    const sound = this.#screenAudio;
    if (!sound) return;
    this.#screenAudio = null;
    this.#refreshState();
    this.#emitter.emit('screenAudioChanged', { track: null, previous: sound });
    this.#dispose(sound);
  }

  /** Synchronous so that the browser's "stop sharing" button reverts at once, even mid-operation. */
  #endScreenShare(): void {
    const screen = this.#screen;
    if (!screen) return;
    this.#screen = null;
    this.#syncPreview();
    this.#emitTrack('video', this.#camera, screen, this.#camera ? 'camera' : null);
    this.#dispose(screen);
    this.#dropScreenAudio();
    this.#emitState();
  }

  /** A track ended without us stopping it: device unplugged, permission revoked, or sharing stopped. */
  #onTrackEnded(track: MediaStreamTrack): void {
    if (this.#released) return;
    if (track === this.#screen) {
      this.#endScreenShare();
      return;
    }
    if (track === this.#screenAudio) {
      this.#dropScreenAudio();
      this.#emitState(); // the others stop playing it
      return;
    }
    if (track === this.#microphone) {
      this.#microphone = null;
      this.#unwatchTrack(track);
      this.#syncPreview();
      this.#emitTrack('audio', null, track, null);
      if (this.#appStream) {
        // The app's own track: the app decides what replaces it; meanwhile it shows as muted.
        this.#audioMuted = true;
        this.#emitter.emit('error', lostError('microphone', track));
        this.#emitState();
        return;
      }
      this.#emitState();
      void this.#serial(() => this.#reopenMicrophone(track));
      return;
    }
    if (track === this.#camera) {
      this.#cameraOffAfterLoss(track);
      this.#emitter.emit('error', lostError('camera', track));
      this.#emitState();
    }
  }

  /** Drops the camera and marks it off, so turning it on again opens a camera afresh. */
  #cameraOffAfterLoss(camera: MediaStreamTrack): void {
    this.#camera = null;
    this.#videoMuted = true;
    this.#syncPreview();
    this.#emitCamera(null, camera);
    this.#dispose(camera);
  }

  async #openCamera(choice: DeviceChoice): Promise<MediaStreamTrack> {
    const stream = await this.#request('camera', (devices) =>
      devices.getUserMedia({ video: this.#cameraConstraints(choice) }),
    );
    const camera = this.#takeOnly(stream, 'video', 'camera');
    return camera;
  }

  #cameraConstraints(choice: DeviceChoice): MediaTrackConstraints | true {
    return trackConstraints(this.#constraints.video, choice);
  }

  /** The camera to reopen: the remembered device if known (preferred, not required), else the facing direction. */
  #rememberedCamera(): DeviceChoice {
    return this.#cameraDeviceId ? { deviceId: this.#cameraDeviceId } : { facingMode: this.#cameraFacing };
  }

  #rememberCamera(camera: MediaStreamTrack): void {
    this.#switchedFacing = null; // the camera is open: whichever side it faces is now what a switch flips
    this.#cameraDeviceId = trackDeviceId(camera) ?? this.#cameraDeviceId;
    this.#cameraFacing = trackFacingMode(camera);
  }

  /**
   * Runs one media request, honouring the caller's signal and `release()`. A request that loses the race
   * against an abort still resolves later in the browser: those tracks are stopped as soon as they arrive.
   */
  #request(
    target: MediaErrorTarget,
    open: (devices: MediaDevicesLike) => Promise<MediaStream>,
    signal?: AbortSignal,
  ): Promise<MediaStream> {
    const devices = resolveMediaDevices(this.#mediaDevices);
    if (!devices) {
      const screen = target === 'screen';
      return Promise.reject(
        mediaUnsupportedError(screen ? 'getDisplayMedia' : 'getUserMedia', screen ? 'screen' : undefined),
      );
    }
    const signals = signal ? [this.#lifetime.signal, signal] : [this.#lifetime.signal];
    const abortedError = () =>
      mediaAbortedError(this.#released ? 'the local media was released' : 'the request was aborted');
    if (signals.some((s) => s.aborted)) return Promise.reject(abortedError());
    let pending: Promise<MediaStream>;
    try {
      pending = open(devices);
    } catch (error) {
      return Promise.reject(toMediaError(error, target));
    }
    return new Promise<MediaStream>((resolve, reject) => {
      let settled = false;
      const settle = () => {
        settled = true;
        for (const s of signals) s.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        if (settled) return;
        settle();
        reject(abortedError());
      };
      for (const s of signals) s.addEventListener('abort', onAbort);
      Promise.resolve(pending).then(
        (stream) => {
          if (settled) {
            stopTracks(stream.getTracks());
            return;
          }
          settle();
          for (const track of stream.getTracks()) this.#owned.add(track);
          resolve(stream);
        },
        (error: unknown) => {
          if (settled) return;
          settle();
          reject(toMediaError(error, target));
        },
      );
    });
  }

  /** The first track of `kind` from a stream we opened; any extra tracks are stopped (nobody would own them). */
  #take(stream: MediaStream, kind: Kind): MediaStreamTrack | null {
    const tracks = kind === 'audio' ? stream.getAudioTracks() : stream.getVideoTracks();
    const [first, ...extra] = tracks;
    stopTracks(extra);
    return first ?? null;
  }

  /**
   * The one track a request for a single device asked for. After the await: if released meanwhile, it is
   * stopped and the request gives up; a stream without such a track is `media-no-device`.
   */
  #takeOnly(stream: MediaStream, kind: Kind, what: 'microphone' | 'camera' | 'screen'): MediaStreamTrack {
    const track = this.#take(stream, kind);
    if (this.#released) {
      track?.stop();
      throw mediaAbortedError('the local media was released');
    }
    if (!track) throw new MeshcallError('media-no-device', `The browser returned no ${what} track`, { source: what });
    return track;
  }

  #assertUsable(): void {
    if (this.#released) throw new MeshcallError('destroyed', 'This LocalMedia was released');
  }

  #serial(operation: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(operation);
    this.#queue = run.catch(() => {});
    return run;
  }

  #watch(track: MediaStreamTrack): void {
    if (this.#unwatch.has(track)) return;
    // `ended` fires only when the track ends by itself (device lost, user stopped sharing), never on stop().
    const onEnded = () => this.#onTrackEnded(track);
    track.addEventListener('ended', onEnded);
    this.#unwatch.set(track, () => track.removeEventListener('ended', onEnded));
  }

  #unwatchTrack(track: MediaStreamTrack): void {
    this.#unwatch.get(track)?.();
    this.#unwatch.delete(track);
  }

  /** Stops listening to a track; stops it if we opened it, or gives it back to the app as it came. */
  #dispose(track: MediaStreamTrack): void {
    this.#unwatchTrack(track);
    if (this.#owned.has(track)) track.stop();
    const appEnabled = this.#appEnabled.get(track);
    if (appEnabled !== undefined) track.enabled = appEnabled;
  }

  #syncPreview(): void {
    const preview = this.#preview;
    if (!preview) return;
    const wanted = [this.audioTrack, this.videoTrack].filter((t): t is MediaStreamTrack => t !== null);
    for (const track of preview.getTracks()) if (!wanted.includes(track)) preview.removeTrack(track);
    const present = preview.getTracks();
    for (const track of wanted) if (!present.includes(track)) preview.addTrack(track);
  }

  #emitTrack(
    kind: Kind,
    track: MediaStreamTrack | null,
    previous: MediaStreamTrack | null,
    source: TrackSource | null,
  ) {
    // Listeners read `state` in there (the hooks store does): it must already describe the new track.
    this.#refreshState();
    this.#emitter.emit('trackChanged', { kind, track, previous, source });
    this.#announceSideCamera(); // a share that starts or ends moves the camera beside it or back
  }

  /** The camera changed (on, off, switched, lost): it is the video sent, or the side camera while sharing. */
  #emitCamera(camera: MediaStreamTrack | null, previous: MediaStreamTrack | null): void {
    if (this.#screen) this.#announceSideCamera();
    else this.#emitTrack('video', camera, previous, camera ? 'camera' : null);
  }

  #announceSideCamera(): void {
    this.#refreshState(); // as for trackChanged: listeners read the state that goes with the track
    const track = this.sideCameraTrack;
    const previous = this.#announcedSideCamera;
    if (track === previous) return;
    this.#announcedSideCamera = track;
    this.#emitter.emit('sideCameraChanged', { track, previous });
  }

  #computeState(): LocalMediaState {
    return Object.freeze({
      audioMuted: this.#audioMuted,
      videoMuted: this.#videoMuted,
      screenSharing: this.#screen !== null,
      screenAudio: this.#screenAudio !== null,
      audioDeviceId: trackDeviceId(this.#microphone),
      videoDeviceId: this.#screen ? null : trackDeviceId(this.#camera),
    });
  }

  /** Brings `state` up to date; `stateChanged` follows at the end of the operation (`#emitState`). */
  #refreshState(): void {
    const next = this.#computeState();
    const prev = this.#state;
    if ((Object.keys(next) as (keyof LocalMediaState)[]).every((key) => prev[key] === next[key])) return;
    this.#state = next;
    this.#stateUnannounced = true;
  }

  #emitState(): void {
    this.#refreshState();
    if (!this.#stateUnannounced) return;
    this.#stateUnannounced = false;
    this.#emitter.emit('stateChanged', this.#state);
  }
}

/** Failures of a joint camera + microphone request after which each device alone may still open. */
const PARTIAL_FAILURES = [
  'media-no-device',
  'media-permission-denied',
  'media-device-busy',
  'media-constraints',
] as const;

/** What the Permissions API says of the microphone (`audio`) and camera (`video`); `null` where it cannot say. */
type PermissionStates = Readonly<Record<Kind, PermissionState | null>>;

async function permissionStates(): Promise<PermissionStates> {
  const permissions = typeof navigator === 'undefined' ? undefined : navigator.permissions;
  const query = async (name: string) => {
    try {
      return (await permissions?.query({ name: name as PermissionName }))?.state ?? null;
    } catch {
      return null; // a browser that does not know these permission names
    }
  };
  const [audio, video] = await Promise.all([query('microphone'), query('camera')]);
  return { audio, video };
}

/**
 * After a permission refusal for camera and microphone together: whether to ask for `kind` alone. Yes when it is
 * granted (the other one was refused), when it was never asked because the other one is blocked, or when the
 * browser cannot say. Not when it is denied, nor when it is still to be asked otherwise: the user just
 * dismissed its prompt, and asking again would show it once more.
 */
function worthAskingAlone(states: PermissionStates, kind: Kind): boolean {
  const state = states[kind];
  const other = states[kind === 'audio' ? 'video' : 'audio'];
  if (state === 'prompt') return other === 'denied';
  return state !== 'denied';
}

function liveTrack(tracks: readonly MediaStreamTrack[]): MediaStreamTrack | null {
  return tracks.find((t) => t.readyState === 'live') ?? null;
}

function stopTracks(tracks: Iterable<MediaStreamTrack | null>): void {
  for (const track of tracks) track?.stop();
}

function lostError(what: 'microphone' | 'camera', track: MediaStreamTrack): MeshcallError {
  return new MeshcallError(
    'media-no-device',
    `The ${what} stopped (unplugged, or its permission was revoked)${track.label ? `: ${track.label}` : ''}`,
  );
}
