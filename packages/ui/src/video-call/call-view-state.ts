/**
 * Pure reads of the hooks store for `<VideoCall>`: which screen a session needs, which ended call it shows, and
 * who turned a call down and why (whether the whole call is reconnecting, whether an ended call deserves an end
 * screen and who is still in the call are the hooks' `isReconnecting`, `showsEndScreen` and `presentIdsOf`).
 * Each returns a primitive or a reused array, so the components that select them re-render only when the
 * answer changes.
 */
import { isMeshcallError, type UserId } from '@meshcall/core';
import { type CallState, type EndedCall, type SessionSnapshot, showsEndScreen } from '@meshcall/hooks';

/**
 * The screen a session needs: `calling` while an outgoing call rings, `call` once someone answered, `closing`
 * while it hangs up (the caller keeps showing what it showed before), `null` for nothing (no session, or an
 * incoming call that is still ringing: the dialog covers that).
 */
export type CallScreen = 'calling' | 'call' | 'closing' | null;

/** The screen for `session` (see {@link CallScreen}). */
export function screenOf(session: SessionSnapshot | null | undefined): CallScreen {
  if (!session) return null;
  switch (session.state) {
    case 'pending':
      return session.direction === 'outgoing' ? 'calling' : null;
    case 'connecting':
    case 'active':
      return 'call';
    case 'closing':
      return 'closing';
    default:
      return null;
  }
}

/**
 * The ended call `<VideoCall>` shows, or `null`: the store's last ended call, when it belongs to the watched
 * session (any session when `sessionId` is undefined), deserves a screen, and no other call is on.
 */
export function endedCallToShow(state: CallState, sessionId: string | undefined): EndedCall | null {
  const ended = state.lastEnded;
  if (!ended || !showsEndScreen(ended)) return null;
  if (sessionId !== undefined) return ended.session.id === sessionId ? ended : null;
  return state.activeSessionId === null ? ended : null;
}

/**
 * The participants a caller heard "no" from, when that is the whole story of an outgoing call: everyone
 * declined. Empty otherwise (someone answered, or the call ended another way).
 */
export function declinedBy(ended: EndedCall): readonly UserId[] {
  const { session } = ended;
  if (session.direction !== 'outgoing' || ended.reason !== 'remoteEnded') return [];
  const peers = session.opponents.map((id) => session.peers[id]);
  return peers.every((peer) => peer?.state === 'rejected') ? session.opponents : [];
}

/** Of the people in {@link declinedBy}, those whose client turned the call down because they were in another call. */
export function busyIn(ended: EndedCall): readonly UserId[] {
  return declinedBy(ended).filter((userId) => ended.session.peers[userId]?.rejectReason === 'busy');
}

/** Of the people in {@link declinedBy}, those who tried to answer and could not (camera, microphone, connection). */
export function couldNotAnswer(ended: EndedCall): readonly UserId[] {
  return declinedBy(ended).filter((userId) => ended.session.peers[userId]?.rejectReason === 'failed');
}

/** Who to call again after `ended`: everyone else who was in it (the caller included, for a callee). */
export function callAgainTargets(ended: EndedCall): readonly UserId[] {
  return ended.session.opponents;
}

/**
 * Whether a failed command only found its call gone: a press that lands just as the call ends (the other side
 * hung up a moment before) has nothing left to do, which is no failure worth telling the app about.
 */
export function endedMeanwhile(
  client: { getSession(id: string): unknown },
  sessionId: string,
  error: unknown,
): boolean {
  return isMeshcallError(error, 'invalid-state') && client.getSession(sessionId) === undefined;
}
