/**
 * The lobby's camera and microphone: opened before any call, shown in a self-view, adjusted (camera off,
 * another device), then handed to the call, which sends those very tracks instead of opening the devices
 * again. The media itself is core's `LocalMedia`; this hook only owns its lifetime and mirrors its state.
 * With it, the microphone meter (core's `watchAudioLevel`).
 */
import {
  type CallType,
  isTakenByCall,
  LocalMedia,
  type LocalMediaState,
  MeshcallError,
  toMeshcallError,
  type WatchAudioLevelOptions,
  watchAudioLevel,
} from '@meshcall/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { listedBeforePermission } from '../devices.js';
import type { CallClientLike } from '../types.js';
import { useCallClient, useCallStoreApi } from './context.js';

/** Options of {@link usePreviewMedia}. */
export interface UsePreviewMediaOptions {
  /** The type of call the preview is for: `audio` opens only the microphone. Default `video`. */
  callType?: CallType | undefined;
  /** `false` leaves the devices closed (e.g. while the lobby is hidden). Default `true`. */
  enabled?: boolean | undefined;
}

/** Where a preview stands. */
export type PreviewStatus = 'idle' | 'opening' | 'ready' | 'failed' | 'handedOver';

/** What {@link usePreviewMedia} returns. */
export interface UsePreviewMediaResult {
  /**
   * `idle` (not enabled), `opening` (the permission prompt may be up), `ready`, `failed` (see `error`), or
   * `handedOver` (a call took it; the hook shows nothing more, also once that call is over, until it is
   * mounted again or `enabled` goes off and on: a lobby usually makes way for the call anyway).
   */
  readonly status: PreviewStatus;
  /** The preview stream (microphone and camera) for a self-view; mute the element. `null` unless `ready`. */
  readonly stream: MediaStream | null;
  /** The microphone track (e.g. for a level meter), or `null`. */
  readonly audioTrack: MediaStreamTrack | null;
  /** The camera track, or `null` (camera off, audio preview, not ready). */
  readonly videoTrack: MediaStreamTrack | null;
  /** Microphone muted, camera off, and the devices in use; `null` unless `ready`. */
  readonly state: LocalMediaState | null;
  /** Why opening the devices failed (`media-permission-denied`, `media-no-device`, …), else `null`. */
  readonly error: MeshcallError | null;
  /** Mutes or unmutes the microphone; the call starts that way when the preview is handed over. */
  setAudioMuted(muted: boolean): void;
  /** Turns the camera off (light off) or on again; the call starts that way when the preview is handed over. */
  setVideoMuted(muted: boolean): Promise<void>;
  /** Uses another microphone or camera; it also becomes the client's preferred device, for later calls. */
  selectDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<void>;
  /**
   * Gives the media to a `callType` call: pass the result at once as `start()`'s or `accept()`'s `media` option
   * (also through `useStartCall`). The call owns it from then on and releases it when it ends; the hook shows
   * `handedOver`. `undefined` when there is nothing to hand over (not `ready`, or a preview for another type
   * of call): the call then opens the devices itself. If no call takes it (the call refused it, or had ended
   * a moment before), the preview stays the hook's and is `ready` again.
   */
  handOver(callType: CallType): LocalMedia | undefined;
}

interface PreviewSnapshot {
  readonly status: PreviewStatus;
  readonly media: LocalMedia | null;
  readonly state: LocalMediaState | null;
  readonly audioTrack: MediaStreamTrack | null;
  readonly videoTrack: MediaStreamTrack | null;
  readonly error: MeshcallError | null;
}

const IDLE: PreviewSnapshot = Object.freeze({
  status: 'idle',
  media: null,
  state: null,
  audioTrack: null,
  videoTrack: null,
  error: null,
});

function readyFrom(media: LocalMedia): PreviewSnapshot {
  return {
    status: 'ready',
    media,
    state: media.state,
    audioTrack: media.audioTrack,
    videoTrack: media.videoTrack,
    error: null,
  };
}

const notReady = (): Promise<never> => Promise.reject(new MeshcallError('invalid-state', 'The preview is not open'));

/**
 * A camera and microphone preview for a lobby, opened while mounted and enabled as the client opens a call's
 * (`CallClient.createMedia`: its `media` constraints, preferred devices and `createMedia`), and closed on
 * unmount, unless it was handed to a call with `handOver()`.
 *
 * @example
 * ```tsx
 * function Lobby({ callee }: { callee: string }) {
 *   const preview = usePreviewMedia();
 *   const startCall = useStartCall();
 *   const video = useRef<HTMLVideoElement>(null);
 *   useEffect(() => {
 *     if (video.current) video.current.srcObject = preview.stream;
 *   }, [preview.stream]);
 *   return (
 *     <>
 *       <video ref={video} autoPlay playsInline muted />
 *       <button onClick={() => preview.setVideoMuted(!preview.state?.videoMuted)}>Camera</button>
 *       <button onClick={() => startCall([callee], 'video', {}, { media: preview.handOver('video') })}>Call</button>
 *     </>
 *   );
 * }
 * ```
 */
