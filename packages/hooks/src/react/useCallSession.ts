/** Session-level hooks: the call screen's session, the ringing call, the ended call, starting a call. */
import {
  assertStartOptions,
  assertUserInfo,
  type CallType,
  type LocalMediaState,
  type UserId,
  type UserInfo,
} from '@meshcall/core';
import { useCallback, useMemo } from 'react';
import { beginCallSwitch, currentCallEndedBy } from '../call-switch.js';
import { bindSessionActions } from '../session-actions.js';
import { endedCallToShow, isReconnecting, selectSession } from '../store/selectors.js';
import type { AcceptOptions, EndedCall, SessionActions, SessionSnapshot, StartOptions } from '../types.js';
import { useCallClient, useCallStoreApi } from './context.js';
import { useCallStore } from './useCallStore.js';

/** What {@link useCallSession} returns: the snapshot (or `null`) and the bound commands. */
export interface UseCallSessionResult extends SessionActions {
  /** The session's snapshot (the given id, else the active session), or `null` when there is none. */
  readonly session: SessionSnapshot | null;
}

/**
 * The commands of a session (default: the active one), without its snapshot: a control bar that reads only
 * {@link useLocalMedia} re-renders when the local user's media changes, not on every change of the call.
 * The functions keep their identity while the session is the same.
 *
 * @example
 * ```tsx
 * function HangUpButton() {
 *   const { hangUp } = useSessionActions();
 *   return <button onClick={() => hangUp()}>Hang up</button>;
 * }
 * ```
 */
export function useSessionActions(sessionId?: string): SessionActions {
  const client = useCallClient();
  const boundId = useCallStore((s) => sessionId ?? selectSession(s)?.id ?? null);
  return useMemo(() => bindSessionActions(client, boundId), [client, boundId]);
}

/**
 * The local user's mute, camera, screen-share and device state in a session (default: the active one), or
 * `null` without a session. Re-renders only when that changes.
 *
 * @example
 * ```tsx
 * function MuteButton() {
 *   const media = useLocalMedia();
 *   const { setAudioMuted } = useSessionActions();
 *   if (!media) return null;
 *   return (
 *     <button aria-pressed={media.audioMuted} onClick={() => setAudioMuted(!media.audioMuted)}>
 *       Mute
 *     </button>
 *   );
 * }
 * ```
 */
export function useLocalMedia(sessionId?: string): LocalMediaState | null {
  return useCallStore((s) => selectSession(s, sessionId)?.localMedia ?? null);
}

/**
 * A session's snapshot and commands. Without an id: the active session (the newest connecting/active one,
 * else the newest outgoing one being dialed). Re-renders when anything of that session changes; tiles should
 * use {@link useParticipant} instead.
 *
 * @example
 * ```tsx
 * function CallBar() {
 *   const { session, hangUp, setAudioMuted } = useCallSession();
 *   if (!session) return null;
 *   return (
 *     <>
 *       <span>{session.state}</span>
 *       <button onClick={() => setAudioMuted(!session.localMedia.audioMuted)}>mic</button>
 *       <button onClick={() => hangUp()}>hang up</button>
 *     </>
 *   );
 * }
 * ```
 */
export function useCallSession(sessionId?: string): UseCallSessionResult {
  const session = useCallStore((s) => selectSession(s, sessionId));
  const actions = useSessionActions(sessionId);
  return useMemo(() => ({ ...actions, session }), [actions, session]);
}

/** What {@link useIncomingCall} returns. */
export interface UseIncomingCallResult {
  /** The oldest ringing incoming session, or `null`. */
  readonly session: SessionSnapshot | null;
  /**
   * Whether answering ends the call the user is in (a call ringing during another one, client option
   * `busyPolicy: 'ring'`): the button should say so ("End call and accept").
   */
  readonly endsCurrentCall: boolean;
  /**
   * Answers the ringing call (see `CallSession.accept`); rejects with `invalid-state` when none rings. A call the
   * user is in (see `endsCurrentCall`) goes on hold at once and is hung up once this one is answered, or taken off
   * hold if it could not be (see `beginCallSwitch`; to keep both calls, use `bindSessionActions(…).accept`).
   */
  accept(userInfo?: UserInfo, options?: AcceptOptions): Promise<void>;
  /** Declines the ringing call (every participant is told); does nothing when none rings. */
  reject(userInfo?: UserInfo): void;
}

/**
 * The ringing incoming call (the oldest one if several ring), with accept and reject.
 *
 * @example
 * ```tsx
 * function Ringer() {
 *   const { session, accept, reject } = useIncomingCall();
 *   if (!session) return null;
 *   return (
 *     <div role="alertdialog">
 *       {session.initiator} is calling ({session.callType})
 *       <button onClick={() => accept()}>Accept</button>
 *       <button onClick={() => reject()}>Decline</button>
 *     </div>
 *   );
 * }
 * ```
 */
