/**
 * The signaling protocol: signal types, limits, the codec interface and meshcall's own codec.
 * @see docs/protocol.md for the wire format.
 */
export * from './codec.js';
export type { EncodeOptions } from './encode.js';
export * from './limits.js';
export { meshcallCodec } from './meshcall-codec.js';
export { isSessionIdOf, newSessionId } from './session-id.js';
export * from './signal.js';
export { isStaleCall } from './stale.js';
export { assertUserInfo, isCanonicalBareJid, isValidJid, isValidSessionId } from './validate.js';
export { MESHCALL_NS, MESHCALL_PROTOCOL_VERSION } from './wire.js';
export { parseStanza } from './xml.js';
