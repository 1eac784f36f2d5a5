/**
 * The devices the user picked, remembered in localStorage so the next call (and the next visit) uses them.
 * A tiny external store, so every picker and the call view see the same choice.
 */
import { useSyncExternalStore } from 'react';

/** Chosen device ids by kind; absent means "system default". */
export interface DevicePreferences {
  readonly audioinput?: string;
  readonly videoinput?: string;
  readonly audiooutput?: string;
}

const KEY = 'meshcall-demo:devices';
const listeners = new Set<() => void>();
let current: DevicePreferences = read();

function read(): DevicePreferences {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (typeof parsed !== 'object' || parsed === null) return {};
    const record = parsed as Record<string, unknown>;
    const pick = (kind: keyof DevicePreferences) =>
      typeof record[kind] === 'string' && record[kind] ? { [kind]: record[kind] as string } : {};
    return { ...pick('audioinput'), ...pick('videoinput'), ...pick('audiooutput') };
  } catch {
    return {};
  }
}

/** Remembers `deviceId` for `kind` (`''` forgets it). */
export function setDevicePreference(kind: keyof DevicePreferences, deviceId: string): void {
  const next: Record<string, string> = { ...current };
  if (deviceId) next[kind] = deviceId;
  else delete next[kind];
  current = next;
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(current));
  } catch {
    // Private mode or full storage: the choice still holds for this page.
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current preferences; re-renders when they change. */
export function useDevicePreferences(): DevicePreferences {
  return useSyncExternalStore(
    subscribe,
    () => current,
    () => current,
  );
}
