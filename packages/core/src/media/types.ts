/**
 * The local-media contract between `LocalMedia` (camera, microphone, screen) and a call session. The session
 * listens to `trackChanged` and swaps the track on every peer's sender with `replaceTrack` (no renegotiation),
 * and to `stateChanged` to tell the other participants about mute / camera / screen changes.
 */
import type { MediaState } from '../protocol/signal.js';
import type { TrackSource } from '../session/types.js';
import type { MeshcallError } from '../util/errors.js';

/** Local media state: what is sent and from where. */
export interface LocalMediaState extends MediaState {
  /** Device of the current microphone track, if known. */
  readonly audioDeviceId: string | null;
  /** Device of the current camera track, if known (null while screen sharing or camera off). */
  readonly videoDeviceId: string | null;
}

/**
 * getUserMedia constraints per kind, as an app configures them: `true` (any device, browser defaults), `false`
 * (none), or `MediaTrackConstraints`.
 */
export interface MediaConstraintsByKind {
  /** For the microphone. */
  readonly audio?: boolean | MediaTrackConstraints | undefined;
  /** For the camera. */
  readonly video?: boolean | MediaTrackConstraints | undefined;
}

/**
 * Devices to open for a call (ids from `enumerateDevices()`), such as those picked in a lobby. `null` or absent:
 * the browser's default.
 */
export interface PreferredDevices {
  /** The microphone's `deviceId`. */
  readonly audioinput?: string | null | undefined;
  /** The camera's `deviceId`. */
  readonly videoinput?: string | null | undefined;
}

/** Options of `startScreenShare`. */
export interface ScreenShareOptions {
  /**
   * Offer to share the sound too (default `true`): where the browser can (Chromium, for a tab, with a choice in
   * its picker), the sound goes beside the screen and the others hear it.
   */
  readonly audio?: boolean | undefined;
}

/**
 * The controls of one's own media in a call: what `LocalMedia` and `CallSession` offer, and what the hooks bind to a
 * session. None of them renegotiates: tracks are swapped on the existing senders.
 */
export interface MediaControls {
  /** Mutes or unmutes the microphone (instant; the device stays open). */
  setAudioMuted(muted: boolean): void;
  /** Turns the camera off (released, light off) or on again. */
  setVideoMuted(muted: boolean): Promise<void>;
  /** Switches to the other camera: the other side on a phone, else the next one listed; remembered while off. */
  switchCamera(): Promise<void>;
  /** Uses another microphone or camera. */
  selectDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<void>;
  /**
   * Sends the screen instead of the camera (the camera, if on, goes beside it as the side camera), and the
   * sound shared with it.
   */
  startScreenShare(options?: ScreenShareOptions): Promise<void>;
  /** Goes back from the screen to the camera. */
  stopScreenShare(): Promise<void>;
}

/** Events of `LocalMedia`. */
export interface LocalMediaEvents {
  /** The track to send for `kind` changed (acquired, switched, camera off/on, screen share). */
  trackChanged: {
    kind: 'audio' | 'video';
    track: MediaStreamTrack | null;
    previous: MediaStreamTrack | null;
    source: TrackSource | null;
  };
  /**
   * The camera to send beside the shared screen changed: sharing started or stopped, or the camera was turned
   * on, off or switched while sharing (`track` is null when there is none to send).
   */
  sideCameraChanged: { track: MediaStreamTrack | null; previous: MediaStreamTrack | null };
  /** The sound shared with the screen came (sharing started with sound) or went (`null`: it ended, or sharing). */
  screenAudioChanged: { track: MediaStreamTrack | null; previous: MediaStreamTrack | null };
  /** Mute / camera / screen / device state changed. */
  stateChanged: LocalMediaState;
  /** A device was unplugged or a permission revoked mid-call; the call goes on. */
  error: MeshcallError;
}
