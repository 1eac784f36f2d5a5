/**
 * Shared pieces of the Chromium-through-Prosody call tests: logging users in from the page with the real
 * @xmpp/client (WebSocket, PLAIN), building call clients on those connections, and checking that video is
 * really decoded. Everything a test opens is registered here and released by {@link releaseAll}.
 */
import { type Client, client as createXmppClient, xml } from '@xmpp/client';
import { inject } from 'vitest';
import { CallClient } from '../client/call-client.js';
import type { CallClientConfig } from '../client/config.js';
import type { XmppTestServer } from '../testing/prosody.js';
import { XmppTransport } from '../transport/xmpp-transport.js';

declare module 'vitest/browser' {
  interface BrowserCommands {
    /** Stops the run's Prosody by PID: every client's stream is closed by the server going away. */
    stopProsody: () => Promise<void>;
    /** Starts the run's Prosody again on the same ports and folder (same accounts). */
    startProsody: () => Promise<void>;
    /** Starts ejabberd (once) with these accounts; `null` when it cannot run here (not installed, not root). */
    startEjabberd: (
      users: readonly { username: string; password: string }[],
    ) => Promise<{ readonly wsUrl: string } | null>;
    /** Stops the ejabberd started by `startEjabberd`. */
    stopEjabberd: () => Promise<void>;
    /** Opens a delaying TCP proxy to `targetPort` (one-way latency `minMs`–`maxMs`); resolves to its port. */
    openSlowLink: (targetPort: number, minMs?: number, maxMs?: number) => Promise<number>;
    /** Sets the one-way latency of the link on `port`. */
    setSlowLinkLatency: (port: number, minMs: number, maxMs?: number) => Promise<void>;
    /** Holds every byte going `direction` (`up`: page → server) through the link on `port` for `ms`. */
    stallSlowLink: (port: number, direction: 'up' | 'down', ms: number) => Promise<void>;
    /** Closes every slow link (their connections are cut). */
    closeSlowLinks: () => Promise<void>;
  }
}

/** The XMPP domain of the test server. */
export const DOMAIN = 'localhost';

/** `alice` → `alice@localhost`. */
export function jidOf(username: string): string {
  return `${username}@${DOMAIN}`;
}

/** The Prosody of this run (started by scripts/test-support/xmpp-browser-server.mjs). */
export function xmppServer(): XmppTestServer {
  return inject('xmppServer');
}

let serviceOverride: string | null = null;

/** Logs users in to another server's WebSocket from now on (`null`: back to the run's Prosody). */
export function useService(wsUrl: string | null): void {
  serviceOverride = wsUrl;
}

function service(): string {
  return serviceOverride ?? xmppServer().wsUrl;
}

const transports: XmppTransport[] = [];
const clients: CallClient[] = [];
const rawClients: Client[] = [];

/** How a test user connects: its resource, the transport's send retry window, another WebSocket URL. */
export interface ConnectOptions {
  readonly resource?: string;
  readonly sendRetryWindow?: number;
  /** Logs in through this WebSocket URL (a slow link in front of the run's Prosody, say). */
  readonly service?: string;
}

/** Logs `username` in from this page (password `<name>-pass`) and sends initial presence. */
export async function connectUser(username: string, options: ConnectOptions = {}): Promise<XmppTransport> {
  const transport = await XmppTransport.connect({
    service: service(),
    domain: DOMAIN,
    username,
    password: `${username}-pass`,
    ...options,
  });
  transports.push(transport);
  return transport;
}

/** A call client on a fresh connection of `username`. */
export async function callClient(
  username: string,
  config: Partial<CallClientConfig> = {},
  options: ConnectOptions = {},
): Promise<CallClient> {
  const transport = await connectUser(username, options);
  const created = new CallClient({ transport, ...config });
  clients.push(created);
  return created;
}

/** A plain @xmpp/client of `username` (an app's own connection, or a hostile one), online with presence. */
export async function rawClient(username: string): Promise<Client> {
  const xmpp = createXmppClient({
    service: service(),
    domain: DOMAIN,
    username,
    password: `${username}-pass`,
    resource: `raw-${crypto.randomUUID().slice(0, 8)}`,
  });
  xmpp.on('error', () => {});
  rawClients.push(xmpp);
  await xmpp.start();
  await xmpp.send(xml('presence'));
  return xmpp;
}

/** Destroys every call client, closes every connection opened through these helpers. */
export async function releaseAll(): Promise<void> {
  for (const created of clients.splice(0)) await created.destroy();
  for (const transport of transports.splice(0)) await transport.close();
  for (const xmpp of rawClients.splice(0)) {
    xmpp.reconnect.stop();
    try {
      if (xmpp.status !== 'offline') await xmpp.stop();
    } catch {
      // already gone
    }
  }
}

export { connectedCall, expectVideoFlowing, framesDecodedAbove, incoming } from '../testing/harness.js';
