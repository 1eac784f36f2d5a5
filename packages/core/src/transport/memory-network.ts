/**
 * An in-process signaling network: transports for several users (and several devices per user) in one
 * JavaScript realm, for tests, Storybook and offline demos. It behaves like an XMPP server where it matters:
 * every signal is encoded to XML text and parsed again on delivery (so the codec is always exercised), `from`
 * is stamped by the network, a bare JID reaches every online device and a full JID exactly one, and nothing
 * is stored for offline users. Latency, jitter, loss and partitions can be switched on.
 */
import { Emitter } from '../events/emitter.js';
import type { SignalCodec } from '../protocol/codec.js';
import { meshcallCodec } from '../protocol/meshcall-codec.js';
import type { Signal } from '../protocol/signal.js';
import { parseStanza } from '../protocol/xml.js';
import { type Clock, systemClock } from '../util/clock.js';
import { MeshcallError } from '../util/errors.js';
import { type Address, bareJid, isFullJid, type UserId } from '../util/jid.js';
import { receivedSignal, type SignalingTransport, type TransportEvents, type TransportStatus } from './transport.js';

/** Options of a {@link MemoryNetwork}. */
export interface MemoryNetworkOptions {
  /** One-way delay of every stanza in ms. Default 0 (still asynchronous). */
  readonly latencyMs?: number | undefined;
  /** Extra random delay of up to this many ms (may reorder stanzas, as a real network path would not). Default 0. */
  readonly jitterMs?: number | undefined;
  /** Fraction (0–1) of stanzas silently lost. Default 0. */
  readonly lossRate?: number | undefined;
  /** Fraction (0–1) of stanzas delivered twice (as a retrying client or a buggy server might). Default 0. */
  readonly duplicateRate?: number | undefined;
  /** Random source for loss and jitter (inject a seeded one for reproducible tests). Default `Math.random`. */
  readonly random?: (() => number) | undefined;
  /** The codec every stanza goes through. Default: meshcall's. */
  readonly codec?: SignalCodec | undefined;
  /** Time source for delivery delays. Default: the system clock. */
  readonly clock?: Clock | undefined;
  /**
   * Domains no server answers for, as a mistyped address's would be: a signal to a user there comes back to its
   * sender (`undeliverable`, `remote-server-not-found`) after a round trip. Default none.
   */
  readonly unreachableDomains?: readonly string[] | undefined;
}

/** Counters of what crossed the network, for benchmarks. */
export interface MemoryNetworkStats {
  /** Stanzas sent (including lost ones). */
  readonly stanzas: number;
  /** Characters of serialized XML sent. */
  readonly bytes: number;
  /** Largest stanza, in characters. */
  readonly largestStanza: number;
}

let resourceCounter = 0;

