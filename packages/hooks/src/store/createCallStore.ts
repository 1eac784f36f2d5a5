/**
 * The vanilla zustand store over a call client: it listens to the client and to every live session, reads the
 * session again after each of its events into an immutable {@link CallState} with the pure reducer, and drops
 * each session's listeners when it closes. No React here; the hooks are a thin layer on top.
 */
import {
  type CallSessionEvents,
  type Clock,
  type CloseReason,
  type MeshcallError,
  systemClock,
  type TimerHandle,
  type Unsubscribe,
  type UserId,
} from '@meshcall/core';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { browserMediaDevices, devicesSnapshot, listedBeforePermission, type MediaDevicesSource } from '../devices.js';
import type { CallClientLike, CallSessionLike, CallState } from '../types.js';
import { readClient, readSession } from './read.js';
import { type CallAction, callReducer, initialCallState, type RemovedSession, reduceAll } from './reducer.js';

/** Options of {@link createCallStore}. */
export interface CallStoreOptions {
  /**
   * `false` (the default) subscribes to the client at once and keeps listening until `destroy()`.
   * `true` subscribes only while {@link CallStore.retain} is held, which is what `<CallProvider>` uses to stay
   * StrictMode safe. Either way the state is read from the client at creation, so the first render is right.
   */
  lazy?: boolean | undefined;
  /**
   * How long `lastEnded` (and `endScreen`) is kept after a session closes, in ms (default 5000; 0 keeps it until
   * replaced).
   */
  endedRetention?: number | undefined;
  /** How many errors to keep (default 20). */
  maxErrors?: number | undefined;
  /** Where media devices come from (default: `navigator.mediaDevices`, read lazily). */
  mediaDevices?: MediaDevicesSource | undefined;
  /** Time source and timers (default: the system clock). */
  clock?: Clock | undefined;
}

/**
 * A read-only zustand store of the call state, plus the few commands that are not engine calls.
 * Pass it to zustand's `useStore`, or use the hooks of this package.
 */
export interface CallStore extends Pick<StoreApi<CallState>, 'getState' | 'getInitialState' | 'subscribe'> {
  /** The client this store observes. */
  readonly client: CallClientLike;
  /** The time source of the store and of the hooks that tell time (`useCallDuration`): `options.clock`. */
  readonly clock: Clock;
  /**
   * Keeps the store subscribed to the client until the returned function is called. Reference counted:
   * the first holder subscribes (and re-reads the client, so nothing that happened meanwhile is missed), the
   * last release unsubscribes everything.
   */
  retain(): Unsubscribe;
  /** Keeps the device list in `devices` up to date until the returned function is called (reference counted). */
  watchDevices(): Unsubscribe;
  /** Re-lists the media devices now. */
  refreshDevices(): Promise<void>;
  /**
   * Chooses the speaker for calls' sound (`deviceId` of an `audiooutput`; `null` or `''`: the system's output)
   * into `audioOutput`. It plays nothing itself: the audio elements that read it switch.
   */
  selectAudioOutput(deviceId: string | null): void;
  /** Calls the session's `getStats()` every `intervalMs` into `sessions[id].stats` until stopped. */
  pollStats(sessionId: string, intervalMs: number): Unsubscribe;
  /** Clears `lastEnded` and `endScreen`. */
  dismissEnded(): void;
  /**
   * Keeps `lastEnded` and `endScreen` from expiring (see `endedRetention`) until the returned function is called; reference
   * counted. An end screen holds it while it is shown, so it does not vanish under the user's eyes; after the
   * last release the usual expiry applies (at once, if it is due already).
   */
  holdEnded(): Unsubscribe;
  /** Removes one error entry. */
  dismissError(id: number): void;
  /** Removes every error entry. */
  clearErrors(): void;
  /** Unsubscribes from everything and stops every timer and watcher. The state stays readable. */
  destroy(): void;
}

/**
 * The session events after which the store reads the session again. The engine's getters are the truth; the
 * store copies them into snapshots (reusing every unchanged part), so it never has to agree with the engine
 * on what an event means. `closed`, `stats` and `error` are handled on their own.
 */
const SESSION_CHANGES = [
  'stateChanged',
  'closing',
  'peerStateChanged',
  'accepted',
  'rejected',
  'hungUp',
  'remoteTrack',
  'remoteTrackEnded',
  'localTrack',
  'localSideCamera',
  'remoteSideCamera',
  'remoteScreenAudio',
  'localMediaChanged',
  'remoteMediaChanged',
  'speakersChanged',
] as const satisfies readonly (keyof CallSessionEvents)[];

