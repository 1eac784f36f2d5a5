/**
 * Answering a call that rings during another one (client option `busyPolicy: 'ring'`) ends the other one — but
 * only once the new one is answered. Meanwhile (a camera prompt, the answer on its way) the current call is on
 * hold: the user believes they left it, so it hears and sees nothing more of them. If the new call could not be
 * answered, the current one is taken off hold and goes on. `useIncomingCall().accept` and `<VideoCall>`'s
 * "End call and accept" both do this; call-waiting UIs that keep both calls use the session's own `accept`.
 *
 * Answers can overlap (a third call answered while the second's camera prompt is open): the switches of one client
 * are kept in the order they began. An answer that goes through ends every call left for it or for an earlier
 * answer still pending; an answer that fails hands what it held to a later answer still pending, and only the
 * last one to settle takes the calls it holds off hold.
 */
import type { LocalMediaState, UserInfo } from '@meshcall/core';
import { bindSessionActions } from './session-actions.js';
import type { CallClientLike, CallState, SessionActions } from './types.js';

/** A switch from the current call to one being answered, begun with {@link beginCallSwitch}. */
export interface CallSwitch {
  /** The call that answering ends (on hold now). */
  readonly currentId: string;
  /**
   * Call when the answer is settled: `answered` if `accept` resolved. If it did, the calls left for it (and for
   * earlier answers still pending) are hung up, with `userInfo`. If not, they go back on — unless another answer
   * begun later is still pending, which then decides for them. Only the first call counts.
   */
  finish(answered: boolean, userInfo?: UserInfo): void;
}

/** A call on hold for an answer, and how it was before. */
interface HeldCall {
  readonly id: string;
  readonly actions: SessionActions;
  readonly before: LocalMediaState;
}

/** A switch whose answer is not settled yet. */
interface PendingSwitch {
  held: HeldCall[];
}

/** Each client's switches not settled yet, oldest first. */
const pendingOf = new WeakMap<CallClientLike, PendingSwitch[]>();

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
  const pending = pendingOf.get(client) ?? [];
  pendingOf.set(client, pending);
  const alreadyHeld = pending.some((other) => other.held.some((held) => held.id === currentId));
  const own: PendingSwitch = { held: alreadyHeld ? [] : [hold(client, currentId, current.localMedia)] };
  pending.push(own);
  return {
    currentId,
    finish(answered, userInfo) {
      const index = pending.indexOf(own);
      if (index < 0) return;
      if (answered) {
        // The user is in the new call: whatever they left for it, or for an earlier answer, goes.
        for (const settled of pending.splice(0, index + 1)) {
          for (const { actions } of settled.held) actions.hangUp(userInfo);
        }
        return;
      }
      pending.splice(index, 1);
      const later = pending[index];
      if (later) later.held.push(...own.held);
      else for (const held of own.held) resume(held);
    },
  };
}

/** Mutes call `id` (microphone, camera, shared screen) and remembers how it was. */
function hold(client: CallClientLike, id: string, before: LocalMediaState): HeldCall {
  const actions = bindSessionActions(client, id);
  actions.setAudioMuted(true);
  if (!before.videoMuted) quietly(actions.setVideoMuted(true));
  if (before.screenSharing) quietly(actions.stopScreenShare());
  return { id, actions, before };
}

/** Back as it was; a shared screen needs the picker again. */
function resume({ actions, before }: HeldCall): void {
  if (!before.audioMuted) actions.setAudioMuted(false);
  if (!before.videoMuted) quietly(actions.setVideoMuted(false));
}

function quietly(change: Promise<void> | undefined): void {
  void change?.catch(() => {});
}
