/**
 * The codec boundary: the only place that knows how a {@link Signal} looks on the wire. Sessions and
 * transports depend on this interface, so another dialect (for example XEP-0353 Jingle Message Initiation
 * with Jingle RTP, to call standard XMPP clients) can be added without touching them.
 */
import type { Element } from 'ltx';
import { MeshcallError, type MeshcallErrorCode } from '../util/errors.js';
import type { Address } from '../util/jid.js';
import type { Signal } from './signal.js';

/** A decoding failure: the stanza was meant for meshcall but is not acceptable. */
export class SignalError extends MeshcallError {
  /** The stanza's `from`, when it had one. */
  readonly from: string | null;

  constructor(
    code: Extract<MeshcallErrorCode, `signal-${string}`>,
    message: string,
    from: string | null,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.name = 'SignalError';
    this.from = from;
  }
}

/** What {@link SignalCodec.decode} makes of a stanza. It never throws. */
export type DecodeResult =
  /**
   * A valid signal from `from` (the server-stamped full or bare JID). `resentAt`: when it was first sent (ms
   * since epoch, by the stamp's clock), if stream management re-sent it after a resumed connection.
   */
  | { readonly type: 'signal'; readonly signal: Signal; readonly from: Address; readonly resentAt?: number }
  /** Not a stanza of this codec: leave it to the app's own handlers. */
  | { readonly type: 'ignored' }
  /** A stanza of this codec that must be dropped; report `error`. */
  | { readonly type: 'error'; readonly error: SignalError };

/** Turns signals into stanzas and back. Pure: no I/O, no timers. */
export interface SignalCodec {
  /** A short name for diagnostics, such as `meshcall/1`. */
  readonly name: string;
  /**
   * Builds the complete `<message/>` stanza carrying `signal` to `to`. Throws a {@link MeshcallError}
   * (`invalid-argument`) if the signal breaks a protocol limit: the sender's bug, never a peer's.
   */
  encode(signal: Signal, to: Address, options?: { readonly id?: string }): Element;
  /** Reads a received stanza. Never throws, whatever the input. */
  decode(stanza: Element): DecodeResult;
}
