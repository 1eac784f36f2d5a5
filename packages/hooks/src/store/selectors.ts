/**
 * Pure selectors over {@link CallState}. Those that derive new values take the previous result and return it
 * when nothing changed, so hooks can hand out the same array until something really changed.
 */
import { type CloseReason, type MediaState, TERMINAL_PEER_STATES, type UserId } from '@meshcall/core';
import type { CallState, EndedCall, LocalTracks, PeerSnapshot, SessionSnapshot } from '../types.js';
import { EMPTY_ARRAY, lookup, reuseArray, reuseObject } from './share.js';

/** A remote track with what a renderer needs next to it. */
/**
 * What a remote track carries: `microphone`; `screenAudio`, the sound shared with a screen; `camera` or
 * `screen`, the video a participant shows (one track: which of the two follows their `media.screenSharing`);
 * `sideCamera`, the camera of someone who shares their screen, sent beside it.
 */
export type RemoteTrackSource = 'microphone' | 'screenAudio' | 'camera' | 'screen' | 'sideCamera';

/** One track of a remote participant, as {@link remoteTracksOf} and `useRemoteTracks` list them. */
export interface RemoteTrack {
  /** Bare JID of the participant who sends the track. */
  readonly userId: UserId;
  /**
   * The track's kind; `video` is the camera, a screen share or a presenter's side camera (see `source`), `audio`
   * the microphone or the sound shared with a screen (each on a track of its own: play them all).
   */
  readonly kind: 'audio' | 'video';
  /** What the track carries. */
  readonly source: RemoteTrackSource;
  /** The track to play (`audio`) or render (`video`). */
  readonly track: MediaStreamTrack;
  /** The stream the track arrived in; `null` for the share sections' tracks (side camera, screen's sound). */
  readonly stream: MediaStream | null;
  /** The sender's mute / camera / screen state, once known. */
  readonly media: MediaState | null;
}

/** Local tracks when there is no session. */
export const NO_LOCAL_TRACKS: LocalTracks = /* @__PURE__ */ Object.freeze({
  audio: null,
  video: null,
  videoSource: null,
  sideCamera: null,
  stream: null,
});

/**
 * The session `sessionId`, or the active session when `sessionId` is `undefined`; `null` if there is none.
 *
 * @example
 * ```ts
 * const session = selectSession(store.getState()); // the active session
 * ```
 */
export function selectSession(state: CallState, sessionId?: string): SessionSnapshot | null {
  return lookup(state.sessions, sessionId === undefined ? state.activeSessionId : sessionId) ?? null;
}

/**
 * One remote participant of a session (default: the active one), or `null`.
 *
 * @example
 * ```ts
 * const bob = selectParticipant(store.getState(), 'bob@example.org');
 * ```
 */
export function selectParticipant(state: CallState, userId: UserId, sessionId?: string): PeerSnapshot | null {
  const session = selectSession(state, sessionId);
  return session ? (lookup(session.peers, userId) ?? null) : null;
}

/**
 * The ids of `session`'s remote participants still in the call (ringing, connecting, connected or reconnecting),
 * in call order: who left, declined, never answered or lost the link for good is not. A new array each time:
 * select it with `useCallStore(…, shallowEqual)`, or use `usePresentParticipants`.
 *
 * @example
 * ```ts
 * const inCall = presentIdsOf(selectSession(store.getState()));
 * ```
 */
export function presentIdsOf(session: SessionSnapshot | null | undefined): readonly UserId[] {
  if (!session) return EMPTY_ARRAY;
  return session.opponents.filter((id) => isStillIn(lookup(session.peers, id)));
}

/** @internal Whether a participant is still in the call: ringing, connecting, connected or reconnecting. */
export function isStillIn(peer: PeerSnapshot | undefined): boolean {
  return peer !== undefined && !TERMINAL_PEER_STATES.has(peer.state);
}

/**
 * Whether the whole call is reconnecting: the call is live, and every participant still in it has a dropped
 * link that is being restored (a "Reconnecting…" banner). One dropped link among good ones is that
 * participant's own state (`disconnected`), for their tile only.
 *
 * @example
 * ```ts
 * const banner = isReconnecting(selectSession(store.getState()));
 * ```
 */
export function isReconnecting(session: SessionSnapshot | null | undefined): boolean {
  if (!session || (session.state !== 'active' && session.state !== 'connecting')) return false;
  const present = presentIdsOf(session);
  return present.length > 0 && present.every((id) => session.peers[id]?.state === 'disconnected');
}

/**
 * Reasons that deserve no end screen: the local user's own decline, a decision taken on another device, the
 * busy policy and glare. Each is either the user's own action or replaced by a call that goes on.
 */
const QUIET_END_REASONS: ReadonlySet<CloseReason> = /* @__PURE__ */ new Set<CloseReason>([
  'rejected',
  'rejectedElsewhere',
  'answeredElsewhere',
  'busy',
  'glare',
]);

/**
 * Whether an ended call deserves an end screen ("Call ended", "No answer"): not when the user declined it, or
 * another of their devices answered or declined it, or it gave way to busy or glare.
 *
 * @example
 * ```ts
 * const { lastEnded } = store.getState();
 * if (lastEnded && showsEndScreen(lastEnded)) showEndScreen(lastEnded);
 * ```
 */
