/**
 * Shared pieces of the Chromium-through-Prosody call tests: logging users in from the page with the real
 * @xmpp/client (WebSocket, PLAIN), building call clients on those connections, and checking that video is
 * really decoded. Everything a test opens is registered here and released by {@link releaseAll}.
 */
import { type Client, client as createXmppClient, xml } from '@xmpp/client';
import { inject } from 'vitest';
import { CallClient } from '../client/call-client.js';
import type { CallClientConfig } from '../client/config.js';
import type { CallSession } from '../session/call-session.js';
import { nextEvent, waitFor } from '../testing/harness.js';
import type { XmppTestServer } from '../testing/prosody.js';
import { XmppTransport } from '../transport/xmpp-transport.js';

declare module 'vitest/browser' {
  interface BrowserCommands {
    /** Stops the run's Prosody by PID: every client's stream is closed by the server going away. */
    stopProsody: () => Promise<void>;
    /** Starts the run's Prosody again on the same ports and folder (same accounts). */
    startProsody: () => Promise<void>;
    /** Starts ejabberd (once) with these accounts; `null` when it is not installed. */
    startEjabberd: (
      users: readonly { username: string; password: string }[],
    ) => Promise<{ readonly wsUrl: string } | null>;
    /** Stops the ejabberd started by `startEjabberd`. */
    stopEjabberd: () => Promise<void>;
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

/** Logs `username` in from this page (password `<name>-pass`) and sends initial presence. */
export async function connectUser(
  username: string,
  options: { resource?: string; sendRetryWindow?: number } = {},
): Promise<XmppTransport> {
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
  options: { resource?: string; sendRetryWindow?: number } = {},
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

/** Resolves with the next call ringing on `callee`. */
export function incoming(callee: CallClient, timeout = 15_000): Promise<CallSession> {
  return nextEvent(callee, 'incomingCall', undefined, timeout).then(({ session }) => session);
}

/** Places a call from `caller` to `callee`, accepts it and waits until both sides are active. */
export async function connectedCall(
  caller: CallClient,
  callee: CallClient,
  callType: 'audio' | 'video' = 'video',
): Promise<[CallSession, CallSession]> {
  const outgoing = caller.createSession([callee.localUser], callType);
  const ringing = incoming(callee);
  await outgoing.start();
  const call = await ringing;
  await call.accept();
  await waitFor(() => outgoing.state === 'active' && call.state === 'active', 'call active', 20_000);
  return [outgoing, call];
}

/** Frames of `userId`'s video decoded at `session` so far. */
export async function framesDecoded(session: CallSession, userId: string): Promise<number> {
  const stats = await session.getStats();
  return stats.get(userId)?.framesDecoded ?? 0;
}

/** Waits until `read()` resolves to a value above `above` (polled; getStats is asynchronous). */
export async function waitForAbove(
  read: () => Promise<number>,
  above: number,
  message: string,
  timeout = 15_000,
): Promise<number> {
  let latest = Number.NEGATIVE_INFINITY;
  let inFlight = false;
  await waitFor(
    () => {
      if (!inFlight) {
        inFlight = true;
        void read().then((value) => {
          latest = value;
          inFlight = false;
        });
      }
      return latest > above;
    },
    message,
    timeout,
  );
  return latest;
}

/** Waits until video from `userId` is decoded at `session`, and then keeps being decoded. */
export async function expectVideoFlowing(session: CallSession, userId: string): Promise<void> {
  const label = `frames from ${userId} at ${session.localUser}`;
  const first = await waitForAbove(() => framesDecoded(session, userId), 0, label);
  await waitForAbove(() => framesDecoded(session, userId), first, `more ${label}`);
}
