/**
 * Every error meshcall reports is a {@link MeshcallError} with a stable `code`, so apps can branch on the code
 * and show their own words instead of parsing messages.
 */

/** Stable error codes. Each one names what went wrong, not where. */
export type MeshcallErrorCode =
  // configuration and API misuse
  | 'invalid-config'
  | 'invalid-argument'
  | 'too-many-participants'
  | 'invalid-state'
  | 'destroyed'
  // signaling
  | 'signal-malformed'
  | 'signal-too-large'
  | 'signal-unsupported-version'
  | 'signal-stale'
  /**
   * A participant sent more of something than a call ever needs (ICE candidates for one description,
   * renegotiations in a minute): the rest is ignored, and the call goes on with what came before.
   */
  | 'signal-flood'
  | 'send-failed'
  | 'transport-offline'
  /** `XmppTransport.connect`: the server refused the user name or password (SASL `not-authorized`). */
  | 'transport-auth-failed'
  /** `XmppTransport.connect`: the server does not serve this domain (stream error `host-unknown`). */
  | 'transport-host-unknown'
  /**
   * `XmppTransport.connect`'s connection was closed by the server because another one signed in with the same
   * account and resource (stream error `conflict`: a second tab or a copied profile sharing a stored resource).
   * It does not reconnect (the two would take turns pushing each other out): sign in again, with a resource of its
   * own, if this device should be the one.
   */
  | 'transport-replaced'
  // media
  | 'media-permission-denied'
  | 'media-no-device'
  /**
   * A device chosen with `setPreferredDevices` is not there (unplugged): another one is used, the call goes on.
   * `@meshcall/ui`'s `<VideoCall>` reports it too for the speaker chosen with `useAudioOutput` (the system output
   * plays).
   */
  | 'media-device-fallback'
  | 'media-device-busy'
  | 'media-constraints'
  | 'media-unsupported'
  | 'media-aborted'
  // WebRTC
  | 'negotiation-failed'
  /**
   * A participant's link ended because it could not connect (`failed`) or did not come back in time
   * (`disconnectTimeout`), as this device found: the message says which, and what the ICE servers answered
   * if gathering through them failed (a TURN server refusing the credentials, 401; one not answering, 701).
   */
  | 'peer-connection-failed';

/**
 * What a media error (`media-*`) is about: one's own camera, microphone, or the screen being shared. The codes are
 * shared (`media-device-busy` is a camera held by another app, or a screen capture the browser could not start),
 * so words for the user, and where they go, depend on this too.
 */
export type MeshcallErrorSource = 'camera' | 'microphone' | 'screen';

/** An error raised or reported by meshcall. */
export class MeshcallError extends Error {
  /** A stable code; see {@link MeshcallErrorCode}. */
  readonly code: MeshcallErrorCode;
  /**
   * For media errors: what failed, where it is known (see {@link MeshcallErrorSource}). `'screen'` for every
   * media failure of `startScreenShare`; unset when the camera and microphone were opened together and the browser
   * did not say which one failed, and for other errors.
   */
  readonly source: MeshcallErrorSource | undefined;

  constructor(code: MeshcallErrorCode, message: string, options?: { cause?: unknown; source?: MeshcallErrorSource }) {
    super(message, options);
    this.name = 'MeshcallError';
    this.code = code;
    this.source = options?.source;
  }
}

/** Whether `value` is a {@link MeshcallError}, optionally with the given code. */
export function isMeshcallError(value: unknown, code?: MeshcallErrorCode): value is MeshcallError {
  return value instanceof MeshcallError && (code === undefined || value.code === code);
}

/**
 * `error` itself when it is a {@link MeshcallError}; anything else becomes one with `code`, the thrown value's
 * message after `prefix`, and the thrown value as `cause`.
 */
export function toMeshcallError(error: unknown, code: MeshcallErrorCode, prefix = ''): MeshcallError {
  if (error instanceof MeshcallError) return error;
  // Some errors say only what they are (xmpp.js's TimeoutError has no message): say at least that.
  const said = error instanceof Error ? error.message || error.name : String(error);
  return new MeshcallError(code, `${prefix}${said}`, {
    cause: error,
  });
}
