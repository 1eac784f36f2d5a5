/**
 * A set of timers owned by one object (a session or a peer link). `clearAll()` on close is what guarantees
 * "no leaked timers": nothing scheduled through the group outlives its owner.
 */
import type { Clock, TimerHandle } from '../util/clock.js';

interface Timer {
  readonly handle: TimerHandle;
  /** When it is due, by the clock's `now()`. */
  readonly due: number;
  readonly callback: () => void;
}

/** Named, replaceable timers on an injectable clock. */
export class TimerGroup {
  readonly #clock: Clock;
  readonly #timers = new Map<string, Timer>();

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
    this.#timers.set(name, { handle, due: this.#clock.now() + ms, callback });
  }

  /**
   * Fires now, in the order they were due, the timers whose time has passed by the clock's `now()` but which
   * have not fired: a browser's timers do not run while the machine sleeps or the page is frozen or cached, and
   * take up again with the time they had left. Call it when the page or the connection wakes up.
   */
  catchUp(): void {
    const now = this.#clock.now();
    const overdue = [...this.#timers].filter(([, timer]) => timer.due <= now).sort(([, a], [, b]) => a.due - b.due);
    for (const [name, timer] of overdue) {
      if (this.#timers.get(name) !== timer) continue; // cleared or replaced by one that fired before it
      this.#clock.clearTimeout(timer.handle);
      this.#timers.delete(name);
      timer.callback();
    }
  }

  /** Whether the timer `name` is pending. */
  has(name: string): boolean {
    return this.#timers.has(name);
  }

  /** Cancels the timer `name`, if pending. */
  clear(name: string): void {
    const timer = this.#timers.get(name);
    if (timer === undefined) return;
    this.#clock.clearTimeout(timer.handle);
    this.#timers.delete(name);
  }

  /** Cancels every pending timer. */
  clearAll(): void {
    for (const { handle } of this.#timers.values()) this.#clock.clearTimeout(handle);
    this.#timers.clear();
  }

  /** Number of pending timers, for leak checks. */
  get size(): number {
    return this.#timers.size;
  }
}