export function showsEndScreen(ended: EndedCall): boolean {
  return !QUIET_END_REASONS.has(ended.reason);
}

/**
 * The ended call an end screen shows, or `null`: the store's `endScreen` (with `quiet`, `lastEnded`, the last
 * one however it ended), when it belongs to `sessionId` if given, else while no other call is on. `useEndedCall`
 * selects it.
 *
 * @example
 * ```ts
 * const reason = endedCallToShow(store.getState())?.reason;
 * ```
 */
export function endedCallToShow(
  state: CallState,
  options: { readonly sessionId?: string | undefined; readonly quiet?: boolean | undefined } = {},
): EndedCall | null {
  const ended = options.quiet === true ? state.lastEnded : state.endScreen;
  if (!ended) return null;
  if (options.sessionId !== undefined) return ended.session.id === options.sessionId ? ended : null;
  return state.activeSessionId === null ? ended : null;
}

/**
 * The participants a caller heard "no" from in an outgoing call that never took place (whatever became of the
 * others: they did not answer, could not be reached or connected). Empty for a call that did take place (a late
 * "no" in a group call is told as it comes) and for an incoming one. {@link busyIn} and {@link couldNotAnswer}
 * tell why.
 *
 * @example
 * ```ts
 * if (declinedBy(ended).length > 0) say(`${declinedBy(ended).join(', ')} declined`);
 * ```
 */
export function declinedBy(ended: EndedCall): readonly UserId[] {
  const { session } = ended;
  if (session.direction !== 'outgoing' || session.activeSince !== null) return EMPTY_ARRAY;
  const declined = session.opponents.filter((id) => session.peers[id]?.state === 'rejected');
  if (declined.length === 0) return EMPTY_ARRAY;
  return declined.length === session.opponents.length ? session.opponents : declined;
}

/**
 * The participants an outgoing call that never connected could not reach: their server said the address does not
 * exist, or could not be found (peer state `unreachable`; a mistyped address, say). Empty otherwise.
 *
 * @example
 * ```ts
 * const unreachable = unreachableIn(ended); // "Frank can't be reached."
 * ```
 */
export function unreachableIn(ended: EndedCall): readonly UserId[] {
  const { session } = ended;
  if (session.direction !== 'outgoing' || session.activeSince !== null) return EMPTY_ARRAY;
  const unreachable = session.opponents.filter((id) => session.peers[id]?.state === 'unreachable');
  return unreachable.length > 0 ? unreachable : EMPTY_ARRAY;
}

/**
 * Of the people in {@link declinedBy}, those whose client turned the call down because they were in another call.
 *
 * @example
 * ```ts
 * const busy = busyIn(ended); // "Bob is in another call."
 * ```
 */
export function busyIn(ended: EndedCall): readonly UserId[] {
  return declinedBy(ended).filter((userId) => ended.session.peers[userId]?.rejectReason === 'busy');
}

/**
 * Of the people in {@link declinedBy}, those who tried to answer and could not (camera, microphone, connection).
 *
 * @example
 * ```ts
 * const failed = couldNotAnswer(ended); // "Bob could not answer."
 * ```
 */
export function couldNotAnswer(ended: EndedCall): readonly UserId[] {
  return declinedBy(ended).filter((userId) => ended.session.peers[userId]?.rejectReason === 'failed');
}

/**
 * Who presents in `session`: of the remote participants still in the call who share a screen, the one who
 * started last (`session.presenters`), or `null`. They keep the stage until someone else starts sharing; when
 * they stop, it goes back to the one who shared before them. One's own screen is not counted: a spotlight built
 * on this shows others' screens. `usePresenter` selects it.
 *
 * @example
 * ```ts
 * const presenter = presenterOf(selectSession(store.getState()));
 * ```
 */
export function presenterOf(session: SessionSnapshot | null | undefined): UserId | null {
  return session?.presenters[session.presenters.length - 1] ?? null;
}

/**
 * Every remote track of `session` in participant order (audio before video: microphone, screen's sound, the
 * video shown, side camera), reusing `previous` and its items when they are unchanged.
 *
 * @example
 * ```ts
 * let tracks = remoteTracksOf(selectSession(store.getState()), []);
 * tracks = remoteTracksOf(selectSession(store.getState()), tracks); // same array if nothing changed
 * ```
 */
export function remoteTracksOf(
  session: SessionSnapshot | null,
  previous: readonly RemoteTrack[],
): readonly RemoteTrack[] {
  if (!session) return reuseArray(previous, EMPTY_ARRAY);
  const next: RemoteTrack[] = [];
  for (const userId of session.opponents) {
    const peer = lookup(session.peers, userId);
    if (!peer) continue;
    for (const [kind, source, track, stream] of [
      ['audio', 'microphone', peer.audioTrack, peer.stream],
      // The share sections' tracks come in no stream (docs/protocol.md §8): play the track itself.
      ['audio', 'screenAudio', peer.screenAudioTrack, null],
      ['video', peer.media?.screenSharing ? 'screen' : 'camera', peer.videoTrack, peer.stream],
      ['video', 'sideCamera', peer.sideCameraTrack, null],
    ] as const) {
      if (!track) continue;
      const item: RemoteTrack = { userId, kind, source, track, stream, media: peer.media };
      const before = previous.find((p) => p.track === track && p.userId === userId);
      next.push(reuseObject(before, item));
    }
  }
  return reuseArray(previous, next);
}
