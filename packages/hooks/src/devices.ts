/**
 * Where the store gets media devices from. The default reads `navigator.mediaDevices` lazily (never at import
 * or render time, so server rendering stays safe); apps and tests can inject their own source.
 */
import type { Unsubscribe } from '@meshcall/core';
import type { DeviceSnapshot, DevicesSnapshot } from './types.js';

/** Lists and watches media devices. */
export interface MediaDevicesSource {
  /** The current devices, or `null` when media capture is unavailable here. */
  list(): Promise<readonly MediaDeviceInfo[] | null>;
  /** Calls `onChange` whenever devices are plugged in or removed; returns the function that stops watching. */
  watch(onChange: () => void): Unsubscribe;
}

/** A source over `navigator.mediaDevices`; it resolves to `null` on the server or an insecure origin. */
export const browserMediaDevices: MediaDevicesSource = {
  async list() {
    const devices = currentMediaDevices();
    return devices ? devices.enumerateDevices() : null;
  },
  watch(onChange) {
    const devices = currentMediaDevices();
    if (!devices) return () => {};
    devices.addEventListener('devicechange', onChange);
    return () => devices.removeEventListener('devicechange', onChange);
  },
};

function currentMediaDevices(): MediaDevices | null {
  if (typeof navigator === 'undefined') return null;
  return (navigator as Partial<Navigator>).mediaDevices ?? null;
}

/** Groups a browser device list into a {@link DevicesSnapshot} (duplicates within a kind dropped). */
export function devicesSnapshot(list: readonly MediaDeviceInfo[] | null): DevicesSnapshot {
  const groups = {
    audioinput: [] as DeviceSnapshot[],
    videoinput: [] as DeviceSnapshot[],
    audiooutput: [] as DeviceSnapshot[],
  };
  for (const device of list ?? []) {
    const group = groups[device.kind];
    if (!group) continue;
    if (device.deviceId !== '' && group.some((d) => d.deviceId === device.deviceId)) continue;
    group.push({ deviceId: device.deviceId, groupId: device.groupId, kind: device.kind, label: device.label });
  }
  return { status: list ? 'ready' : 'unavailable', ...groups };
}
