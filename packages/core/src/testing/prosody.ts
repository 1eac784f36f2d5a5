/**
 * Helpers for integration tests against the real Prosody started by `scripts/prosody/vitest-global-setup.mjs`
 * (see `vitest.xmpp.config.ts`). Node only; not part of the package's public entry point.
 */
import { type Client, client as createClient, xml } from '@xmpp/client';
import type { Element } from 'ltx';
import { afterAll, beforeAll, inject } from 'vitest';
import { type ProsodyServer, type StartProsodyOptions, startProsody } from '../../../../scripts/prosody/prosody.mjs';
import type { Subscribable } from '../events/emitter.js';
import type { TransportEvents } from '../transport/transport.js';
import type { XmppClient } from '../transport/xmpp/xmpp-client.js';
import type { XmppTransport } from '../transport/xmpp-transport.js';

export type { ProsodyServer, StartProsodyOptions };
export { startProsody };

/**
 * A Prosody of the test file's own (say, with stream management: `{ smacks: true }`), started before its tests
 * and stopped after them; the WebSocket for @xmpp/client installed. Returns the server, for use inside tests.
 */
export function ownProsody(options: StartProsodyOptions): () => ProsodyServer {
  let server: ProsodyServer | undefined;
  beforeAll(async () => {
    await installWebSocket();
    server = await startProsody(options);
  });
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('the Prosody of this file did not start');
    return server;
  };
}

/** What the global setup provides about its server. */
export interface XmppTestServer {
  readonly pid: number;
  readonly wsUrl: string;
  readonly tcpUrl: string;
  readonly domain: string;
  readonly configPath: string;
  readonly users: readonly { readonly username: string; readonly password: string; readonly jid: string }[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    xmppServer: XmppTestServer;
  }
}

/** The server of this test run. */
export function xmppServer(): XmppTestServer {
  return inject('xmppServer');
}

/** The password of a test account (`<name>-pass`). */
export function passwordOf(username: string): string {
  const user = xmppServer().users.find((candidate) => candidate.username === username);
  if (!user) throw new Error(`no test account ${username}`);
  return user.password;
}

/** Node 20 has no global WebSocket; @xmpp/websocket needs one. */
export async function installWebSocket(): Promise<void> {
  const scope = globalThis as { WebSocket?: unknown };
  scope.WebSocket ??= (await import('ws')).WebSocket;
}

/** Options of {@link startRawClient}. */
export interface RawClientOptions {
  /** Default: the server's WebSocket URL. */
  readonly service?: string;
  readonly resource?: string;
  /** Send initial presence once online (default true). */
  readonly presence?: boolean;
}

/** A started plain @xmpp/client (the "app's own client"), with errors collected instead of thrown. */
export interface RawClient {
  readonly xmpp: Client;
  readonly errors: Error[];
  /** Stops the client, ignoring errors. */
  stop(): Promise<void>;
}

/** Starts a plain client for `username` and (by default) sends initial presence. */
export async function startRawClient(username: string, options: RawClientOptions = {}): Promise<RawClient> {
  await installWebSocket();
  const server = xmppServer();
  const xmpp = createClient({
    service: options.service ?? server.wsUrl,
    domain: server.domain,
    username,
    password: passwordOf(username),
    resource: options.resource ?? `raw-${Math.random().toString(36).slice(2, 10)}`,
  });
  const errors: Error[] = [];
  xmpp.on('error', (error: Error) => errors.push(error));
  await xmpp.start();
  if (options.presence !== false) await xmpp.send(xml('presence'));
  return {
    xmpp,
    errors,
    async stop() {
      xmpp.reconnect.stop();
      try {
        if (xmpp.status !== 'offline') await xmpp.stop();
      } catch {
        // already gone
      }
    },
  };
}

/** Resolves once `predicate()` holds; polls every 20 ms and fails with `message` after `timeout` ms. */
export async function waitFor(predicate: () => boolean, message: string, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Collects every payload of transport event `name` into an array (for later assertions). */
export function collect<K extends keyof TransportEvents>(
  source: Subscribable<TransportEvents>,
  name: K,
): TransportEvents[K][] {
  const items: TransportEvents[K][] = [];
  source.on(name, (payload) => items.push(payload));
  return items;
}

/** Collects every stanza that reaches `xmpp`'s own `stanza` handlers and matches `filter`. */
export function collectStanzas(xmpp: Client | XmppClient, filter: (stanza: Element) => boolean): Element[] {
  const stanzas: Element[] = [];
  xmpp.on('stanza', (stanza: Element) => {
    if (filter(stanza)) stanzas.push(stanza);
  });
  return stanzas;
}

/** The `ws` WebSocket under @xmpp/websocket's socket wrapper, while the transport's client is connected. */
export interface RawWebSocket {
  /** Kills the socket without a close handshake: a network drop, as the client sees it. */
  terminate(): void;
  /** Writes raw data (replace it to make writes vanish, as on a dying connection). */
  send(data: unknown): void;
}

/** The raw WebSocket of `transport`'s client, or `undefined` while it is not connected. */
export function rawWebSocket(transport: XmppTransport): RawWebSocket | undefined {
  const wrapper = transport.client.socket as unknown as { socket?: RawWebSocket } | null;
  return wrapper?.socket;
}
