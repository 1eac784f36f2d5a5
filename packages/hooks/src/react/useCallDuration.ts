/** The running time of a call, for a call timer. */
import { useEffect, useState } from 'react';
import { selectSession } from '../store/selectors.js';
import { useCallStoreApi } from './context.js';
import { useCallStore } from './useCallStore.js';

/**
 * How long a session (default: the active one) has been on, in ms since it first became `active`, or `null`
 * while it has not (ringing, calling, connecting) or when there is no such session. It changes once a second,
 * on the second of call time, so a `m:ss` display turns over exactly; it stops when the call hangs up, and
 * once the call has ended it is its whole length for as long as the store keeps it (`lastEnded`, a few seconds;
 * without `sessionId`, while no other call is on). It re-renders nothing else. Time comes from the store's
 * clock.
 *
 * @example
 * ```tsx
 * function CallTimer() {
 *   const ms = useCallDuration();
 *   if (ms === null) return <span>Connecting…</span>;
 *   const s = Math.floor(ms / 1000);
 *   return <span role="timer">{Math.floor(s / 60)}:{String(s % 60).padStart(2, '0')}</span>;
 * }
 * ```
 */
export function useCallDuration(sessionId?: string): number | null {
  const { clock } = useCallStoreApi();
  const since = useCallStore((s) => selectSession(s, sessionId)?.activeSince ?? null);
  // Once it has closed, the store keeps it a few seconds as `lastEnded` (the default: while no other call is on).
  const lasted = useCallStore((s) => {
    const ended = s.lastEnded;
    if (selectSession(s, sessionId) || !ended || ended.session.activeSince === null) return null;
    const shown = sessionId === undefined ? s.activeSessionId === null : ended.session.id === sessionId;
    return shown ? ended.endedAt - ended.session.activeSince : null;
  });
  const running = useCallStore((s) => {
    const state = selectSession(s, sessionId)?.state;
    return state !== undefined && state !== 'closing' && state !== 'closed';
  });
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => {
    if (since === null || !running) return;
    let timer = clock.setTimeout(function tick() {
      const at = clock.now();
      setNow(at);
      timer = clock.setTimeout(tick, untilNextSecond(at - since));
    }, 0);
    return () => clock.clearTimeout(timer);
  }, [clock, since, running]);
  if (lasted !== null) return lasted;
  // Before the first tick after it started, `now` may be from before: never a negative time.
  return since === null ? null : Math.max(0, now - since);
}

/** Ms until the next whole second of `elapsed` (a full second when it is on one). */
function untilNextSecond(elapsed: number): number {
  return 1000 - (((elapsed % 1000) + 1000) % 1000);
}
