/**
 * Builds per-track constraints from the app's base constraints plus a device choice. Pure, so it is unit
 * tested without a browser.
 */

/** What the app configured for one kind: `true` (any device, browser defaults), `false`, or constraints. */
export type BaseTrackConstraints = boolean | MediaTrackConstraints | undefined;

/** A device choice layered over the base constraints. */
export interface DeviceChoice {
  /** The device to open. */
  readonly deviceId?: string | null | undefined;
  /**
   * `true`: that device or fail (an explicit user choice). `false`: prefer it but fall back to another device
   * (re-opening a remembered device that may have been unplugged meanwhile).
   */
  readonly exact?: boolean | undefined;
  /** Open the camera facing this way (phones); replaces any device choice. */
  readonly facingMode?: string | null | undefined;
}

/**
 * Merges the base constraints with a device choice. A facing-mode choice drops any `deviceId` of the base,
 * since asking for a specific device and a facing direction at once can only conflict.
 */
export function trackConstraints(base: BaseTrackConstraints, choice: DeviceChoice = {}): MediaTrackConstraints | true {
  const baseObject: MediaTrackConstraints = typeof base === 'object' ? base : {};
  if (choice.facingMode) {
    const { deviceId: _ignored, ...rest } = baseObject;
    return { ...rest, facingMode: { exact: choice.facingMode } };
  }
  if (choice.deviceId) {
    return { ...baseObject, deviceId: choice.exact ? { exact: choice.deviceId } : { ideal: choice.deviceId } };
  }
  return typeof base === 'object' ? base : true;
}

/** The device a track was opened from, if the browser reports it (canvas and remote tracks have none). */
export function trackDeviceId(track: MediaStreamTrack | null): string | null {
  if (!track || typeof track.getSettings !== 'function') return null;
  return track.getSettings().deviceId || null;
}

/** The direction a camera track faces, if the browser reports it (phones do, most desktops don't). */
export function trackFacingMode(track: MediaStreamTrack | null): string | null {
  if (!track || typeof track.getSettings !== 'function') return null;
  return track.getSettings().facingMode || null;
}