/**
 * Creates a store that mirrors `client`.
 *
 * @example
 * ```ts
 * const store = createCallStore(client);
 * const off = store.subscribe((state) => console.log(state.activeSessionId, state.incomingSessionIds));
 * // later
 * off();
 * store.destroy();
 * ```
 */
export function createCallStore(client: CallClientLike, options: CallStoreOptions = {}): CallStore {
  const clock = options.clock ?? systemClock;
  const endedRetention = options.endedRetention ?? 5000;
  const maxErrors = options.maxErrors ?? 20;
  const mediaDevices = options.mediaDevices ?? browserMediaDevices;

  const api = createStore<CallState>()(() => initialCallState(readClient(client)));
  let destroyed = false;
  let retainCount = 0;
  let clientOffs: Unsubscribe[] = [];
  /** Live sessions we listen to, with the functions that stop listening. */
  const tracked = new Map<string, { session: CallSessionLike; off: Unsubscribe[] }>();
  /** Every session seen, so a later re-sync can tell why one disappeared. */
  const known = new Map<string, CallSessionLike>();
  let endedTimer: TimerHandle | null = null;
  let endedHolds = 0;
  let errorSeq = 0;

  function dispatch(action: CallAction | readonly CallAction[]): void {
    const prev = api.getState();
    const next = Array.isArray(action) ? reduceAll(prev, action) : callReducer(prev, action as CallAction);
    if (next !== prev) {
      api.setState(next, true);
      if (next.lastEnded !== prev.lastEnded || next.endScreen !== prev.endScreen) scheduleEndedExpiry();
    }
  }

  function scheduleEndedExpiry(): void {
    if (endedTimer !== null) clock.clearTimeout(endedTimer);
    endedTimer = null;
    const { lastEnded, endScreen } = api.getState();
    // The end screen's call ended before the last one (a quiet one came after it): it is due first.
    const ended = endScreen ?? lastEnded;
    if (!ended || endedRetention <= 0 || retainCount === 0 || endedHolds > 0) return;
    const due = Math.max(0, ended.endedAt + endedRetention - clock.now());
    endedTimer = clock.setTimeout(() => {
      endedTimer = null;
      dispatch({ type: 'endedExpired', ended });
      // The other one may be due too (or later): dispatch reschedules only on a change.
      scheduleEndedExpiry();
    }, due);
  }

  function reportError(error: MeshcallError, sessionId: string | null, userId: UserId | null): void {
    errorSeq += 1;
    dispatch({ type: 'error', max: maxErrors, entry: { id: errorSeq, time: clock.now(), error, sessionId, userId } });
  }

  function track(session: CallSessionLike): void {
    // Closed before we saw it (the app declined it in its own listener): nothing to show, nothing to keep.
    if (session.state === 'closed') return;
    known.set(session.id, session);
    if (tracked.has(session.id)) return;
    const id = session.id;
    const reread = () => dispatch({ type: 'sessionUpserted', session: readSession(session) });
    const off: Unsubscribe[] = [
      ...SESSION_CHANGES.map((name) => session.on(name, reread)),
      session.on('closed', ({ reason }) => closed(id, reason)),
      session.on('stats', ({ stats }) => dispatch({ type: 'stats', sessionId: id, stats })),
      session.on('error', ({ error, userId }) => reportError(error, id, userId ?? null)),
      session.on('localTrack', relistIfBeforePermission),
    ];
    tracked.set(id, { session, off });
    reread();
  }

  function untrack(id: string): void {
    const entry = tracked.get(id);
    if (!entry) return;
    tracked.delete(id);
    for (const off of entry.off) off();
  }

  function closed(id: string, reason: CloseReason): void {
    untrack(id);
    known.delete(id);
    dispatch({ type: 'sessionClosed', sessionId: id, reason, at: clock.now() });
  }

  function attach(): void {
    clientOffs = [
      client.on('sessionAdded', ({ session }) => track(session)),
      client.on('incomingCall', ({ session }) => track(session)),
      client.on('sessionRemoved', ({ session, reason }) => closed(session.id, reason)),
      client.on('statusChanged', ({ status }) => {
        dispatch({ type: 'status', status });
        // Who is online is known through the connection: offline (or signed out), nobody is.
        if (status === 'offline') dispatch({ type: 'onlineUsers', users: [...client.onlineUsers()] });
      }),
      client.on('presence', () => dispatch({ type: 'onlineUsers', users: [...client.onlineUsers()] })),
      client.on('error', ({ error, sessionId }) => reportError(error, sessionId ?? null, null)),
    ];
    // Re-read everything: while detached, sessions may have come, changed or gone.
    const data = readClient(client);
    const live = new Set(data.sessions.map((s) => s.id));
    const removed: RemovedSession[] = [];
    for (const id of Object.keys(api.getState().sessions)) {
      if (live.has(id)) continue;
      removed.push({ sessionId: id, reason: known.get(id)?.closeReason ?? 'destroyed', at: clock.now() });
      known.delete(id);
    }
    dispatch({ type: 'sync', client: data, removed });
    for (const session of client.sessions.values()) track(session);
    scheduleEndedExpiry();
  }

  function detach(): void {
    for (const off of clientOffs) off();
    clientOffs = [];
    for (const id of [...tracked.keys()]) untrack(id);
    if (endedTimer !== null) clock.clearTimeout(endedTimer);
    endedTimer = null;
  }

  function retain(): Unsubscribe {
    if (destroyed) return () => {};
    retainCount += 1;
    if (retainCount === 1) attach();
    let released = false;
    return () => {
      if (released || destroyed) return;
      released = true;
      retainCount -= 1;
      if (retainCount === 0) detach();
    };
  }

  // Devices: watched only while someone asks, so idle apps never enumerate devices.
  let deviceWatchers = 0;
  let stopDeviceWatch: Unsubscribe | null = null;
  let deviceRequest = 0;

  async function refreshDevices(): Promise<void> {
    const request = ++deviceRequest;
    try {
      const list = await mediaDevices.list();
      // A slower, older listing must not overwrite a newer one.
      if (request === deviceRequest && !destroyed) dispatch({ type: 'devices', devices: devicesSnapshot(list) });
    } catch {
      if (request === deviceRequest && !destroyed)
        dispatch({ type: 'devices', devices: { ...api.getState().devices, status: 'error' } });
    }
  }

  /** Media opened (a call's, or a preview's): a list taken before permission is taken again, names and all. */
  function relistIfBeforePermission(): void {
    if (deviceWatchers > 0 && !destroyed && listedBeforePermission(api.getState().devices)) void refreshDevices();
  }

  function watchDevices(): Unsubscribe {
    if (destroyed) return () => {};
    deviceWatchers += 1;
    if (deviceWatchers === 1) {
      stopDeviceWatch = mediaDevices.watch((list) => {
        deviceRequest += 1; // supersedes a listing still in flight
        dispatch({ type: 'devices', devices: devicesSnapshot(list) });
      });
      void refreshDevices();
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      deviceWatchers -= 1;
      if (deviceWatchers === 0) {
        stopDeviceWatch?.();
        stopDeviceWatch = null;
      }
    };
  }

  const pollers = new Set<Unsubscribe>();

  function pollStats(sessionId: string, intervalMs: number): Unsubscribe {
    if (destroyed || !(intervalMs > 0)) return () => {};
    let timer: TimerHandle | null = null;
    let active = true;
    const tick = () => {
      timer = null;
      const session = client.getSession(sessionId);
      if (!active || !session || session.state === 'closed') return;
      session.getStats().then(
        (stats) => {
          if (active) dispatch({ type: 'stats', sessionId, stats });
        },
        () => {
          // A failed sample (the connection is closing) is simply skipped.
        },
      );
      timer = clock.setTimeout(tick, intervalMs);
    };
    const stop = () => {
      active = false;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      pollers.delete(stop);
    };
    pollers.add(stop);
    tick();
    return stop;
  }

  if (!options.lazy) retain();

  return {
    client,
    clock,
    getState: api.getState,
    getInitialState: api.getInitialState,
    subscribe: api.subscribe,
    retain,
    watchDevices,
    refreshDevices,
    selectAudioOutput: (deviceId) => dispatch({ type: 'audioOutput', deviceId: deviceId === '' ? null : deviceId }),
    pollStats,
    dismissEnded: () => dispatch({ type: 'dismissEnded' }),
    holdEnded() {
      endedHolds += 1;
      scheduleEndedExpiry();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        endedHolds -= 1;
        scheduleEndedExpiry();
      };
    },
    dismissError: (id) => dispatch({ type: 'dismissError', id }),
    clearErrors: () => dispatch({ type: 'clearErrors' }),
    destroy() {
      if (destroyed) return;
      detach();
      destroyed = true;
      retainCount = 0;
      stopDeviceWatch?.();
      stopDeviceWatch = null;
      deviceWatchers = 0;
      for (const stop of [...pollers]) stop();
      known.clear();
    },
  };
}
