/**
 * Where the store gets media devices from. The default uses `@meshcall/core`'s device helpers, which read
 * `navigator.mediaDevices` only when called (never at import or render time, so server rendering stays safe);
 * apps and tests can inject their own source.
 */
import {
  groupMediaDevices,
  listMediaDevices,
  type MediaDeviceGroups,
  resolveMediaDevices,
  type Unsubscribe,
  watchMediaDevices,
} from '@meshcall/core';
import type { DeviceSnapshot, DevicesSnapshot } from './types.js';

/** Lists and watches media devices. */
export interface MediaDevicesSource {
  /** The current devices, or `null` when media capture is unavailable here. */
  list(): Promise<readonly MediaDeviceInfo[] | null>;
  /** Calls `onChange` with the new list whenever devices are plugged in or removed; returns the function that stops watching. */
  watch(onChange: (devices: readonly MediaDeviceInfo[]) => void): Unsubscribe;
}

/** The browser's devices (`navigator.mediaDevices`); `null` on the server or an insecure origin. */
export const browserMediaDevices: MediaDevicesSource = {
  async list() {
    if (!resolveMediaDevices()) return null;
    return flatten(await listMediaDevices());
  },
  watch(onChange) {
    return watchMediaDevices((groups) => onChange(flatten(groups)));
  },
};

function flatten(groups: MediaDeviceGroups): MediaDeviceInfo[] {
  return [...groups.audioinput, ...groups.videoinput, ...groups.audiooutput];
}

/**
 * Whether a device list was taken before the page may use the camera and microphone: the browser names no input
 * then (and shows one camera however many there are). Granting permission fires no `devicechange`, so the list is
 * taken again once media opened.
 */
export function listedBeforePermission(devices: DevicesSnapshot): boolean {
  return [...devices.audioinput, ...devices.videoinput].some((device) => device.label === '');
}

/** Groups a browser device list into a {@link DevicesSnapshot} (duplicate ids within a kind dropped). */
export function devicesSnapshot(list: readonly MediaDeviceInfo[] | null): DevicesSnapshot {
  const groups = groupMediaDevices(list ?? []);
  const snapshots = (devices: readonly MediaDeviceInfo[]): DeviceSnapshot[] =>
    devices.map(({ deviceId, groupId, kind, label }) => ({ deviceId, groupId, kind, label }));
  return {
    status: list ? 'ready' : 'unavailable',
    audioinput: snapshots(groups.audioinput),
    videoinput: snapshots(groups.videoinput),
    audiooutput: snapshots(groups.audiooutput),
  };
}
