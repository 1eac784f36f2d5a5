/**
 * A small typed, multi-listener event emitter. `on` returns the unsubscribe function, which is what React
 * effects and zustand subscriptions want. A listener that throws never stops the others or the engine: the
 * error goes to the `onListenerError` hook (meshcall routes it to an `error` event or the console).
 */

/** Maps event names to the payload type of their listeners. */
export type EventMap = object;

/** A listener for payload `T`. */
export type Listener<T> = (payload: T) => void;

/** Removes the listener it was returned for. Calling it twice is harmless. */
export type Unsubscribe = () => void;

/**
 * Type-only key under which an emitter type carries its event map, so generic helpers can infer it
 * (`EventsOf<typeof session>`). Nothing is stored under it at run time.
 */
export declare const EVENT_TYPES: unique symbol;

/** The event map of an emitter type, e.g. `EventsOf<CallSession>['accepted']`. */
export type EventsOf<S> = S extends { readonly [EVENT_TYPES]?: infer Events } ? NonNullable<Events> : never;

/** Read-only view of an emitter: what the public objects expose. */
export interface Subscribable<Events extends EventMap> {
  /** Type-only: the event map (see {@link EVENT_TYPES}). */
  readonly [EVENT_TYPES]?: Events;
  /** Adds `listener` for `name`; returns a function that removes it. */
  on<K extends keyof Events>(name: K, listener: Listener<Events[K]>): Unsubscribe;
  /** Like {@link Subscribable.on}, but the listener runs at most once. */
  once<K extends keyof Events>(name: K, listener: Listener<Events[K]>): Unsubscribe;
}

/** The emitter implementation used by every meshcall object. */
export class Emitter<Events extends EventMap> implements Subscribable<Events> {
  /** Type-only: the event map (see {@link EVENT_TYPES}); nothing is stored under it at run time. */
  declare readonly [EVENT_TYPES]?: Events;
  readonly #listeners = new Map<keyof Events, Set<Listener<never>>>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void = defaultListenerError) {
    this.#onListenerError = onListenerError;
  }

  /** Adds a listener for `name`; returns the function that removes it. */
  on<K extends keyof Events>(name: K, listener: Listener<Events[K]>): Unsubscribe {
    let set = this.#listeners.get(name);
    if (!set) {
      set = new Set();
      this.#listeners.set(name, set);
    }
    // Wrap so the same function can be subscribed twice and removed independently.
    const entry: Listener<Events[K]> = (payload) => listener(payload);
    set.add(entry as Listener<never>);
    return () => {
      set.delete(entry as Listener<never>);
    };
  }

  /** Adds a listener for the next `name` only; returns the function that removes it before then. */
  once<K extends keyof Events>(name: K, listener: Listener<Events[K]>): Unsubscribe {
    const off = this.on(name, (payload) => {
      off();
      listener(payload);
    });
    return off;
  }

  /** Calls every listener of `name` with `payload`, in subscription order. */
  emit<K extends keyof Events>(name: K, payload: Events[K]): void {
    const set = this.#listeners.get(name);
    if (!set || set.size === 0) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<Events[K]>)(payload);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }

  /** Number of listeners, for leak checks. */
  listenerCount(name?: keyof Events): number {
    if (name !== undefined) return this.#listeners.get(name)?.size ?? 0;
    let total = 0;
    for (const set of this.#listeners.values()) total += set.size;
    return total;
  }

  /** Removes every listener. Used by `destroy()`. */
  clear(): void {
    this.#listeners.clear();
  }
}

function defaultListenerError(error: unknown): void {
  console.error('[meshcall] an event listener threw', error);
}