export function useIncomingCall(): UseIncomingCallResult {
  const client = useCallClient();
  const store = useCallStoreApi();
  const session = useCallStore((s) => selectSession(s, s.incomingSessionIds[0] ?? ''));
  const id = session?.id ?? null;
  const endsCurrentCall = useCallStore((s) => id !== null && currentCallEndedBy(s, id) !== null);
  const actions = useMemo(() => {
    const bound = bindSessionActions(client, id);
    const accept = async (userInfo?: UserInfo, options?: AcceptOptions) => {
      const change = id === null ? null : beginCallSwitch(client, store.getState(), id);
      let answered = false;
      try {
        await bound.accept(userInfo, options);
        answered = true;
      } finally {
        change?.finish(answered, userInfo);
      }
    };
    return { accept, reject: bound.reject };
  }, [client, store, id]);
  return useMemo(() => ({ session, endsCurrentCall, ...actions }), [session, endsCurrentCall, actions]);
}

/** What {@link useEndedCall} returns. */
export interface UseEndedCallResult {
  /**
   * The session that closed most recently, kept a few seconds (see `endedRetention`; `store.holdEnded()` keeps
   * it longer), or `null`; `null` too while another call is on (being dialed, connecting or active): that
   * call is the news now.
   */
  readonly ended: EndedCall | null;
  /** Forgets it now. */
  dismiss(): void;
}

/** Options of {@link useEndedCall}. */
export interface UseEndedCallOptions {
  /**
   * Also the calls that end without news for the user (see `showsEndScreen`): their own decline, another of
   * their devices answering or declining, busy, glare. Default `false`.
   */
  readonly quiet?: boolean | undefined;
  /**
   * Only this session's end (while it is the latest that deserves a screen), whatever other call is on. Default:
   * any session's, while no other call is on.
   */
  readonly sessionId?: string | undefined;
}

/**
 * The call that just ended and why, to show "Call ended: no answer" for a moment. A call the user declined
 * (or answered or declined on another device) is no news and is left out, unless `quiet` is set; one that ends
 * so while an ended call is shown (the user declines a call that rang on top of the end screen) leaves it shown.
 *
 * @example
 * ```tsx
 * const { ended, dismiss } = useEndedCall();
 * if (ended) return <p onClick={dismiss}>Call ended ({ended.reason})</p>;
 * ```
 */
export function useEndedCall(options: UseEndedCallOptions = {}): UseEndedCallResult {
  const store = useCallStoreApi();
  const { sessionId } = options;
  const quiet = options.quiet === true;
  const ended = useCallStore((s) => endedCallToShow(s, { sessionId, quiet }));
  return useMemo(() => ({ ended, dismiss: store.dismissEnded }), [ended, store]);
}

/**
 * Whether the whole call is reconnecting (see `isReconnecting`): every participant still in it has a dropped
 * link that is being restored. Re-renders only when that changes.
 *
 * @example
 * ```tsx
 * const reconnecting = useIsReconnecting();
 * return reconnecting ? <p role="status">Reconnecting…</p> : null;
 * ```
 */
export function useIsReconnecting(sessionId?: string): boolean {
  return useCallStore((s) => isReconnecting(selectSession(s, sessionId)));
}

/** Creates a session and starts it; resolves to the new session's id. */
export type StartCall = (
  opponents: readonly UserId[],
  callType: CallType,
  userInfo?: UserInfo,
  options?: StartOptions,
) => Promise<string>;

/**
 * A stable function that places a call: creates the session and starts it at once (it becomes the active
 * session, `pending` while it rings; the camera prompt, if any, is open meanwhile). Not while another call is
 * live: that one stays the active session (and on `<VideoCall>`'s screen), and the new one, once answered, goes
 * on beside it with the same microphone. To replace a live call, hang it up first.
 *
 * @example
 * ```tsx
 * const startCall = useStartCall();
 * <button onClick={() => startCall(['bob@example.org'], 'video', { name: 'Alice' })}>Call Bob</button>
 * ```
 */
export function useStartCall(): StartCall {
  const client = useCallClient();
  return useCallback<StartCall>(
    async (opponents, callType, userInfo, options) => {
      // Before the session exists: a userInfo the protocol cannot carry, or media the call cannot take, makes
      // start() throw, and a session left `new` would stay in the client for good (shown as "Calling…").
      if (userInfo !== undefined) assertUserInfo(userInfo);
      if (options !== undefined) assertStartOptions(callType, options);
      const session = client.createSession(opponents, callType);
      await session.start(userInfo, options);
      return session.id;
    },
    [client],
  );
}
