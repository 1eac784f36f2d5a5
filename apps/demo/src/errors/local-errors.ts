/**
 * Errors of the demo's own actions that the engine never sees, so they are not in the store's `errors`: the
 * camera or microphone the demo opens for a call (see `call/call-media.ts`) failing before any call exists.
 * They are shown with the engine's errors by `<ErrorToasts>`.
 */
import type { MeshcallError } from '@meshcall/core';
import { useCallback, useMemo, useState } from 'react';

/** One reported error. */
export interface LocalErrorEntry {
  readonly id: number;
  /** When it was reported (ms since the epoch). */
  readonly time: number;
  readonly error: MeshcallError;
}

/** The errors reported in one workspace, and how to add and remove them. */
export interface LocalErrors {
  readonly errors: readonly LocalErrorEntry[];
  readonly report: (error: MeshcallError) => void;
  readonly dismiss: (id: number) => void;
}

let nextId = 1;

/** State for the errors of one signed-in workspace (several can share a page in tests). */
export function useLocalErrors(): LocalErrors {
  const [errors, setErrors] = useState<readonly LocalErrorEntry[]>([]);
  const report = useCallback((error: MeshcallError) => {
    const entry = { id: nextId++, time: Date.now(), error };
    setErrors((current) => [...current, entry]);
  }, []);
  const dismiss = useCallback((id: number) => {
    setErrors((current) => current.filter((entry) => entry.id !== id));
  }, []);
  return useMemo(() => ({ errors, report, dismiss }), [errors, report, dismiss]);
}
