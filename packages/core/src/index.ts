/**
 * @meshcall/core — the framework-free call engine: signaling protocol, transports, call sessions, mesh and
 * media. Start with {@link CallClient}.
 * @packageDocumentation
 */

export * from './client/call-client.js';
export * from './client/config.js';
export * from './client/seed-callbacks.js';
export * from './events/emitter.js';
export * from './media/audio-level.js';
export * from './media/devices.js';
export * from './media/errors.js';
export * from './media/local-media.js';
export * from './media/types.js';
export * from './protocol/index.js';
export type { AcceptOptions, StartOptions } from './session/call-session.js';
export { assertStartOptions, CallSession, isTakenByCall } from './session/call-session.js';
export type { SessionMedia, SessionMediaFactory } from './session/context.js';
export type { PeerSnapshot } from './session/peer-snapshots.js';
export * from './session/types.js';
export * from './stats/quality.js';
export type { CandidateType, PeerRoute, PeerStats } from './stats/types.js';
export * from './transport/memory-network.js';
export * from './transport/transport.js';
export * from './transport/xmpp/external-services.js';
export type * from './transport/xmpp/xmpp-client.js';
export * from './transport/xmpp-transport.js';
export * from './util/clock.js';
export * from './util/errors.js';
export * from './util/jid.js';
