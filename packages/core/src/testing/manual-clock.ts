/**
 * A clock whose time only moves when the test says so: `advance(ms)` runs every timer that falls due, in
 * order. Lets answer, dialing, disconnect and batching timers be tested in microseconds, deterministically.
 */
import type { Clock, TimerHandle } from '../util/clock.js';

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

/** A manually advanced {@link Clock}. */
export class ManualClock implements Clock {
  #now: number;
  #nextId = 1;
  #timers = new Map<number, Timer>();

  constructor(start = 1_700_000_000_000) {
    this.#now = start;
  }

  /** The fake time, in ms. */
  now(): number {
    return this.#now;
  }

  /** Runs `callback` when the fake time reaches now + `ms` (see `advance` and `settle`). */
  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.#nextId++;
    this.#timers.set(id, { id, at: this.#now + Math.max(0, ms), callback });
    return id;
  }

  /** Cancels a timer that has not run yet. */
  clearTimeout(handle: TimerHandle): void {
    if (typeof handle === 'number') this.#timers.delete(handle);
  }

  /** Moves time forward by `ms`, running due timers in time order (timers they schedule run too if due). */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      let next: Timer | undefined;
      for (const timer of this.#timers.values()) {
        if (timer.at <= target && (!next || timer.at < next.at || (timer.at === next.at && timer.id < next.id))) {
          next = timer;
        }
      }
      if (!next) break;
      this.#timers.delete(next.id);
      this.#now = Math.max(this.#now, next.at);
      next.callback();
    }
    this.#now = target;
  }

  /**
   * Lets the engine catch up: a few macrotask turns (promise chains settle, signals are delivered) with the
   * timers that fall due in between, then `ms` more of time and the same again.
   */
  async settle(ms = 0): Promise<void> {
    const turn = () => new Promise<void>((resolve) => (globalThis.setImmediate ?? setTimeout)(() => resolve()));
    for (let round = 0; round < 2; round++) {
      if (round === 1) {
        if (ms <= 0) return;
        this.advance(ms);
      }
      for (let i = 0; i < 20; i++) {
        await turn();
        this.advance(0);
      }
    }
  }

  /** Timers still scheduled, for leak checks. */
  get pending(): number {
    return this.#timers.size;
  }
}

/**
 * A {@link ManualClock} whose wall clock (`now()`) can jump ahead without running or shifting any timer: what a
 * browser sees after the machine slept (its timers held, `Date.now()` moved on), or when the wall clock is set
 * forward (a time sync) while timers run on.
 */
export class JumpingClock extends ManualClock {
  #jumped = 0;

  override now(): number {
    return super.now() + this.#jumped;
  }

  /** Moves `now()` on by `ms`; pending timers keep the time they had left. */
  jump(ms: number): void {
    this.#jumped += ms;
  }
}
