/**
 * Engine errors in plain words. The engine reports stable codes; people need to know what happened and
 * what to do about it.
 */
import type { MeshcallError, MeshcallErrorCode } from '@meshcall/core';

/**
 * Codes for the console, not for a toast: stray or hostile stanzas (the engine already dropped them, a person can
 * do nothing about it), and a link that failed or was lost (the call screen says so itself: that person's tile
 * in a group call, "The connection was lost." on the end screen; the error's words are for a support log).
 */
const SILENT_CODES: ReadonlySet<MeshcallErrorCode> = new Set<MeshcallErrorCode>([
  'signal-malformed',
  'signal-too-large',
  'signal-unsupported-version',
  'signal-stale',
  'signal-flood',
  'peer-connection-failed',
]);

const MESSAGES: Partial<Record<MeshcallErrorCode, string>> = {
  'media-permission-denied':
    'Camera or microphone access is blocked. Allow it in your browser’s site settings (the icon left of the address), then call again.',
  'media-no-device': 'No camera or microphone was found. Plug one in, or make an audio call.',
  'media-device-fallback': 'The microphone or camera you picked is not connected, so another one is used.',
  'media-device-busy': 'Your camera or microphone is being used by another app. Close that app and try again.',
  'media-constraints': 'Your camera or microphone can’t provide what the call asked for. Try another device.',
  'media-unsupported': 'This browser can’t make calls from this page (it needs https or localhost).',
  'media-aborted': 'The camera or microphone stopped unexpectedly.',
  'negotiation-failed': 'The call failed while it was being set up. Please try again.',
  'send-failed': 'A call message could not be delivered. The other person may have gone offline.',
  'transport-offline': 'You are offline from the chat server; calls can’t be placed until it reconnects.',
  'too-many-participants': 'A call can have at most 4 people (you and 3 others).',
  'invalid-argument': 'That call could not be started. Check the address of the person you called.',
  'invalid-state': 'That action isn’t possible right now.',
};

/** A screen share that could not start, whatever the browser said. */
const SCREEN_FAILED = 'Your screen couldn’t be shared. Try again, or pick another screen or window.';

/**
 * A screen share's failures (`error.source === 'screen'`) in their own words: the media codes are the camera's and
 * microphone's too, and "your camera is in use" would send the user to the wrong place.
 */
const SCREEN_MESSAGES: Partial<Record<MeshcallErrorCode, string>> = {
  'media-permission-denied':
    'Screen sharing is blocked. Allow your browser to record the screen in your system’s privacy settings, then try again.',
  'media-unsupported': 'This browser can’t share the screen from this page.',
};

/** Whether the error is worth showing to the user at all. */
export function isUserFacing(error: MeshcallError): boolean {
  return !SILENT_CODES.has(error.code);
}

/** A sentence for the user. */
export function describeCallError(error: MeshcallError): string {
  if (error.source === 'screen') return SCREEN_MESSAGES[error.code] ?? SCREEN_FAILED;
  return MESSAGES[error.code] ?? `Something went wrong with the call (${error.code}).`;
}
