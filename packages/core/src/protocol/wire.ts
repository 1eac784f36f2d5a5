/**
 * Names used on the wire by the meshcall dialect. Kept in one place so the encoder, the decoder and the
 * specification (`docs/protocol.md`) cannot drift apart.
 */

/** The XML namespace of meshcall's payload element, `<signal xmlns="urn:meshcall:signal"/>`. */
export const MESHCALL_NS = 'urn:meshcall:signal';

/**
 * The protocol version this codec speaks, carried in the `v` attribute. A receiver refuses any other
 * version with `signal-unsupported-version`; additions that old receivers can safely ignore (new optional
 * attributes or child elements) do not bump it.
 */
export const MESHCALL_PROTOCOL_VERSION = 1;

/** XEP-0334 message processing hints. */
export const HINTS_NS = 'urn:xmpp:hints';
/** XEP-0203 delayed delivery: a stamp means the server stored the message and replays it. */
export const DELAY_NS = 'urn:xmpp:delay';
/** XEP-0091 legacy delayed delivery, still added by some servers. */
export const LEGACY_DELAY_NS = 'jabber:x:delay';

/** The hints every signal carries: never stored (offline or archive) and never carbon-copied. */
export const SIGNAL_HINTS = ['no-store', 'no-permanent-store', 'no-copy'] as const;

/** Element and attribute names of the payload. */
export const WIRE = {
  signal: 'signal',
  participant: 'participant',
  sdp: 'sdp',
  userInfo: 'user-info',
  entry: 'entry',
  candidate: 'candidate',
  inCall: 'in-call',
} as const;
