/**
 * Media device discovery. Nothing here touches `navigator` at import time, so importing meshcall during
 * server-side rendering is safe; without `navigator.mediaDevices` the functions return empty lists.
 */
import type { Unsubscribe } from '../events/emitter.js';

/**
 * The part of `MediaDevices` that meshcall uses. `navigator.mediaDevices` satisfies it; tests and apps with
 * a custom capture pipeline can pass their own implementation.
 */
export interface MediaDevicesLike {
  /** Opens the microphone and/or camera, like `navigator.mediaDevices.getUserMedia`. */
  getUserMedia(constraints?: MediaStreamConstraints): Promise<MediaStream>;
  /** Lists the media devices, like `navigator.mediaDevices.enumerateDevices`. */
  enumerateDevices(): Promise<MediaDeviceInfo[]>;
  /** Missing on most mobile browsers; screen sharing then fails with `media-unsupported`. */
  getDisplayMedia?(options?: DisplayMediaStreamOptions): Promise<MediaStream>;
  /** Subscribes to `devicechange`; without it, {@link watchMediaDevices} never reports a change. */
  addEventListener?(type: 'devicechange', listener: () => void): void;
  /** Removes a `devicechange` listener added with `addEventListener`. */
  removeEventListener?(type: 'devicechange', listener: () => void): void;
}

/** Media devices grouped by kind, in the order the browser lists them. */
export interface MediaDeviceGroups {
  /** Microphones. */
  readonly audioinput: readonly MediaDeviceInfo[];
  /** Cameras. */
  readonly videoinput: readonly MediaDeviceInfo[];
  /** Speakers and headphones (audio outputs). */
  readonly audiooutput: readonly MediaDeviceInfo[];
}

/**
 * The `MediaDevices` to use: the injected one, else `navigator.mediaDevices`, else `null` (server-side
 * rendering, insecure origin, or a browser without media capture).
 */
export function resolveMediaDevices(injected?: MediaDevicesLike | null): MediaDevicesLike | null {
  if (injected) return injected;
  if (typeof navigator === 'undefined') return null;
  return (navigator as Partial<Navigator>).mediaDevices ?? null;
}

/**
 * Groups a device list by kind. Before the page has camera/microphone permission, browsers list at most one
 * device per kind with an empty `deviceId` and `label`; such entries are kept (they tell "a camera exists").
 * Duplicate ids within a kind are dropped.
 */
export function groupMediaDevices(devices: readonly MediaDeviceInfo[]): MediaDeviceGroups {
  const groups = {
    audioinput: [] as MediaDeviceInfo[],
    videoinput: [] as MediaDeviceInfo[],
    audiooutput: [] as MediaDeviceInfo[],
  };
  for (const device of devices) {
    const list = groups[device.kind];
    if (!list) continue;
    if (device.deviceId !== '' && list.some((d) => d.deviceId === device.deviceId)) continue;
    list.push(device);
  }
  return groups;
}

/** Empty groups, for pages without media devices. */
function emptyGroups(): MediaDeviceGroups {
  return { audioinput: [], videoinput: [], audiooutput: [] };
}

/**
 * Lists the media devices grouped by kind. Resolves to empty lists when media capture is unavailable;
 * rejects only if the browser's `enumerateDevices` rejects.
 */
export async function listMediaDevices(mediaDevices?: MediaDevicesLike | null): Promise<MediaDeviceGroups> {
  const devices = resolveMediaDevices(mediaDevices);
  if (!devices) return emptyGroups();
  return groupMediaDevices(await devices.enumerateDevices());
}

/**
 * Calls `onChange` with the fresh device list every time a device is plugged in or removed (`devicechange`).
 * It does not call it initially: use {@link listMediaDevices} for that. When changes come in bursts, only the
 * newest list is delivered. Returns the function that stops watching (a no-op without media devices).
 */
export function watchMediaDevices(
  onChange: (devices: MediaDeviceGroups) => void,
  mediaDevices?: MediaDevicesLike | null,
): Unsubscribe {
  const devices = resolveMediaDevices(mediaDevices);
  if (!devices?.addEventListener) return () => {};
  let active = true;
  let latest = 0;
  const listener = () => {
    const request = ++latest;
    devices.enumerateDevices().then(
      (list) => {
        // A slower, older enumeration must not overwrite a newer one.
        if (active && request === latest) onChange(groupMediaDevices(list));
      },
      () => {
        // enumerateDevices only fails when the document is going away; the next change will try again.
      },
    );
  };
  devices.addEventListener('devicechange', listener);
  return () => {
    if (!active) return;
    active = false;
    devices.removeEventListener?.('devicechange', listener);
  };
}
