/** Connection-quality figures for a call-quality panel. */
import type { PeerStats, UserId } from '@meshcall/core';
import { useEffect } from 'react';
import { selectSession } from '../store/selectors.js';
import { EMPTY_RECORD } from '../store/share.js';
import { useCallStoreApi } from './context.js';
import { useCallStore } from './useCallStore.js';

/** Options of {@link useCallStats}. */
export interface UseCallStatsOptions {
  /**
   * Also poll `session.getStats()` every this many ms while mounted. Without it the figures come only from the
   * session's `stats` events (client option `statsInterval`).
   */
  interval?: number | undefined;
}

/**
 * The latest per-peer stats of a session (default: the active one), keyed by user id. Empty until the first
 * sample.
 *
 * @example
 * ```tsx
 * function Quality() {
 *   const stats = useCallStats(undefined, { interval: 2000 });
 *   return Object.values(stats).map((s) => <p key={s.userId}>{s.userId}: {s.rttMs ?? '–'} ms</p>);
 * }
 * ```
 */
export function useCallStats(
  sessionId?: string,
  options: UseCallStatsOptions = {},
): Readonly<Record<UserId, PeerStats>> {
  const store = useCallStoreApi();
  // Two narrow selections: the rest of the session changes far more often than its stats.
  const id = useCallStore((s) => selectSession(s, sessionId)?.id ?? null);
  const stats = useCallStore((s) => selectSession(s, sessionId)?.stats ?? EMPTY_RECORD);
  const interval = options.interval ?? 0;
  useEffect(() => (id !== null && interval > 0 ? store.pollStats(id, interval) : undefined), [store, id, interval]);
  return stats;
}
