/**
 * @meshcall/core — the framework-free call engine: signaling protocol, transports, call sessions, mesh and
 * media. Start with {@link CallClient}.
 * @packageDocumentation
 */
export * from './util/errors.js';
export * from './util/jid.js';
export * from './util/clock.js';
export * from './events/emitter.js';
export * from './protocol/signal.js';
export * from './protocol/limits.js';
export * from './protocol/codec.js';
export * from './transport/transport.js';
