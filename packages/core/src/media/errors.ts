/**
 * Turns the many ways `getUserMedia` / `getDisplayMedia` fail (DOMException names differ between browsers and
 * spec versions) into one {@link MeshcallError} code, so apps branch on a code and show their own words.
 */
import { MeshcallError, type MeshcallErrorCode, type MeshcallErrorSource } from '../util/errors.js';

/**
 * What was being opened when the error happened: it words the message, and a single device (or the screen) is
 * the error's `source`.
 */
export type MediaErrorTarget = 'microphone' | 'camera' | 'camera or microphone' | 'screen';

/** The facts about a media failure that decide its code. */
export interface MediaFailure {
  /** The DOMException (or legacy error) name, e.g. `NotAllowedError`. */
  readonly name: string;
  /** For `OverconstrainedError`: the constraint that could not be satisfied. */
  readonly constraint?: string | undefined;
}

/**
 * Maps a media failure to its error code. Pure, so the table is unit-tested on its own.
 *
 * - `NotAllowedError` / `SecurityError` (and the legacy `PermissionDeniedError`) → `media-permission-denied`
 * - `NotFoundError` (legacy `DevicesNotFoundError`), or an `OverconstrainedError` on `deviceId` → `media-no-device`
 * - `NotReadableError` (legacy `TrackStartError`) and `AbortError` → `media-device-busy`: the device exists
 *   but could not be started (used by another app, hardware or driver error)
 * - any other `OverconstrainedError` (legacy `ConstraintNotSatisfiedError`) and `TypeError` (invalid
 *   constraints) → `media-constraints`
 * - `NotSupportedError` → `media-unsupported`
 * - anything unknown → `media-device-busy`, because the device exists as far as we can tell but did not start.
 */
export function mediaErrorCode(failure: MediaFailure): MeshcallErrorCode {
  switch (failure.name) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError':
      return 'media-permission-denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
      return 'media-no-device';
    case 'OverconstrainedError':
    case 'ConstraintNotSatisfiedError':
      // An exact deviceId that no longer matches means the chosen device is gone, not a bad constraint.
      return failure.constraint === 'deviceId' ? 'media-no-device' : 'media-constraints';
    case 'TypeError':
      return 'media-constraints';
    case 'NotSupportedError':
      return 'media-unsupported';
    default:
      return 'media-device-busy';
  }
}

const descriptions: Partial<Record<MeshcallErrorCode, (target: MediaErrorTarget) => string>> = {
  'media-permission-denied': (t) => `Permission to use the ${t} was denied`,
  'media-no-device': (t) => `No ${t} was found`,
  'media-device-busy': (t) => `The ${t} could not be started (it may be in use by another application)`,
  'media-constraints': (t) => `The ${t} does not support the requested settings`,
  'media-unsupported': (t) => `This browser or page cannot capture the ${t}`,
};

/**
 * Wraps whatever a media request threw into a {@link MeshcallError} (the original error is its `cause`), its
 * `source` the target when that is one device or the screen. A `MeshcallError` passes through unchanged.
 */
export function toMediaError(error: unknown, target: MediaErrorTarget): MeshcallError {
  if (error instanceof MeshcallError) return error;
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
  const constraint =
    typeof error === 'object' && error !== null && 'constraint' in error && typeof error.constraint === 'string'
      ? error.constraint
      : undefined;
  const code = mediaErrorCode({ name, constraint });
  const detail = error instanceof Error && error.message ? `: ${error.message}` : '';
  const describe = descriptions[code] ?? ((t: MediaErrorTarget) => `The ${t} failed`);
  const source = target === 'camera or microphone' ? undefined : target;
  return new MeshcallError(code, `${describe(target)}${detail}`, source ? { cause: error, source } : { cause: error });
}

/**
 * The error for a page without `navigator.mediaDevices` (insecure origin, server-side rendering, old browser), or
 * without `getDisplayMedia` (`source` `'screen'`).
 */
export function mediaUnsupportedError(what = 'getUserMedia', source?: MeshcallErrorSource): MeshcallError {
  return new MeshcallError(
    'media-unsupported',
    `${what} is not available: media capture needs a browser page on a secure origin (https or localhost)`,
    source && { source },
  );
}

/** The error for a media request cancelled by an AbortSignal or by `release()`. */
export function mediaAbortedError(reason = 'the request was aborted'): MeshcallError {
  return new MeshcallError('media-aborted', `Media acquisition aborted: ${reason}`);
}
