/**
 * Time is injected so every timer (answer, dialing, disconnect, candidate batching) can be tested with a
 * fake clock. Production code uses {@link systemClock}.
 */

/** An opaque timer handle returned by {@link Clock.setTimeout}. */
/**
 * The longest delay a timer takes: browsers and Node fire a longer one at once (≈24.8 days). Settings above
 * it are refused (an `answerTimeout` of 2³¹ ms would end every call as it starts).
 */
export const MAX_TIMER_MS = 2_147_483_647;

/** What a {@link Clock}'s `setTimeout` returns, to hand back to its `clearTimeout` (opaque). */
export type TimerHandle = { readonly __timer: unique symbol } | number | object;

/** The time source and timer factory that meshcall uses. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Runs `callback` once after `ms` milliseconds. */
  setTimeout(callback: () => void, ms: number): TimerHandle;
  /** Cancels a timer; unknown or fired handles are ignored. */
  clearTimeout(handle: TimerHandle): void;
}

/** The real clock: `Date.now` and the global timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  // Longer than the platform waits would fire at once: wait as long as it can instead (any such delay,
  // whatever setting it comes from, means "not for a very long time").
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, Math.min(ms, MAX_TIMER_MS)) as unknown as TimerHandle,
  clearTimeout: (handle) => globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]),
};

/** Waits for `task`, `ms` at most by `clock` (what is left of it goes on alone). */
export async function within(clock: Clock, ms: number, task: Promise<unknown>): Promise<void> {
  let timer: TimerHandle | undefined;
  const waited = new Promise<void>((resolve) => {
    timer = clock.setTimeout(resolve, ms);
  });
  await Promise.race([task, waited]);
  if (timer !== undefined) clock.clearTimeout(timer);
}
