/**
 * The devices the user picked, remembered in localStorage so the next call (and the next visit) uses them.
 * A tiny external store, so every picker, the call view and the call client see the same choice. Every window
 * of the demo shares the stored picks (the README has you open two): a pick is written on top of what is
 * stored now, not of this window's copy, and picks made in another window reach this one through `storage`
 * events.
 */
import { useCallClient } from '@meshcall/hooks';
import { useEffect, useSyncExternalStore } from 'react';

/** Chosen device ids by kind; absent means "system default". */
export interface DevicePreferences {
  readonly audioinput?: string;
  readonly videoinput?: string;
  readonly audiooutput?: string;
}

const KEY = 'meshcall-demo:devices';
const listeners = new Set<() => void>();
let current: DevicePreferences = read() ?? {};

/** The stored picks, or `null` when storage cannot be read (private mode, no `localStorage`). */
function read(): DevicePreferences | null {
  try {
    const storage = globalThis.localStorage;
    if (!storage) return null;
    const raw = storage.getItem(KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (typeof parsed !== 'object' || parsed === null) return {};
    const record = parsed as Record<string, unknown>;
    const pick = (kind: keyof DevicePreferences) =>
      typeof record[kind] === 'string' && record[kind] ? { [kind]: record[kind] as string } : {};
    return { ...pick('audioinput'), ...pick('videoinput'), ...pick('audiooutput') };
  } catch {
    return null;
  }
}

function notify(): void {
  for (const listener of listeners) listener();
}

/** The current preferences, outside React (e.g. when a device switch settles later). */
export function devicePreferences(): DevicePreferences {
  return current;
}

/** Remembers `deviceId` for `kind` (`''` forgets it). */
export function setDevicePreference(kind: keyof DevicePreferences, deviceId: string): void {
  const next: Record<string, string> = { ...(read() ?? current) };
  if (deviceId) next[kind] = deviceId;
  else delete next[kind];
  current = next;
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(current));
  } catch {
    // Private mode or full storage: the choice still holds for this page.
  }
  notify();
}

// Another window changed the picks (`key` is null when it cleared the whole storage).
globalThis.addEventListener?.('storage', (event: StorageEvent) => {
  if (event.key !== KEY && event.key !== null) return;
  current = read() ?? current;
  notify();
});

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

/**
 * Keeps the call client's preferred devices on the picked microphone and camera, from the start and after
 * every pick (another window's too). The engine then opens those very devices for every call from the first
 * moment (opening the default and switching afterwards fails a call when the default is busy), falls back to
 * the default when one was unplugged, and stops them itself.
 */
export function usePickedDevicesForCalls(): void {
  const client = useCallClient();
  const { audioinput = null, videoinput = null } = useDevicePreferences();
  useEffect(() => {
    client.setPreferredDevices({ audioinput, videoinput });
  }, [client, audioinput, videoinput]);
}
