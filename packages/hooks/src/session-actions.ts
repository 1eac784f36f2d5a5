/** A session's commands bound to its id, looked up on each call: what the session hooks hand out. No React here. */
import { MeshcallError, type ScreenShareOptions, type UserInfo } from '@meshcall/core';
import type { AcceptOptions, CallClientLike, SessionActions, StartOptions } from './types.js';

/**
 * Binds {@link SessionActions} to `sessionId` on `client`. The commands look the session up when called, so they
 * stay valid (and keep their identity) across re-renders; on a session that is gone, the async ones reject with
 * `invalid-state` and the others do nothing.
 *
 * @example
 * ```ts
 * const { hangUp } = bindSessionActions(client, sessionId);
 * hangUp();
 * ```
 */
export function bindSessionActions(client: CallClientLike, sessionId: string | null): SessionActions {
  const live = () => (sessionId === null ? undefined : client.getSession(sessionId));
  const gone = () =>
    Promise.reject(new MeshcallError('invalid-state', `The call session ${sessionId ?? '(none)'} is not live.`));
  const async =
    <A extends unknown[]>(run: (session: NonNullable<ReturnType<typeof live>>, ...args: A) => Promise<void>) =>
    (...args: A): Promise<void> => {
      const session = live();
      return session ? run(session, ...args) : gone();
    };
  return {
    start: async((s, userInfo?: UserInfo, options?: StartOptions) => s.start(userInfo, options)),
    accept: async((s, userInfo?: UserInfo, options?: AcceptOptions) => s.accept(userInfo, options)),
    reject: (userInfo) => live()?.reject(userInfo),
    hangUp: (userInfo) => live()?.hangUp(userInfo),
    setAudioMuted: (muted) => live()?.setAudioMuted(muted),
    setVideoMuted: async((s, muted: boolean) => s.setVideoMuted(muted)),
    switchCamera: async((s) => s.switchCamera()),
    selectDevice: async((s, kind: 'audioinput' | 'videoinput', deviceId: string) => s.selectDevice(kind, deviceId)),
    startScreenShare: async((s, options?: ScreenShareOptions) => s.startScreenShare(options)),
    stopScreenShare: async((s) => s.stopScreenShare()),
  };
}
