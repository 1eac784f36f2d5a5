/**
 * The benchmark page: real calls between clients that all live in this page (real RTCPeerConnections, the fake
 * camera), signaled over a MemoryNetwork or through a real XMPP server. bench/setup-times.mjs calls the
 * functions on `window.meshcallBench` and gets plain numbers back.
 */
import { CallClient, type CallSession, MemoryNetwork, type SignalingTransport, XmppTransport } from '@meshcall/core';

/** Where signals go: the in-page network, or an XMPP server's WebSocket. */
export type Mode = { readonly kind: 'memory' } | { readonly kind: 'xmpp'; readonly wsUrl: string };

/** What one 1:1 call cost, from `start()` until both sides closed. */
export interface CallFigures {
  /** `start()` until both sides report the peer `connected`. */
  readonly setupMs: number;
  /** Signals sent by both sides (stanzas), call to hang-up. */
  readonly stanzas: number;
  /** UTF-8 bytes of those stanzas as serialized by the sender. */
  readonly bytes: number;
  readonly largestStanzaBytes: number;
}

const DOMAIN = 'localhost';
const jid = (user: string) => `${user}@${DOMAIN}`;
const encoder = new TextEncoder();

interface Counter {
  stanzas: number;
  bytes: number;
  largest: number;
}

function newCounter(): Counter {
  return { stanzas: 0, bytes: 0, largest: 0 };
}

function count(counter: Counter, text: string): void {
  const size = encoder.encode(text).length;
  counter.stanzas += 1;
  counter.bytes += size;
  counter.largest = Math.max(counter.largest, size);
}

/** XMPP connections are made once per user and reused by every run: logging in is not part of a call. */
const xmppTransports = new Map<string, XmppTransport>();
let xmppCounter = newCounter();

async function xmppTransport(user: string, wsUrl: string): Promise<XmppTransport> {
  const existing = xmppTransports.get(user);
  if (existing) return existing;
  const transport = await XmppTransport.connect({
    service: wsUrl,
    domain: DOMAIN,
    username: user,
    password: `${user}-pass`,
  });
  // Count only meshcall signals, as the client writes them (not presence, pings or stream management).
  transport.client.on('send', (element: { name: string; getChild(name: string, ns: string): unknown }) => {
    if (element.name === 'message' && element.getChild('signal', 'urn:meshcall:signal')) {
      count(xmppCounter, String(element));
    }
  });
  xmppTransports.set(user, transport);
  return transport;
}

/** Transports for `users` plus a way to read and reset what they sent. */
async function environment(
  mode: Mode,
  users: readonly string[],
): Promise<{ transports: SignalingTransport[]; reset(): void; read(): Counter }> {
  if (mode.kind === 'memory') {
    const network = new MemoryNetwork();
    const transports = users.map((user) => network.createTransport(jid(user)));
    return {
      transports,
      reset: () => network.resetStats(),
      read: () => {
        // MemoryNetwork counts characters; meshcall stanzas are ASCII (SDP, JIDs, base64-free userInfo here).
        const stats = network.stats;
        return { stanzas: stats.stanzas, bytes: stats.bytes, largest: stats.largestStanza };
      },
    };
  }
  const transports = await Promise.all(users.map((user) => xmppTransport(user, mode.wsUrl)));
  return {
    transports,
    reset: () => {
      xmppCounter = newCounter();
    },
    read: () => ({ ...xmppCounter }),
  };
}

/** Resolves once every opponent of `session` is connected (checked on each peer state change). */
function allConnected(session: CallSession): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (session.opponents.every((peer) => session.getPeerState(peer) === 'connected')) {
        off();
        resolve();
      }
    };
    const off = session.on('peerStateChanged', check);
    check();
  });
}

function closed(session: CallSession): Promise<void> {
  return new Promise((resolve) => {
    if (session.state === 'closed') resolve();
    else session.on('closed', () => resolve());
  });
}

function nextIncoming(client: CallClient): Promise<CallSession> {
  return new Promise((resolve) => {
    client.once('incomingCall', ({ session }) => resolve(session));
  });
}

/**
 * Resolves once `read()` has not changed for `quietMs`: closing is synchronous but an XmppTransport writes
 * queued signals asynchronously, so the last hang-ups may still be on their way to the socket.
 */
async function settled(read: () => Counter, quietMs = 150): Promise<Counter> {
  let last = read();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, quietMs));
    const now = read();
    if (now.stanzas === last.stanzas) return now;
    last = now;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms)),
  ]);
}

/** One 1:1 video call: alice calls, bob answers as soon as it rings, alice hangs up once both are connected. */
async function call1to1(mode: Mode): Promise<CallFigures> {
  const env = await environment(mode, ['alice', 'bob']);
  const [alice, bob] = env.transports.map((transport) => new CallClient({ transport })) as [CallClient, CallClient];
  try {
    const ringing = nextIncoming(bob).then(async (session) => {
      await session.accept();
      return session;
    });
    env.reset();
    const outgoing = alice.createSession([jid('bob')], 'video');
    const started = performance.now();
    await outgoing.start();
    const call = await withTimeout(ringing, 20_000, 'bob rings');
    await withTimeout(Promise.all([allConnected(outgoing), allConnected(call)]), 20_000, 'both connected');
    const setupMs = performance.now() - started;
    outgoing.hangUp();
    await withTimeout(Promise.all([closed(outgoing), closed(call)]), 20_000, 'both closed');
    const sent = await settled(env.read);
    return { setupMs, stanzas: sent.stanzas, bytes: sent.bytes, largestStanzaBytes: sent.largest };
  } finally {
    await alice.destroy();
    await bob.destroy();
    if (mode.kind === 'memory') for (const transport of env.transports) await transport.close();
  }
}

/**
 * A 4-person video mesh: alice calls three; they answer one after the other. Measured from the last
 * `accept()` until all 6 links are connected on every side.
 */
async function mesh4(mode: Mode): Promise<{ setupMs: number; stanzas: number }> {
  const users = ['alice', 'bob', 'carol', 'dave'];
  const env = await environment(mode, users);
  const clients = env.transports.map((transport) => new CallClient({ transport }));
  const [caller, ...callees] = clients as [CallClient, ...CallClient[]];
  try {
    const ringing = callees.map(nextIncoming);
    env.reset();
    const outgoing = caller.createSession(users.slice(1).map(jid), 'video');
    await outgoing.start();
    const calls = await withTimeout(Promise.all(ringing), 20_000, 'everyone rings');
    for (const call of calls.slice(0, -1)) await call.accept();
    const sessions = [outgoing, ...calls];
    const last = calls[calls.length - 1] as CallSession;
    const started = performance.now();
    await last.accept();
    await withTimeout(Promise.all(sessions.map(allConnected)), 30_000, 'all 6 links connected');
    const setupMs = performance.now() - started;
    for (const session of sessions) session.hangUp();
    await withTimeout(Promise.all(sessions.map(closed)), 20_000, 'all closed');
    return { setupMs, stanzas: (await settled(env.read)).stanzas };
  } finally {
    for (const client of clients) await client.destroy();
    if (mode.kind === 'memory') for (const transport of env.transports) await transport.close();
  }
}

/** Closes the XMPP connections (end of a benchmark). */
async function disconnect(): Promise<void> {
  for (const transport of xmppTransports.values()) await transport.close();
  xmppTransports.clear();
}

const api = { call1to1, mesh4, disconnect };
(window as unknown as { meshcallBench: typeof api }).meshcallBench = api;
