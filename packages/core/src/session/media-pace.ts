/**
 * How often a participant's media state (mute, camera, screen) is taken in: a burst, then one a second. A person
 * toggles a few times in a row at most; a flood of `media` signals (each a state change, an event and a render
 * of everything that shows that participant) is held back, and only its newest state is applied, a moment later.
 */
import type { UserId } from '../util/jid.js';

/** States taken in at once before the pace applies. */
export const MEDIA_BURST = 10;
/** Then one every this many milliseconds. */
export const MEDIA_INTERVAL_MS = 1_000;

/** A token bucket per participant. */
export class MediaPace {
  readonly #buckets = new Map<UserId, { tokens: number; at: number }>();

  /** Takes one state of `userId` in at `now` if the pace allows; `false`: hold it (see {@link MediaPace.wait}). */
  take(userId: UserId, now: number): boolean {
    const bucket = this.#refilled(userId, now);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** How long until `userId` may have a state taken in, from `now`. */
  wait(userId: UserId, now: number): number {
    return Math.ceil((1 - this.#refilled(userId, now).tokens) * MEDIA_INTERVAL_MS);
  }

  #refilled(userId: UserId, now: number): { tokens: number; at: number } {
    const bucket = this.#buckets.get(userId) ?? { tokens: MEDIA_BURST, at: now };
    bucket.tokens = Math.min(MEDIA_BURST, bucket.tokens + (now - bucket.at) / MEDIA_INTERVAL_MS);
    bucket.at = now;
    this.#buckets.set(userId, bucket);
    return bucket;
  }
}
