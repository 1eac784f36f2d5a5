/// <reference path="./xmpp-modules.d.ts" />
/**
 * The XMPP client {@link XmppTransport.connect} creates: xmpp.js's own modules, composed here the way
 * `@xmpp/client` composes them, but only those a WebSocket connection in a browser needs: WebSocket, SASL
 * PLAIN, resource binding, stream management (XEP-0198), automatic reconnection, `iq` requests and answers to
 * pings.
 *
 * Why not `@xmpp/client` itself: it also loads server discovery (`@xmpp/resolve`), whose DNS lookups import
 * `node:dns` in a way that webpack, Next.js (webpack and Turbopack) and esbuild cannot leave out of a browser
 * build (xmpp.js 0.14), so every app importing meshcall failed to build with them. Vite only warned. Nothing
 * here needs discovery: the service URL is given. Apps that want TCP (`xmpp://`) or SCRAM in Node pass their own
 * `@xmpp/client` to `new XmppTransport({ client })`.
 */
import { Client, jid } from '@xmpp/client-core';
import iqCallee from '@xmpp/iq/callee.js';
import iqCaller from '@xmpp/iq/caller.js';
import middleware from '@xmpp/middleware';
import reconnect from '@xmpp/reconnect';
import resourceBinding from '@xmpp/resource-binding';
import sasl from '@xmpp/sasl';
import saslPlain from '@xmpp/sasl-plain';
import streamFeatures from '@xmpp/stream-features';
import streamManagement from '@xmpp/stream-management';
import websocket from '@xmpp/websocket';
import xml from '@xmpp/xml';
import type { Element } from 'ltx';
import SASLFactory from 'saslmechanisms';
import { MeshcallError } from '../../util/errors.js';
import { DEFAULT_KEEP_ALIVE_INTERVAL_MS, keepAlive } from './keep-alive.js';
import type { XmppClient } from './xmpp-client.js';

/** What {@link createXmppClient} connects with. */
export interface XmppClientOptions {
  /** `ws://…` or `wss://…`. */
  readonly service: string;
  readonly domain: string;
  readonly username: string;
  readonly password: string;
  readonly resource: string;
  /** Timeout (ms) of each connection step. Default {@link DEFAULT_STEP_TIMEOUT_MS}. */
  readonly timeout?: number | undefined;
  /** See {@link keepAlive}. Default {@link DEFAULT_KEEP_ALIVE_INTERVAL_MS}; 0 turns it off. */
  readonly keepAliveInterval?: number | undefined;
}

/**
 * How long each connection step may take by default (ms). xmpp.js's own 2 s fails every login on a link whose
 * round trip takes longer, as a congested mobile link's can.
 */
export const DEFAULT_STEP_TIMEOUT_MS = 20_000;

/** A client like `@xmpp/client`'s, for a WebSocket service, not started yet. */
export function createXmppClient(options: XmppClientOptions): XmppClient {
  const { service, domain, username, password, resource } = options;
  const timeout = options.timeout ?? DEFAULT_STEP_TIMEOUT_MS;
  const entity = new Client({ service, domain, timeout });
  entity.jid = jid(username, domain);
  boundSocketOpening(entity, timeout);

  const reconnecting = reconnect({ entity });
  websocket({ entity });
  const stanzas = middleware({ entity });
  const features = streamFeatures({ middleware: stanzas });
  const caller = iqCaller({ middleware: stanzas, entity });
  const callee = iqCallee({ middleware: stanzas, entity });
  callee.get('urn:xmpp:ping', 'ping', () => ({}));
  // Reading the roster (who follows our presence) makes the server push its changes: a push from our own account
  // is acknowledged, as RFC 6121 §2.1.6 asks; one from anyone else is a forgery, and refused.
  callee.set('jabber:iq:roster', 'query', ({ stanza }: { stanza: Element }) => {
    const from = stanza.attrs.from;
    return from === undefined || from === entity.jid?.bare().toString() ? true : undefined;
  });

  const mechanisms = new SASLFactory();
  saslPlain(mechanisms);
  // Called only when the server offers PLAIN (with no mechanism in common, @xmpp/sasl fails before).
  sasl({ streamFeatures: features, saslFactory: mechanisms }, async (authenticate) => {
    // PLAIN sends the password as it is: only over TLS (wss://) or to this machine (the socket says which).
    if (!entity.isSecure()) {
      throw new MeshcallError(
        'invalid-config',
        'XMPP: the password would go unencrypted (SASL PLAIN over ws://); use a wss:// service',
      );
    }
    await authenticate({ username, password }, 'PLAIN');
  });
  const management = streamManagement({ streamFeatures: features, entity, middleware: stanzas });
  resourceBinding({ iqCaller: caller, streamFeatures: features }, resource);
  const keepAliveInterval = options.keepAliveInterval ?? DEFAULT_KEEP_ALIVE_INTERVAL_MS;
  keepAlive(entity, {
    interval: keepAliveInterval,
    streamManaged: () => management.enabled,
    ping: () =>
      caller.request(
        xml('iq', { type: 'get', to: domain }, xml('ping', { xmlns: 'urn:xmpp:ping' })),
        keepAliveInterval,
      ),
    drop: () => dropDeadSocket(entity),
  });

  // The members an `@xmpp/client` client has, for apps that cast `transport.client` to use them.
  return Object.assign(entity, {
    entity,
    reconnect: reconnecting,
    middleware: stanzas,
    streamFeatures: features,
    iqCaller: caller,
    iqCallee: callee,
    saslFactory: mechanisms,
    streamManagement: management,
  });
}

/**
 * Gives the socket's opening (the WebSocket handshake) the same time as every other step. xmpp.js waits for it
 * without a limit, so a server that accepts the connection and never answers (a stuck proxy or load balancer, a
 * `wss://` URL on a plain port, a hung server) left the first sign-in pending for ever, and a reconnection too,
 * which then never tried again. Past the time the socket is closed: the attempt fails (a reconnection is tried
 * again, as after any drop).
 */
function boundSocketOpening(entity: Client, timeout: number): void {
  const open = entity.connect.bind(entity);
  entity.connect = async (service: string) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tooLong = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new MeshcallError('transport-offline', `XMPP: ${service} did not answer within ${timeout} ms`));
        try {
          entity.socket?.end();
        } catch {
          // already gone
        }
      }, timeout);
    });
    try {
      return await Promise.race([open(service), tooLong]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * Takes the socket for closed now. A polite `disconnect()` sends `</stream>` and waits for the server's, then
 * closes the WebSocket and waits for its close handshake, each up to the step timeout: on a link that carries
 * nothing any more, 40 s by default before @xmpp/reconnect even starts. The socket's `close` event is what
 * @xmpp/connection reacts to (the connection detaches it and says `disconnect`, and a reconnection follows);
 * the WebSocket's own close, whenever it comes, then reaches no one.
 */
function dropDeadSocket(entity: Client): void {
  const socket = entity.socket;
  if (!socket) return;
  try {
    socket.end();
  } catch {
    // already closed
  }
  socket.emit('close', true, new Error('XMPP: the server stopped answering'));
}