export function usePreviewMedia(options: UsePreviewMediaOptions = {}): UsePreviewMediaResult {
  // Any client the provider was given: a test double may make no media of its own (see below).
  const client = useCallClient<CallClientLike>();
  const store = useCallStoreApi();
  const callType = options.callType ?? 'video';
  const enabled = options.enabled ?? true;
  const [snapshot, setSnapshot] = useState<PreviewSnapshot>(IDLE);
  // The media handed to a call (its events are not the preview's any more), and the live run's media.
  const handedOver = useRef<LocalMedia | null>(null);
  const live = useRef<LocalMedia | null>(null);

  useEffect(() => {
    if (!enabled) {
      setSnapshot(IDLE);
      return;
    }
    let media: LocalMedia;
    try {
      // Made as the client makes a call's (its constraints, devices and factory): the call sends it as it is.
      media = client.createMedia
        ? client.createMedia(callType)
        : new LocalMedia({ callType, devices: client.preferredDevices ?? {} });
    } catch (error) {
      setSnapshot({ ...IDLE, status: 'failed', error: toMeshcallError(error, 'invalid-config') });
      return;
    }
    // `open`: acquired (its announcements while opening are not news); `gone`: this run was cleaned up
    // (StrictMode's first run, or options changed), so its late results must not overwrite the next one's.
    let open = false;
    let gone = false;
    const mine = () => !gone && handedOver.current !== media;
    const update = () => {
      if (open && mine()) setSnapshot(readyFrom(media));
    };
    live.current = media;
    setSnapshot({ ...IDLE, status: 'opening' });
    const unsubscribe = [media.on('stateChanged', update), media.on('trackChanged', update)];
    media.acquire().then(
      () => {
        open = true;
        update();
        // Device pickers beside the preview listed the devices before permission: now they can have names.
        if (listedBeforePermission(store.getState().devices)) void store.refreshDevices();
      },
      (error: unknown) => {
        if (mine()) setSnapshot({ ...IDLE, status: 'failed', error: toMeshcallError(error, 'media-aborted') });
      },
    );
    return () => {
      gone = true;
      live.current = null;
      for (const stop of unsubscribe) stop();
      // Handed over and taken: the call's now. Anything else (handed over but refused, too) is ours to close.
      if (!isTakenByCall(media)) media.release();
    };
  }, [client, store, callType, enabled]);

  const media = snapshot.status === 'ready' ? snapshot.media : null;
  const setAudioMuted = useCallback((muted: boolean) => media?.setAudioMuted(muted), [media]);
  const setVideoMuted = useCallback((muted: boolean) => (media ? media.setVideoMuted(muted) : notReady()), [media]);
  const selectDevice = useCallback(
    async (kind: 'audioinput' | 'videoinput', deviceId: string) => {
      if (!media) return notReady();
      await media.selectDevice(kind, deviceId);
      client.setPreferredDevices?.({ ...client.preferredDevices, [kind]: deviceId });
    },
    [client, media],
  );
  const handOver = useCallback(
    (forCallType: CallType) => {
      if (!media || forCallType !== media.callType) return undefined;
      handedOver.current = media;
      setSnapshot({ ...IDLE, status: 'handedOver' });
      // start() and accept() take it as soon as they are called; one that refused it leaves it to us.
      setTimeout(() => {
        if (live.current !== media || handedOver.current !== media || isTakenByCall(media)) return;
        handedOver.current = null;
        setSnapshot(readyFrom(media));
      });
      return media;
    },
    [media],
  );
  return useMemo(
    () => ({
      status: snapshot.status,
      stream: media?.stream ?? null,
      audioTrack: snapshot.audioTrack,
      videoTrack: snapshot.videoTrack,
      state: snapshot.state,
      error: snapshot.error,
      setAudioMuted,
      setVideoMuted,
      selectDevice,
      handOver,
    }),
    [snapshot, media, setAudioMuted, setVideoMuted, selectDevice, handOver],
  );
}

/**
 * How loud `track` is now (0–1; see core's `watchAudioLevel`), measured while mounted, for a lobby's
 * microphone meter; 0 without a track. Re-renders when the level changes (about 10 times a second while
 * someone talks); keep the component that reads it small.
 *
 * @example
 * ```tsx
 * function MicrophoneMeter({ track }: { track: MediaStreamTrack | null }) {
 *   const level = useAudioLevel(track);
 *   return <meter min={0} max={0.3} value={level} aria-label="Microphone level" />;
 * }
 * ```
 */
export function useAudioLevel(track: MediaStreamTrack | null, options: WatchAudioLevelOptions = {}): number {
  const [level, setLevel] = useState(0);
  const intervalMs = options.intervalMs;
  useEffect(() => {
    setLevel(0);
    if (!track) return;
    return watchAudioLevel(track, setLevel, { intervalMs });
  }, [track, intervalMs]);
  return level;
}
