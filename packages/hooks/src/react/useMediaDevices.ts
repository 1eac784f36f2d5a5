/** The device list for device pickers. */
import { useEffect, useMemo } from 'react';
import type { DevicesSnapshot } from '../types.js';
import { useCallStoreApi } from './context.js';
import { useCallStore } from './useCallStore.js';

/** What {@link useMediaDevices} returns. */
export interface UseMediaDevicesResult extends DevicesSnapshot {
  /** Lists the devices again (e.g. after permission was granted, when labels become available). */
  refresh(): Promise<void>;
}

/**
 * The media devices, grouped by kind, kept current while any component uses this hook. `status` is `idle`
 * until the first listing (always on the server), `unavailable` without media capture.
 *
 * @example
 * ```tsx
 * function CameraPicker({ sessionId }: { sessionId?: string }) {
 *   const { videoinput } = useMediaDevices();
 *   const { session, selectDevice } = useCallSession(sessionId);
 *   return (
 *     <select value={session?.localMedia.videoDeviceId ?? ''} onChange={(e) => selectDevice('videoinput', e.target.value)}>
 *       {videoinput.map((d) => <option key={d.deviceId} value={d.deviceId}>{d.label || 'Camera'}</option>)}
 *     </select>
 *   );
 * }
 * ```
 */
export function useMediaDevices(): UseMediaDevicesResult {
  const store = useCallStoreApi();
  const devices = useCallStore((s) => s.devices);
  useEffect(() => store.watchDevices(), [store]);
  return useMemo(() => ({ ...devices, refresh: store.refreshDevices }), [devices, store]);
}

/** What {@link useAudioOutput} returns. */
export interface UseAudioOutputResult {
  /**
   * The speaker to play calls' sound on (`deviceId` of an `audiooutput`), or `null` for the system's output:
   * the chosen one while it is plugged in; `null` while it is not (and the chosen one again once it is back).
   */
  readonly deviceId: string | null;
  /** Chooses the speaker (`null`: the system's output), for every call from now on. */
  select(deviceId: string | null): void;
  /** Whether this browser can play sound on a chosen speaker (`HTMLMediaElement.setSinkId`). */
  readonly supported: boolean;
}

/**
 * The speaker for calls' sound, shared by everything under the provider: a picker in your lobby, `<VideoCall>`
 * and your own `<audio>` elements. Keeps the device list current while used (to follow a speaker unplugged).
 *
 * @example
 * ```tsx
 * function RemoteAudio({ track }: { track: MediaStreamTrack }) {
 *   const ref = useRef<HTMLAudioElement>(null);
 *   const { deviceId } = useAudioOutput();
 *   useEffect(() => {
 *     const audio = ref.current;
 *     if (!audio) return;
 *     audio.srcObject = new MediaStream([track]);
 *     return () => { audio.srcObject = null; };
 *   }, [track]);
 *   useEffect(() => { void ref.current?.setSinkId?.(deviceId ?? '').catch(() => {}); }, [deviceId]);
 *   return <audio ref={ref} autoPlay />;
 * }
 * ```
 */
export function useAudioOutput(): UseAudioOutputResult {
  const store = useCallStoreApi();
  const chosen = useCallStore((s) => s.audioOutput);
  const plugged = useCallStore(
    (s) =>
      chosen === null ||
      s.devices.status !== 'ready' ||
      s.devices.audiooutput.some((device) => device.deviceId === chosen) ||
      // Listed without ids (no permission yet): nothing says the chosen one is gone.
      s.devices.audiooutput.every((device) => device.deviceId === ''),
  );
  useEffect(() => store.watchDevices(), [store]);
  const deviceId = plugged ? chosen : null;
  return useMemo(
    () => ({ deviceId, select: store.selectAudioOutput, supported: canChooseSpeaker() }),
    [deviceId, store],
  );
}

function canChooseSpeaker(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && typeof HTMLMediaElement.prototype.setSinkId === 'function';
}
