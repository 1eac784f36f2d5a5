/**
 * Answering a call that rings during another one (client option `busyPolicy: 'ring'`) ends the other one — but
 * only once the new one is answered. Meanwhile (a camera prompt, the answer on its way) the current call is on
 * hold: the user believes they left it, so it hears and sees nothing more of them. If the new call could not be
 * answered, the current one is taken off hold and goes on. `useIncomingCall().accept` and `<VideoCall>`'s
 * "End call and accept" both do this; call-waiting UIs that keep both calls use the session's own `accept`.
 */
import type { UserInfo } from '@meshcall/core';
import { bindSessionActions } from './session-actions.js';
import type { CallClientLike, CallState } from './types.js';

/** A switch from the current call to one being answered, begun with {@link beginCallSwitch}. */
export interface CallSwitch {
  /** The call that answering ends (on hold now). */
  readonly currentId: string;
  /**
   * Call when the answer is settled: `answered` if `accept` resolved. Hangs the current call up (with `userInfo`)
   * if it did, or if the user has moved on to yet another call meanwhile (answered a third one that rang); else
   * takes the current call off hold. Only the first call counts.
   */
  finish(answered: boolean, userInfo?: UserInfo): void;
}

/**
 * The call that answering `answeringId` would end: the active call (live, or being dialed), if it is another one
 * and not hanging up already; else `null`.
 *
 * @example
 * ```ts
 * const endsCurrentCall = currentCallEndedBy(store.getState(), ringingId) !== null; // "End call and accept"
 * ```
 */
export function currentCallEndedBy(state: CallState, answeringId: string): string | null {
  const id = state.activeSessionId;
  const current = id === null ? undefined : state.sessions[id];
  return current && current.id !== answeringId && current.state !== 'closing' ? current.id : null;
}

/**
 * Puts the call that answering `answeringId` ends (see {@link currentCallEndedBy}) on hold now, and returns how
 * to finish the switch; `null` when no call is on.
 *
 * @example
 * ```ts
 * const change = beginCallSwitch(client, store.getState(), ringingId);
 * let answered = false;
 * try {
 *   await bindSessionActions(client, ringingId).accept();
 *   answered = true;
 * } finally {
 *   change?.finish(answered);
 * }
 * ```
 */
export function beginCallSwitch(client: CallClientLike, state: CallState, answeringId: string): CallSwitch | null {
  const currentId = currentCallEndedBy(state, answeringId);
  const current = currentId === null ? undefined : client.getSession(currentId);
  if (currentId === null || !current) return null;
  const { audioMuted, videoMuted, screenSharing } = current.localMedia;
  const actions = bindSessionActions(client, currentId);
  const quietly = (change: Promise<void> | undefined) => void change?.catch(() => {});
  actions.setAudioMuted(true);
  if (!videoMuted) quietly(actions.setVideoMuted(true));
  if (screenSharing) quietly(actions.stopScreenShare());
  let finished = false;
  return {
    currentId,
    finish(answered, userInfo) {
      if (finished) return;
      finished = true;
      // The user chose to leave this call: only a failed answer, with nothing else taken up since, brings it back.
      const movedOn = [...client.sessions.values()].some(
        (session) =>
          session.id !== currentId &&
          session.id !== answeringId &&
          (session.state === 'connecting' || session.state === 'active'),
      );
      if (answered || movedOn) {
        actions.hangUp(userInfo);
        return;
      }
      // Back as it was; a shared screen needs the picker again.
      if (!audioMuted) actions.setAudioMuted(false);
      if (!videoMuted) quietly(actions.setVideoMuted(false));
    },
  };
}
