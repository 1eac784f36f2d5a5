/**
 * Reads engine objects into plain data for the reducer. This is the only place that touches the engine's
 * getters, so the reducer stays pure and can be tested with plain objects.
 */
import type { TrackSource, TransportStatus, UserId } from '@meshcall/core';
import type { CallClientLike, CallSessionLike, PeerSnapshot, SessionFacts } from '../types.js';

/** A session as plain data: everything the store keeps about it except what only events carry. */
export interface SessionData extends SessionFacts {
  /** The engine's snapshot of each opponent (the values of `CallSession.peers`). */
  readonly peers: readonly PeerSnapshot[];
  /** The local preview stream, or `null` before media is acquired. */
  readonly localStream: MediaStream | null;
  /** The first audio track of `localStream`, or `null`. */
  readonly localAudio: MediaStreamTrack | null;
  /** The first video track of `localStream` (camera or screen), or `null`. */
  readonly localVideo: MediaStreamTrack | null;
  /** The camera sent beside the shared screen, or `null`. */
  readonly localSideCamera: MediaStreamTrack | null;
}

/** The client as plain data. */
export interface ClientData {
  /** The signaling connection's status. */
  readonly status: TransportStatus;
  /** The local user's bare JID. */
  readonly localUser: UserId;
  /** Users seen online through presence (bare JIDs), unsorted, as `client.onlineUsers()` returned them. */
  readonly onlineUsers: readonly UserId[];
  /** Every session that has not closed, in the order of `client.sessions`. */
  readonly sessions: readonly SessionData[];
}

/** When the call went out, or `null` before `start()` (the engine says 0 then). */
function startedAtOf(session: CallSessionLike): number | null {
  return session.startedAt || null;
}

/** Reads one session. */
export function readSession(session: CallSessionLike): SessionData {
  const stream = session.localStream;
  return {
    id: session.id,
    direction: session.direction,
    callType: session.callType,
    initiator: session.initiator,
    participants: session.participants,
    opponents: session.opponents,
    userInfo: session.userInfo,
    state: session.state,
    closeReason: session.closeReason,
    closeError: session.closeError,
    startedAt: startedAtOf(session),
    activeSince: session.activeSince,
    localMedia: session.localMedia,
    speakers: session.speakers,
    peers: [...session.peers.values()],
    localStream: stream,
    localAudio: stream?.getAudioTracks()[0] ?? null,
    localVideo: stream?.getVideoTracks()[0] ?? null,
    localSideCamera: session.localSideCamera,
  };
}

/** Reads the client and its live sessions (closed ones are skipped: they are about to be removed). */
export function readClient(client: CallClientLike): ClientData {
  const sessions: SessionData[] = [];
  for (const session of client.sessions.values()) {
    if (session.state !== 'closed') sessions.push(readSession(session));
  }
  return {
    status: client.status,
    localUser: client.localUser,
    onlineUsers: [...client.onlineUsers()],
    sessions,
  };
}

/** The source of the local video track: the screen while the media state says it is shared, else the camera. */
export function impliedVideoSource(screenSharing: boolean, video: MediaStreamTrack | null): TrackSource | null {
  if (!video) return null;
  return screenSharing ? 'screen' : 'camera';
}
