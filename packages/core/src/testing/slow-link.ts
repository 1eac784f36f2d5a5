/**
 * A poor mobile link for tests against a real server (`tc netem` is not available on every machine): a TCP
 * proxy on 127.0.0.1 between one XMPP client and Prosody's HTTP/WebSocket port. Each direction delays every
 * chunk by a latency with jitter, keeping byte order; a direction can be stalled for a while; every connection
 * can be cut. Plus small helpers for calls through it. Test support only.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { CallClient } from '../client/call-client.js';
import { LocalMedia } from '../media/local-media.js';
import type { CallSession } from '../session/call-session.js';
import { XmppTransport } from '../transport/xmpp-transport.js';
import { runIce } from './chaos-invariants.js';
import { FakeMediaDevices } from './fake-media.js';
import { installWebSocket, passwordOf } from './prosody.js';
import { seededRandom } from './seeded-random.js';

export type Direction = 'up' | 'down'; // up: client → server; down: server → client

interface Pipe {
  queue: { due: number; data: Buffer }[];
  lastDue: number;
  timer: NodeJS.Timeout | null;
}

export class SlowLink {
  /** One-way latency [min, max] in ms, per direction. */
  latency: Record<Direction, [number, number]> = { up: [0, 0], down: [0, 0] };
  readonly #stallUntil: Record<Direction, number> = { up: 0, down: 0 };
  readonly #random = seededRandom(42);
  readonly #sockets = new Set<Socket>();
  readonly #pipes = new Set<Pipe>();
  #server: Server | null = null;
  port = 0;

  constructor(readonly targetPort: number) {}

  async start(): Promise<number> {
    this.#server = createServer((client) => this.#accept(client));
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.#server.address() as { port: number }).port;
    return this.port;
  }

  setLatency(min: number, max = min): void {
    this.latency = { up: [min, max], down: [min, max] };
  }

  /** Holds every byte of `direction` (queued or new) for `ms` from now. */
  stall(direction: Direction, ms: number): void {
    this.#stallUntil[direction] = Date.now() + ms;
  }

  /** Cuts every current connection (both sockets destroyed, queued bytes lost): a network drop. */
  cut(): void {
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    for (const pipe of this.#pipes) {
      if (pipe.timer) clearTimeout(pipe.timer);
      pipe.queue.length = 0;
    }
    this.#pipes.clear();
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  #accept(client: Socket): void {
    const upstream = connect(this.targetPort, '127.0.0.1');
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    this.#sockets.add(client);
    this.#sockets.add(upstream);
    const kill = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', kill);
    upstream.on('error', kill);
    client.on('close', kill);
    upstream.on('close', kill);
    this.#pipe(client, upstream, 'up');
    this.#pipe(upstream, client, 'down');
  }

  #pipe(from: Socket, to: Socket, direction: Direction): void {
    const pipe: Pipe = { queue: [], lastDue: 0, timer: null };
    this.#pipes.add(pipe);
    const flush = () => {
      pipe.timer = null;
      const now = Date.now();
      const stalled = this.#stallUntil[direction];
      if (now < stalled) {
        pipe.timer = setTimeout(flush, stalled - now);
        return;
      }
      while (pipe.queue.length > 0 && pipe.queue[0]!.due <= now) {
        const { data } = pipe.queue.shift()!;
        if (!to.destroyed) to.write(data);
      }
      if (pipe.queue.length > 0) pipe.timer = setTimeout(flush, Math.max(0, pipe.queue[0]!.due - now));
    };
    from.on('data', (data: Buffer) => {
      const [min, max] = this.latency[direction];
      const delay = min + (max - min) * this.#random();
      // TCP is ordered: never deliver before what came earlier.
      const due = Math.max(Date.now() + delay, pipe.lastDue);
      pipe.lastDue = due;
      pipe.queue.push({ due, data });
      if (!pipe.timer) pipe.timer = setTimeout(flush, Math.max(0, pipe.queue[0]!.due - Date.now()));
    });
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the modelled ICE of the fake RTC every 50 ms until the returned function is called. */
export function iceLoop(): () => void {
  const timer = setInterval(runIce, 50);
  return () => clearInterval(timer);
}

export interface Party {
  readonly user: string;
  readonly link: SlowLink;
  readonly transport: XmppTransport;
  readonly client: CallClient;
  readonly log: string[];
  readonly errors: string[];
}

/** Connects `user` through a fresh SlowLink (no latency while logging in) and makes its CallClient. */
export async function party(
  server: { wsUrl: string; domain: string },
  user: string,
  settings: Record<string, unknown> = {},
  connectOptions: Record<string, unknown> = {},
): Promise<Party> {
  await installWebSocket();
  const url = new URL(server.wsUrl);
  const link = new SlowLink(Number(url.port));
  const port = await link.start();
  const transport = await XmppTransport.connect({
    service: `ws://127.0.0.1:${port}${url.pathname}`,
    domain: server.domain,
    username: user,
    password: passwordOf(user),
    resource: `slow-${Math.random().toString(36).slice(2, 8)}`,
    ...connectOptions,
  });
  const createMedia = ({ callType }: { callType: 'audio' | 'video' }) =>
    new LocalMedia({ callType, mediaDevices: new FakeMediaDevices() });
  const client = new CallClient({ transport, createMedia, speakingInterval: 0, statsInterval: 0, ...settings });
  const log: string[] = [];
  const errors: string[] = [];
  client.on('error', ({ error }) => errors.push(`client: ${error.code} ${error.message}`));
  client.on('incomingCall', ({ session }) => watchSession(session, log, errors));
  return { user, link, transport, client, log, errors };
}

/** Records a session's events as readable lines, and its errors separately. */
export function watchSession(session: CallSession, log: string[], errors: string[]): void {
  const at = session.direction === 'outgoing' ? 'out' : 'in';
  session.on('accepted', ({ userId }) => log.push(`${at} accepted ${userId}`));
  session.on('rejected', ({ userId }) => log.push(`${at} rejected ${userId}`));
  session.on('hungUp', ({ userId }) => log.push(`${at} hungUp ${userId}`));
  session.on('notAnswered', ({ userId }) => log.push(`${at} notAnswered ${userId}`));
  session.on('noAction', ({ userId }) => log.push(`${at} noAction ${userId}`));
  session.on('closed', ({ reason }) => log.push(`${at} closed ${reason}`));
  session.on('peerStateChanged', ({ userId, state }) => log.push(`${at} peer ${userId} ${state}`));
  session.on('error', ({ error }) => errors.push(`${at} ${error.code} ${error.message}`));
}

export async function dispose(parties: readonly Party[]): Promise<void> {
  for (const p of parties) p.link.setLatency(0);
  for (const p of parties) await p.client.destroy().catch(() => undefined);
  for (const p of parties) await p.transport.close().catch(() => undefined);
  for (const p of parties) await p.link.close();
}
