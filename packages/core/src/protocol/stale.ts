/**
 * The receiver-side freshness rule for `call` signals. The codec refuses stanzas that carry a delay stamp;
 * this covers what a stamp cannot: a `call` re-sent or relayed long after the caller started it. It needs
 * the receiver's clock and answer timeout, so it lives beside the codec rather than inside `decode`.
 */
import type { CallSignal } from './signal.js';

/**
 * Whether an incoming `call` is too old to ring: it started more than `answerTimeout` ms before `now`
 * (the receiver's clock), so the caller has already given up. A `startedAt` in the future (the caller's
 * clock runs ahead) is not stale; the answer timer, not this rule, bounds how long such a call rings.
 */
export function isStaleCall(signal: Pick<CallSignal, 'startedAt'>, now: number, answerTimeout: number): boolean {
  return now - signal.startedAt > answerTimeout;
}
