/**
 * A set of timers owned by one object (a session or a peer link). `clearAll()` on close is what guarantees
 * "no leaked timers": nothing scheduled through the group outlives its owner.
 */
import type { Clock, TimerHandle } from '../util/clock.js';

/** Named, replaceable timers on an injectable clock. */
export class TimerGroup {
  readonly #clock: Clock;
  readonly #timers = new Map<string, TimerHandle>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** (Re)starts the timer `name`: an earlier timer of the same name is cancelled. */
  set(name: string, ms: number, callback: () => void): void {
    this.clear(name);
    const handle = this.#clock.setTimeout(() => {
      this.#timers.delete(name);
      callback();
    }, ms);
    this.#timers.set(name, handle);
  }

  /** Whether the timer `name` is pending. */
  has(name: string): boolean {
    return this.#timers.has(name);
  }

  /** Cancels the timer `name`, if pending. */
  clear(name: string): void {
    const handle = this.#timers.get(name);
    if (handle === undefined) return;
    this.#clock.clearTimeout(handle);
    this.#timers.delete(name);
  }

  /** Cancels every pending timer. */
  clearAll(): void {
    for (const handle of this.#timers.values()) this.#clock.clearTimeout(handle);
    this.#timers.clear();
  }

  /** Number of pending timers, for leak checks. */
  get size(): number {
    return this.#timers.size;
  }
}
