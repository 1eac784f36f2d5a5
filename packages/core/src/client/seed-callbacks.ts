/**
 * The QuickBlox-style listener object, for apps porting code written against QBRTCClient's
 * `QBRTCClientSessionCallbacks`, `QBRTCSessionConnectionCallbacks` and the track callbacks: one object of
 * optional `on…` methods instead of `on(name, …)` subscriptions. A thin mapping onto meshcall's events; every
 * session the client gets (outgoing or incoming) is followed until it closes.
 */
import type { UserInfo } from '../protocol/signal.js';
import type { CallSession } from '../session/call-session.js';
import type { CloseReason, SessionState } from '../session/types.js';
import type { UserId } from '../util/jid.js';
import type { CallClient } from './call-client.js';

/** The seed's callbacks, by their seed names. Every method is optional. */
export interface SeedCallbacks {
  /** A call rings on this device (QB: onReceiveNewSession). */
  onReceiveNewSession?(session: CallSession): void;
  /** The local user did not answer in time (QB: onUserNoActions). */
  onUserNoActions?(session: CallSession, userId: UserId): void;
  /** The session starts closing (QB: onSessionStartClose). */
  onSessionStartClose?(session: CallSession, reason: CloseReason): void;
  /** A callee did not answer in time, or cannot be reached (QB: onUserNotAnswer). */
  onUserNotAnswer?(session: CallSession, userId: UserId): void;
  /** QB: onCallRejectByUser. */
  onCallRejectByUser?(session: CallSession, userId: UserId, userInfo: UserInfo): void;
  /** QB: onCallAcceptByUser. */
  onCallAcceptByUser?(session: CallSession, userId: UserId, userInfo: UserInfo): void;
  /** QB: onReceiveHangUpFromUser. */
  onReceiveHangUpFromUser?(session: CallSession, userId: UserId, userInfo: UserInfo): void;
  /** QB: onSessionClosed. */
  onSessionClosed?(session: CallSession, reason: CloseReason): void;
  /** QB: onStateChanged. */
  onStateChanged?(session: CallSession, state: SessionState): void;
  /** QB: onStartConnectToUser. */
  onStartConnectToUser?(session: CallSession, userId: UserId): void;
  /** QB: onConnectedToUser. */
  onConnectedToUser?(session: CallSession, userId: UserId): void;
  /** QB: onConnectionFailedWithUser. */
  onConnectionFailedWithUser?(session: CallSession, userId: UserId): void;
  /** QB: onDisconnectedFromUser. */
  onDisconnectedFromUser?(session: CallSession, userId: UserId): void;
  /** QB: onDisconnectedTimeoutFromUser. */
  onDisconnectedTimeoutFromUser?(session: CallSession, userId: UserId): void;
  /** QB: onConnectionClosedForUser. */
  onConnectionClosedForUser?(session: CallSession, userId: UserId): void;
  /** QB: onLocalVideoTrackReceive / onLocalAudioTrackReceive (a null track: camera turned off). */
  onLocalVideoTrackReceive?(session: CallSession, track: MediaStreamTrack | null): void;
  /** QB: onLocalAudioTrackReceive: the microphone track to send, on acquire and on a switch (null: it was lost). */
  onLocalAudioTrackReceive?(session: CallSession, track: MediaStreamTrack | null): void;
  /** QB: onRemoteVideoTrackReceive / onRemoteAudioTrackReceive. */
  onRemoteVideoTrackReceive?(session: CallSession, track: MediaStreamTrack, userId: UserId): void;
  /** QB: onRemoteAudioTrackReceive: a participant's audio track arrived (`userId` is their bare JID). */
  onRemoteAudioTrackReceive?(session: CallSession, track: MediaStreamTrack, userId: UserId): void;
}

/**
 * Calls `callbacks` for every session of `client`, seed style. Returns the function that stops it.
 *
 * @example
 * const stop = addSeedCallbacks(client, {
 *   onReceiveNewSession: (session) => session.accept({ name: 'Bob' }),
 *   onCallAcceptByUser: (session, userId, userInfo) => console.log(userId, 'accepted', userInfo),
 *   onRemoteVideoTrackReceive: (session, track, userId) => render(userId, track),
 * });
 */
export function addSeedCallbacks(client: CallClient, callbacks: SeedCallbacks): () => void {
  const followed = new Map<CallSession, Array<() => void>>();
  const follow = (session: CallSession) => {
    // Closed already (an earlier listener of the app declined it): its emitter is cleared, nothing to follow.
    if (followed.has(session) || session.state === 'closed') return;
    const c = callbacks;
    followed.set(session, [
      session.on('stateChanged', ({ state }) => c.onStateChanged?.(session, state)),
      session.on('accepted', ({ userId, userInfo }) => c.onCallAcceptByUser?.(session, userId, userInfo)),
      session.on('rejected', ({ userId, userInfo }) => c.onCallRejectByUser?.(session, userId, userInfo)),
      session.on('hungUp', ({ userId, userInfo }) => c.onReceiveHangUpFromUser?.(session, userId, userInfo)),
      session.on('notAnswered', ({ userId }) => c.onUserNotAnswer?.(session, userId)),
      session.on('noAction', ({ userId }) => c.onUserNoActions?.(session, userId)),
      session.on('closing', ({ reason }) => c.onSessionStartClose?.(session, reason)),
      session.on('peerConnecting', ({ userId }) => c.onStartConnectToUser?.(session, userId)),
      session.on('peerConnected', ({ userId }) => c.onConnectedToUser?.(session, userId)),
      session.on('peerFailed', ({ userId }) => c.onConnectionFailedWithUser?.(session, userId)),
      session.on('peerDisconnected', ({ userId }) => c.onDisconnectedFromUser?.(session, userId)),
      session.on('peerDisconnectTimeout', ({ userId }) => c.onDisconnectedTimeoutFromUser?.(session, userId)),
      session.on('peerClosed', ({ userId }) => c.onConnectionClosedForUser?.(session, userId)),
      session.on('localTrack', ({ kind, track }) =>
        kind === 'video' ? c.onLocalVideoTrackReceive?.(session, track) : c.onLocalAudioTrackReceive?.(session, track),
      ),
      session.on('remoteTrack', ({ kind, track, userId }) =>
        kind === 'video'
          ? c.onRemoteVideoTrackReceive?.(session, track, userId)
          : c.onRemoteAudioTrackReceive?.(session, track, userId),
      ),
      session.on('closed', ({ reason }) => {
        unfollow(session);
        c.onSessionClosed?.(session, reason);
      }),
    ]);
  };
  const unfollow = (session: CallSession) => {
    for (const off of followed.get(session) ?? []) off();
    followed.delete(session);
  };
  for (const session of client.sessions.values()) follow(session);
  const offAdded = client.on('sessionAdded', ({ session }) => follow(session));
  const offIncoming = client.on('incomingCall', ({ session }) => callbacks.onReceiveNewSession?.(session));
  return () => {
    offAdded();
    offIncoming();
    for (const session of [...followed.keys()]) unfollow(session);
  };
}
