/** The selector hook every other hook is built on. */
import { useRef } from 'react';
import { useStore } from 'zustand';
import type { shallowEqual } from '../store/share.js';
import type { CallState } from '../types.js';
import { useCallStoreApi } from './context.js';

/**
 * Selects a slice of the call state; the component re-renders only when the slice changes (by `Object.is`, or
 * by `equalityFn`). Return parts of the state as they are (they keep their identity until they change); if you
 * build a new object or array in the selector, pass an `equalityFn` such as this package's {@link shallowEqual}.
 *
 * @example
 * ```tsx
 * const ringing = useCallStore((s) => s.incomingSessionIds.length > 0);
 * const ids = useCallStore((s) => Object.keys(s.sessions), shallowEqual);
 * ```
 */
export function useCallStore<T>(selector: (state: CallState) => T, equalityFn?: (a: T, b: T) => boolean): T {
  const store = useCallStoreApi();
  const previous = useRef<{ value: T } | null>(null);
  const select = equalityFn
    ? (state: CallState): T => {
        const next = selector(state);
        // Hand back the previous value when equal, so useSyncExternalStore sees no change.
        if (previous.current && equalityFn(previous.current.value, next)) return previous.current.value;
        previous.current = { value: next };
        return next;
      }
    : selector;
  return useStore(store, select);
}
