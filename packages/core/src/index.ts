/**
 * @meshcall/core — the framework-free call engine: signaling protocol, transports, call sessions, mesh and
 * media. Start with {@link CallClient}.
 * @packageDocumentation
 */

export * from './events/emitter.js';
export * from './protocol/index.js';
export * from './transport/transport.js';
export * from './util/clock.js';
export * from './util/errors.js';
export * from './util/jid.js';
