/**
 * The receiver-side freshness rule for `call` signals. The codec refuses stanzas stamped by storage; a signal
 * re-sent by stream management after a resumed connection passes (recovery needs those), and this judges
 * whether such a `call`, held while the connection was away, is still worth ringing. It needs the receiver's
 * clock and answer timeout, so it lives beside the codec rather than inside `decode`.
 */

/**
 * Whether an incoming `call` is too old to ring: it was re-sent after a resumed connection (`resentAt`, when
 * it was first sent) more than `answerTimeout` ms before `now` (the receiver's clock), so the caller has given
 * up. A call delivered live is never stale, whatever its `started` says: device clocks disagree, often by
 * minutes, and the caller stops sending it at its own answer timeout.
 */
export function isStaleCall(resentAt: number | undefined, now: number, answerTimeout: number): boolean {
  return resentAt !== undefined && now - resentAt > answerTimeout;
}
