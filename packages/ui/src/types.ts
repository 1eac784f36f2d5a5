/**
 * Small UI-level types. The components are props-driven and take plain values; the engine's vocabulary is
 * imported as types only (no runtime dependency on the engine), so a container passes engine values
 * straight through and a change in the engine's unions shows up here as a type error.
 */
import type { PeerState, UserId } from '@meshcall/core';

/** The engine's vocabulary the components use, under core's own names (apps import them from @meshcall/core). */
export type { CallType, CloseReason, PeerState, UserId } from '@meshcall/core';

/**
 * What a tile shows about the link to a participant. `connected` shows no badge; `ringing` is for someone who
 * has not answered yet while the call already goes on with others; `poor` is for a connected link with bad
 * quality figures (the container decides the threshold from stats).
 */
export type TileConnection = 'connected' | 'ringing' | 'connecting' | 'reconnecting' | 'poor' | 'failed';

/**
 * Maps an engine peer state (plus an optional "quality is poor" flag from stats) to what a tile shows.
 * A participant still being rung (`wait`) reads as ringing; a dropped link that is being restored
 * (`disconnected`) reads as reconnecting; every terminal failure as
 * failed; a participant who left (`hungUp`, `closed`, …) is no longer "connecting", so it maps to connected
 * and the container usually removes the tile.
 */
export function tileConnectionFor(state: PeerState, poorQuality = false): TileConnection {
  switch (state) {
    case 'connected':
      return poorQuality ? 'poor' : 'connected';
    case 'disconnected':
      return 'reconnecting';
    case 'failed':
    case 'error':
    case 'disconnectTimeout':
      return 'failed';
    case 'wait':
      return 'ringing';
    case 'unknown':
    case 'new':
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
