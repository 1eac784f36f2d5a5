/**
 * The camera and microphone of a call, opened by the demo itself with the devices picked in the lobby and
 * handed to the engine (`StartOptions.stream` for calls placed from the contact list, `<VideoCall
 * getLocalStream>` for answering and "Call again"). Opening the system default first and switching afterwards
 * would fail the whole call when the default device is busy, although the picked one works.
 *
 * The stream stays the demo's: meshcall never stops its tracks. The request's `signal` says when the call is
 * over, and then every track is stopped; a track the call stopped using before that (camera turned off,
 * another device picked) is stopped at once by {@link useStopUnusedTracks}.
 */
import {
  type CallClient,
  isMeshcallError,
  type MeshcallError,
  mediaAbortedError,
  mediaUnsupportedError,
  toMediaError,
} from '@meshcall/core';
import { useCallStore } from '@meshcall/hooks';
import type { LocalStreamRequest } from '@meshcall/ui';
import { useCallback, useEffect, useRef } from 'react';
import { type DevicePreferences, getDevicePreferences } from './device-preferences.js';

/** Opens a call's media; the `getLocalStream` of `<VideoCall>`. */
export type OpenCallStream = (request: LocalStreamRequest) => Promise<MediaStream>;

/** Tracks the demo opened for calls, so that only those are ever stopped by it. */
const opened = new WeakSet<MediaStreamTrack>();

/**
 * Constraints for a picked device: that device (`exact`; Chromium ignores an `ideal` microphone), or, for a
 * second try, only preferred.
 */
function constraint(deviceId: string | undefined, exact: boolean): MediaTrackConstraints | true {
  if (!deviceId) return true;
  return { deviceId: exact ? { exact: deviceId } : { ideal: deviceId } };
}

/**
 * Opens the microphone, and the camera when `request.video`, from `preferences`. Rejects with a media
 * `MeshcallError` (`media-permission-denied`, `media-device-busy`, …), or `media-aborted` if the call was over
 * before the devices opened (they are stopped then).
 */
export async function openCallStream(
  request: LocalStreamRequest,
  preferences: DevicePreferences = getDevicePreferences(),
): Promise<MediaStream> {
  const devices = globalThis.navigator?.mediaDevices;
  if (!devices) throw mediaUnsupportedError();
  const open = (exact: boolean) =>
    devices.getUserMedia({
      audio: constraint(preferences.audioinput, exact),
      video: request.video && constraint(preferences.videoinput, exact),
    });
  let stream: MediaStream;
  try {
    stream = await open(true).catch((error: unknown) => {
      // A remembered device was unplugged since it was picked: the call goes ahead with the default one.
      if ((error as { name?: unknown } | null)?.name === 'OverconstrainedError') return open(false);
      throw error;
    });
  } catch (error) {
    throw toMediaError(error, request.video ? 'camera or microphone' : 'microphone');
  }
  const stop = () => {
    for (const track of stream.getTracks()) track.stop();
  };
  if (request.signal.aborted) {
    stop();
    throw mediaAbortedError('the call was over before the camera and microphone opened');
  }
  for (const track of stream.getTracks()) opened.add(track);
  request.signal.addEventListener('abort', stop, { once: true });
  return stream;
}

/**
 * {@link openCallStream} for the calls of one workspace, reporting failures with `report`: they happen before
 * the engine has a call to fail, so it reports nothing itself.
 */
export function useOpenCallStream(report: (error: MeshcallError) => void): OpenCallStream {
  return useCallback(
    async (request) => {
      try {
        return await openCallStream(request);
      } catch (error) {
        if (isMeshcallError(error) && error.code !== 'media-aborted') report(error);
        throw error;
      }
    },
    [report],
  );
}

/** Aborts `lifetime` once call `sessionId` is over; at once when there is no such call (`null`: it never started). */
export function abortWhenCallIsOver(client: CallClient, sessionId: string | null, lifetime: AbortController): void {
  const session = sessionId === null ? undefined : client.getSession(sessionId);
  if (!session || session.state === 'closed') lifetime.abort();
  else session.once('closed', () => lifetime.abort());
}

/**
 * Stops each track of ours that call `sessionId` sent and no longer sends: the engine leaves app tracks
 * running, and a camera whose light stays on after "camera off" would be a lie. While the screen is shared
 * the engine keeps the camera (not sent) for when sharing stops, so the camera is left alone then.
 */
export function useStopUnusedTracks(sessionId: string): void {
  const tracks = useCallStore((state) => state.sessions[sessionId]?.localTracks);
  const used = useRef(new Set<MediaStreamTrack>());
  useEffect(() => {
    if (!tracks) return;
    const sharing = tracks.videoSource === 'screen';
    const sending = [tracks.audio, sharing ? null : tracks.video];
    for (const track of sending) if (track && opened.has(track)) used.current.add(track);
    for (const track of used.current) {
      if (sending.includes(track) || (sharing && track.kind === 'video')) continue;
      track.stop();
      used.current.delete(track);
    }
  }, [tracks]);
}
