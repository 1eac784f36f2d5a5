/**
 * Small UI-level types. The components are props-driven and take plain values, so they do not depend on
 * the engine at runtime; the string unions below mirror @meshcall/core's vocabulary (CallType, CloseReason,
 * PeerState) so a container can pass engine values straight through.
 */

/** A participant's identity (bare JID, e.g. `alice@example.org`); same as @meshcall/core's `UserId`. */
export type UserId = string;

/** Whether a call carries video or only audio (@meshcall/core `CallType`). */
export type CallKind = 'audio' | 'video';

/** Why a call ended; the same strings as @meshcall/core's `CloseReason`. */
export type CallEndReason =
  | 'hungUp'
  | 'rejected'
  | 'remoteEnded'
  | 'notAnswered'
  | 'noAction'
  | 'cancelled'
  | 'answeredElsewhere'
  | 'rejectedElsewhere'
  | 'busy'
  | 'glare'
  | 'mediaError'
  | 'connectionLost'
  | 'destroyed';

/**
 * What a tile shows about the link to a participant. `connected` shows no badge; `poor` is for a connected
 * link with bad quality figures (the container decides the threshold from stats).
 */
export type TileConnection = 'connected' | 'connecting' | 'reconnecting' | 'poor' | 'failed';

/** @meshcall/core's `PeerState` values, as plain strings. */
export type PeerStateName =
  | 'unknown'
  | 'new'
  | 'wait'
  | 'pending'
  | 'connecting'
  | 'checking'
  | 'connected'
  | 'disconnected'
  | 'disconnectTimeout'
  | 'closed'
  | 'notAnswered'
  | 'rejected'
  | 'hungUp'
  | 'failed'
  | 'error';

/**
 * Maps an engine peer state (plus an optional "quality is poor" flag from stats) to what a tile shows.
 * A dropped link that is being restored (`disconnected`) reads as reconnecting; every terminal failure as
 * failed; a participant who left (`hungUp`, `closed`, …) is no longer "connecting", so it maps to connected
 * and the container usually removes the tile.
 */
export function tileConnectionFor(state: PeerStateName, poorQuality = false): TileConnection {
  switch (state) {
    case 'connected':
      return poorQuality ? 'poor' : 'connected';
    case 'disconnected':
      return 'reconnecting';
    case 'failed':
    case 'error':
    case 'disconnectTimeout':
      return 'failed';
    case 'unknown':
    case 'new':
    case 'wait':
    case 'pending':
    case 'connecting':
    case 'checking':
      return 'connecting';
    default:
      return 'connected';
  }
}

/** The part of a JID before `@`, used as a display name when the app gives none. */
export function defaultDisplayName(userId: UserId): string {
  const at = userId.indexOf('@');
  const local = at > 0 ? userId.slice(0, at) : userId;
  return local.length > 0 ? local.charAt(0).toUpperCase() + local.slice(1) : userId;
}