/** The in-process network. Create one per test or story, then one transport per device. */
export class MemoryNetwork {
  readonly #options: Required<Omit<MemoryNetworkOptions, 'codec' | 'clock' | 'random' | 'unreachableDomains'>> & {
    codec: SignalCodec;
    clock: Clock;
    random: () => number;
    unreachableDomains: readonly string[];
  };
  readonly #devices = new Map<Address, MemoryTransport>();
  readonly #partitions = new Set<string>();
  #stats = { stanzas: 0, bytes: 0, largestStanza: 0 };

  constructor(options: MemoryNetworkOptions = {}) {
    this.#options = {
      latencyMs: options.latencyMs ?? 0,
      jitterMs: options.jitterMs ?? 0,
      lossRate: options.lossRate ?? 0,
      duplicateRate: options.duplicateRate ?? 0,
      random: options.random ?? Math.random,
      codec: options.codec ?? meshcallCodec,
      clock: options.clock ?? systemClock,
      unreachableDomains: options.unreachableDomains ?? [],
    };
  }

  /**
   * Adds a device for `user` (a bare JID) and brings it online. `resource` names the device (default: a
   * unique one), so `alice@example.test/phone` and `alice@example.test/laptop` can both ring.
   */
  createTransport(user: UserId, options: { resource?: string } = {}): MemoryTransport {
    const resource = options.resource ?? `device${++resourceCounter}`;
    const address = `${bareJid(user)}/${resource}`;
    if (this.#devices.get(address)?.status === 'online') {
      throw new MeshcallError('invalid-argument', `${address} is already connected to this network`);
    }
    const transport = new MemoryTransport(this, bareJid(user), address);
    this.#devices.set(address, transport);
    this.#announce(transport, true);
    return transport;
  }

  /** Stops every stanza between users `a` and `b` (both directions) until {@link MemoryNetwork.heal}. */
  partition(a: UserId, b: UserId): void {
    this.#partitions.add(pairKey(a, b));
  }

  /** Lifts the partition between `a` and `b`, or every partition when called without arguments. */
  heal(a?: UserId, b?: UserId): void {
    if (a === undefined || b === undefined) this.#partitions.clear();
    else this.#partitions.delete(pairKey(a, b));
  }

  /** What crossed the network so far. */
  get stats(): MemoryNetworkStats {
    return { ...this.#stats };
  }

  /** Resets {@link MemoryNetwork.stats}. */
  resetStats(): void {
    this.#stats = { stanzas: 0, bytes: 0, largestStanza: 0 };
  }

  /**
   * Delivers raw XML text to `to` as if `from` had sent it, bypassing the encoder: for tests of hostile or
   * malformed input. Unparseable text is reported as an `error` event on the receiving transports.
   */
  injectRaw(from: Address, to: Address, xmlText: string): void {
    this.#route(from, to, xmlText);
  }

  /** @internal Called by {@link MemoryTransport.send}. */
  transmit(sender: MemoryTransport, to: Address, signal: Signal): void {
    const stanza = this.#options.codec.encode(signal, to);
    const user = bareJid(to);
    if (this.#options.unreachableDomains.includes(user.slice(user.indexOf('@') + 1))) {
      const { sessionId, kind } = signal;
      const bounce = { to: user, sessionId, kind, condition: 'remote-server-not-found', permanent: true };
      this.#options.clock.setTimeout(() => sender.emit('undeliverable', bounce), 2 * this.#options.latencyMs);
      return;
    }
    this.#route(sender.localAddress ?? sender.fullAddress, to, stanza.toString());
  }

  /** @internal Online devices, for presence. */
  onlineUsers(except: UserId): Set<UserId> {
    const users = new Set<UserId>();
    for (const device of this.#devices.values()) {
      if (device.status === 'online' && device.localUser !== except) users.add(device.localUser);
    }
    return users;
  }

  /** @internal A device went online or offline. */
  setOnline(transport: MemoryTransport, online: boolean): void {
    if (!online && this.#devices.get(transport.fullAddress) === transport && transport.status === 'offline') {
      this.#devices.delete(transport.fullAddress);
    }
    if (online) this.#devices.set(transport.fullAddress, transport);
    this.#announce(transport, online);
  }

  #announce(transport: MemoryTransport, available: boolean): void {
    for (const device of this.#devices.values()) {
      if (device === transport || device.status !== 'online') continue;
      if (device.localUser === transport.localUser) continue;
      device.deliverPresence({ address: transport.fullAddress, user: transport.localUser, available });
      if (available) {
        transport.deliverPresence({ address: device.fullAddress, user: device.localUser, available: true });
      }
    }
  }

  #route(from: Address, to: Address, text: string): void {
    this.#stats.stanzas += 1;
    this.#stats.bytes += text.length;
    this.#stats.largestStanza = Math.max(this.#stats.largestStanza, text.length);
    const { random, lossRate, duplicateRate, latencyMs, jitterMs, clock } = this.#options;
    if (lossRate > 0 && random() < lossRate) return;
    if (this.#partitions.has(pairKey(bareJid(from), bareJid(to)))) return;
    const copies = duplicateRate > 0 && random() < duplicateRate ? 2 : 1;
    for (let copy = 0; copy < copies; copy++) {
      const delay = latencyMs + (jitterMs > 0 ? random() * jitterMs : 0);
      clock.setTimeout(() => this.#deliver(from, to, text), delay);
    }
  }

  #deliver(from: Address, to: Address, text: string): void {
    const targets = isFullJid(to)
      ? [this.#devices.get(to)]
      : [...this.#devices.values()].filter((device) => device.localUser === bareJid(to));
    for (const device of targets) {
      // Like a server, stamp the sender and hand each device its own parsed copy.
      if (device?.status === 'online') device.deliverStanza(text, from);
    }
  }
}

/** A device on a {@link MemoryNetwork}: a {@link SignalingTransport} that is online from the start. */
export class MemoryTransport extends Emitter<TransportEvents> implements SignalingTransport {
  readonly localUser: UserId;
  /** This device's full JID, also while offline. */
  readonly fullAddress: Address;
  readonly #network: MemoryNetwork;
  readonly #codec: SignalCodec;
  readonly #online = new Map<UserId, Set<Address>>();
  #status: TransportStatus = 'online';

  /** @internal Use {@link MemoryNetwork.createTransport}. */
  constructor(network: MemoryNetwork, user: UserId, address: Address, codec: SignalCodec = meshcallCodec) {
    super();
    this.#network = network;
    this.#codec = codec;
    this.localUser = user;
    this.fullAddress = address;
  }

  /** `online`, or `offline` after `setOnline(false)` or `close()`. */
  get status(): TransportStatus {
    return this.#status;
  }

  /** This device's full JID while online, else `null`. */
  get localAddress(): Address | null {
    return this.#status === 'online' ? this.fullAddress : null;
  }

  /**
   * Encodes `signal` as the XMPP transport would and delivers it through the network; rejects with
   * `transport-offline` while offline.
   */
  send(to: Address, signal: Signal): Promise<void> {
    if (this.#status !== 'online') {
      return Promise.reject(new MeshcallError('transport-offline', `${this.fullAddress} is offline`));
    }
    try {
      this.#network.transmit(this, to, signal);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Other users with a device online on the network. */
  onlineUsers(): ReadonlySet<UserId> {
    return new Set(this.#online.keys());
  }

  /** Simulates losing the connection (`offline`) or getting it back (`online`). */
  setOnline(online: boolean): void {
    const status: TransportStatus = online ? 'online' : 'offline';
    if (status === this.#status) return;
    this.#status = status;
    // As XmppTransport does: every device seen goes away with our connection (told, so nothing stale stays).
    if (!online) {
      for (const [user, devices] of [...this.#online]) {
        for (const address of [...devices]) this.deliverPresence({ address, user, available: false });
      }
    }
    this.#network.setOnline(this, online);
    this.emit('status', status);
  }

  /**
   * Simulates the server's keep-alive traffic on a quiet connection (XMPP's stream-management acks): says `heard`
   * while online. What a device asleep or on a dead connection never gets.
   */
  keepAlive(): void {
    if (this.#status === 'online') this.emit('heard', undefined);
  }

  /** Goes offline for good and drops every listener. */
  async close(): Promise<void> {
    this.setOnline(false);
    this.clear();
  }

  /** @internal A stanza arrived: parse it (like a client's XML stream would) and decode it. */
  deliverStanza(text: string, from: Address): void {
    let stanza: ReturnType<typeof parseStanza>;
    try {
      stanza = parseStanza(text);
    } catch (cause) {
      this.emit('error', new MeshcallError('signal-malformed', `unparseable stanza from ${from}`, { cause }));
      return;
    }
    stanza.attrs.from = from;
    const result = this.#codec.decode(stanza);
    if (result.type === 'signal') this.emit('signal', receivedSignal(result));
    else if (result.type === 'error') this.emit('error', result.error);
  }

  /** @internal */
  deliverPresence(update: { address: Address; user: UserId; available: boolean }): void {
    const devices = this.#online.get(update.user) ?? new Set<Address>();
    if (update.available) devices.add(update.address);
    else devices.delete(update.address);
    if (devices.size > 0) this.#online.set(update.user, devices);
    else this.#online.delete(update.user);
    this.emit('presence', update);
  }
}

function pairKey(a: UserId, b: UserId): string {
  const [x, y] = [bareJid(a), bareJid(b)].sort();
  return `${x} ${y}`;
}
