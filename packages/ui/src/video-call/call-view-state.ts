/**
 * Pure reads of the hooks store for `<VideoCall>`: which screen a session needs, and who to call again (which
 * ended call is shown and who turned a call down and why are the hooks' `endedCallToShow`, `declinedBy`, `busyIn`
 * and `couldNotAnswer`; whether the whole call is reconnecting and who is still in it, `isReconnecting` and
 * `presentIdsOf`).
 * Each returns a primitive or a reused array, so the components that select them re-render only when the
 * answer changes.
 */
import { isMeshcallError, type UserId } from '@meshcall/core';
import type { EndedCall, SessionSnapshot } from '@meshcall/hooks';

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
