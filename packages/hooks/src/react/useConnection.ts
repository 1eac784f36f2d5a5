/** Client-level hooks: connection status, the local user, presence and errors. */
import type { TransportStatus, UserId } from '@meshcall/core';
import { useMemo } from 'react';
import type { CallErrorEntry } from '../types.js';
import { useCallStoreApi } from './context.js';
import { useCallStore } from './useCallStore.js';

/**
 * The signaling connection status: `offline`, `connecting`, `online` or `reconnecting`.
 *
 * @example
 * ```tsx
 * const status = useConnectionStatus();
 * return status === 'online' ? null : <p role="status">Signaling {status}…</p>;
 * ```
 */
export function useConnectionStatus(): TransportStatus {
  return useCallStore((s) => s.status);
}

/**
 * The local user's bare JID (the client's `localUser`): what a self-view passes to `useIsSpeaking`.
 *
 * @example
 * ```tsx
 * function SelfTile() {
 *   const me = useLocalUser();
 *   const speaking = useIsSpeaking(me);
 *   return <figure className={speaking ? 'speaking' : undefined}>{me} (you)</figure>;
 * }
 * ```
 */
export function useLocalUser(): UserId {
  return useCallStore((s) => s.localUser);
}

/**
 * The users known to be online (sorted bare JIDs). Same array until someone comes or goes.
 *
 * @example
 * ```tsx
 * const online = useOnlineUsers();
 * return <ul>{online.map((u) => <li key={u}>{u}</li>)}</ul>;
 * ```
 */
export function useOnlineUsers(): readonly UserId[] {
  return useCallStore((s) => s.onlineUsers);
}

/** What {@link useCallErrors} returns. */
export interface UseCallErrorsResult {
  /** The latest errors, oldest first. */
  readonly errors: readonly CallErrorEntry[];
  /** Removes the entry whose `id` is given. */
  dismiss(id: number): void;
  /** Removes every entry. */
  clear(): void;
}

/**
 * Errors reported by the client and its sessions (the last 20 by default), to show as toasts. A session's
 * failed command (camera on, device switch, screen share, accept) is here too, besides rejecting; a cancelled
 * screen picker and the app's own mistakes (`invalid-state`, `invalid-argument`) only reject.
 *
 * @example
 * ```tsx
 * const { errors, dismiss } = useCallErrors();
 * return errors.map((e) => <p key={e.id} onClick={() => dismiss(e.id)}>{e.error.code}</p>);
 * ```
 */
export function useCallErrors(): UseCallErrorsResult {
  const store = useCallStoreApi();
  const errors = useCallStore((s) => s.errors);
  return useMemo(() => ({ errors, dismiss: store.dismissError, clear: store.clearErrors }), [errors, store]);
}
