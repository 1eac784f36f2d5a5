/**
 * {@link XmppClient}: the part of an `@xmpp/client` client that meshcall uses, as a type of its own.
 *
 * Why not `Client` from `@xmpp/client`: its typings (`@types/xmpp__client`, through `@types/xmpp__events`) load
 * Node's typings into the global scope of whoever imports them. A browser app that imported meshcall's types
 * would see `setTimeout` return `NodeJS.Timeout` and `process` typed as if it existed. Declaring the members
 * meshcall needs keeps an app's globals its own; any `@xmpp/client` `Client` fits this type (checked by
 * `xmpp-client.test.ts`).
 */
import type { Element } from 'ltx';

/** An XMPP address as `@xmpp/client` gives it (a `JID` of `@xmpp/jid`). */
export interface XmppJid {
  /** The domain part. */
  readonly domain: string;
  /** The address without its resource. */
  bare(): { toString(): string };
  /** The address as text, with its resource when it has one. */
  toString(): string;
}

/** An event emitter as `@xmpp/client` uses them (the `events` package's `EventEmitter`). */
export interface XmppEventSource {
  /** Adds a listener. */
  on(event: string, listener: (...args: never[]) => unknown): unknown;
  /** Removes a listener added with `on`. */
  removeListener(event: string, listener: (...args: never[]) => unknown): unknown;
}

/**
 * An xmpp.js client, typed by what meshcall and most apps use of it: your own `@xmpp/client` `Client`, passed
 * to `new XmppTransport({ client })`, or the one {@link XmppTransport.connect} composes from xmpp.js's modules
 * (an `@xmpp/client-core` `Client` with WebSocket, SASL PLAIN, resource binding, stream management,
 * reconnection and `iq` requests). Cast `transport.client` when you need one of its other members.
 */
export interface XmppClient extends XmppEventSource {
  /** `online`, `offline`, `connecting`, `disconnect`, … (the client's own status names). */
  readonly status: string;
  /** This device's address once bound, else `null`. */
  readonly jid: XmppJid | null;
  /** The open socket, if any. */
  readonly socket?: unknown | undefined;
  /** Automatic reconnection (`@xmpp/reconnect`): meshcall stops it when it closes a client it owns. */
  readonly reconnect?: (XmppEventSource & { stop(): unknown }) | undefined;
  /** Stream management (XEP-0198), whose `resumed` event meshcall follows. */
  readonly streamManagement?: unknown | undefined;
  /** Request/response (`iq`) helper. */
  readonly iqCaller: {
    /** Sends an `iq` and resolves with its result; rejects on an error reply or a timeout (ms). */
    request(stanza: Element, timeout?: number): Promise<Element>;
  };
  /** Connects and authenticates. */
  start(): Promise<unknown>;
  /** Closes the stream and the socket. */
  stop(): Promise<unknown>;
  /** Closes the stream and socket without stopping reconnection (xmpp.js's `disconnect()`): a drop, repaired. */
  disconnect?(): Promise<unknown>;
  /** Sends a stanza. */
  send(stanza: Element): Promise<void>;
}
