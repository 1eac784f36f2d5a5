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
