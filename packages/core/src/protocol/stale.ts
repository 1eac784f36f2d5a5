/**
 * The receiver-side freshness rule for `call` signals. The codec refuses stanzas stamped by storage; a signal
 * re-sent by stream management after a resumed connection passes (recovery needs those), and this judges
 * whether such a `call`, held while the connection was away, is still worth ringing. It needs the receiver's
 * clock, answer timeout and connection history, so it lives beside the codec rather than inside `decode`.
 */

/**
 * Whether an incoming `call` is too old to ring: re-sent after a resumed connection (`resentAt`: when it first
 * went out, by the stamp's clock) more than `answerTimeout` ms before `now`, and possibly held that long as far
 * as this device can tell by its own clock (`heldAtMost`: since it last heard from its server before the
 * connection went; nothing was held for it longer). Both must hold: device clocks disagree with servers, often
 * by minutes, and the stamp alone would let a clock that runs ahead drop a call held back by a two-second blip.
 * A call delivered live is never stale, whatever its `started` says; the caller stops sending it at its own
 * answer timeout.
 */
export function isStaleCall(
  resentAt: number | undefined,
  now: number,
  answerTimeout: number,
  heldAtMost = Number.POSITIVE_INFINITY,
): boolean {
  return resentAt !== undefined && heldAtMost > answerTimeout && now - resentAt > answerTimeout;
}
