/**
 * meshcall's own dialect behind the {@link SignalCodec} interface. The wire format is specified in
 * `docs/protocol.md`; encoding and decoding live in `encode.ts` and `decode.ts`.
 */
import type { SignalCodec } from './codec.js';
import { decodeSignal } from './decode.js';
import { encodeSignal } from './encode.js';
import { MESHCALL_PROTOCOL_VERSION } from './wire.js';

/**
 * The meshcall codec (`meshcall/1`): one `<signal xmlns="urn:meshcall:signal" v="1"/>` per headline
 * message, with XEP-0334 no-store hints. `decode` never throws and refuses delayed (stored) stanzas.
 */
export const meshcallCodec: SignalCodec = Object.freeze({
  name: `meshcall/${MESHCALL_PROTOCOL_VERSION}`,
  encode: encodeSignal,
  decode: decodeSignal,
});
