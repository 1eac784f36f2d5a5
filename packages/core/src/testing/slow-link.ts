/**
 * A poor mobile link for tests against a real server (`tc netem` is not available on every machine): a TCP
 * proxy on 127.0.0.1 between XMPP clients and Prosody's HTTP/WebSocket port. Each direction delays every
 * chunk by a latency with jitter, keeping byte order; a direction can be stalled for a while; every connection
 * can be cut. Node only (the browser tests reach it through commands: scripts/test-support/slow-link.ts).
 * Test support only; helpers for Node calls through it are in `slow-link-calls.ts`.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { seededRandom } from './seeded-random.js';

export type Direction = 'up' | 'down'; // up: client → server; down: server → client

interface Pipe {
  frozen: boolean;
  queue: { due: number; data: Buffer }[];
  lastDue: number;
  timer: NodeJS.Timeout | null;
}

export class SlowLink {
  /** One-way latency [min, max] in ms, per direction. */
  latency: Record<Direction, [number, number]> = { up: [0, 0], down: [0, 0] };
  readonly #stallUntil: Record<Direction, number> = { up: 0, down: 0 };
  #holdUntil = 0;
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

  /**
   * For `ms` from now, connections are accepted and then left unanswered for good (never passed on): a stuck
   * proxy or a hung server, as a client trying to connect meets it.
   */
  holdNewConnections(ms: number): void {
    this.#holdUntil = Date.now() + ms;
  }

  /**
   * Every current connection carries nothing more, either way, and stays open: a socket left behind by a network
   * that went away without a word (a laptop that slept, a NAT that forgot the mapping). New connections work.
   */
  freeze(): void {
    for (const pipe of this.#pipes) {
      pipe.frozen = true;
      pipe.queue.length = 0;
    }
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
    if (Date.now() < this.#holdUntil) {
      this.#sockets.add(client);
      client.on('error', () => client.destroy());
      return;
    }
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
    const pipe: Pipe = { frozen: false, queue: [], lastDue: 0, timer: null };
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
      if (pipe.frozen) return;
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
