/**
 * {@link XmppTransport}: signals over a real XMPP connection (`@xmpp/client`), in browsers (WebSocket) and
 * Node (WebSocket or TCP). One signal is one `<message type="headline">` built by a {@link SignalCodec};
 * headlines are never stored offline by servers, so a signal reaches only devices that are online now.
 */
import xml from '@xmpp/xml';
import type { Element } from 'ltx';
import { Emitter, type Listener, type Unsubscribe } from '../events/emitter.js';
import type { SignalCodec } from '../protocol/codec.js';
import { meshcallCodec } from '../protocol/meshcall-codec.js';
import type { Signal } from '../protocol/signal.js';
import { type Clock, MAX_TIMER_MS, systemClock, type TimerHandle, within } from '../util/clock.js';
import { MeshcallError, type MeshcallErrorCode, toMeshcallError } from '../util/errors.js';
import { type Address, bareJid, isFullJid, type UserId } from '../util/jid.js';
import { randomHex } from '../util/random.js';
import { receivedSignal, type SignalingTransport, type TransportEvents, type TransportStatus } from './transport.js';
import { DirectedPresence } from './xmpp/directed-presence.js';
import type { XmppClient, XmppEventSource } from './xmpp/xmpp-client.js';

/** Most devices known per user, and in all (presence of more is not tracked; the oldest is let go). */
const MAX_DEVICES_PER_USER = 16;
const MAX_KNOWN_DEVICES = 1_000;
/** XEP-0045: the child of every presence a group chat room sends about its occupants. */
const MUC_USER_NS = 'http://jabber.org/protocol/muc#user';

/** Whether a bounce from `from` can be about a signal sent to the bare JID `to`: from that account or its server. */
function bouncedBy(from: string, to: UserId): boolean {
  const sender = bareJid(from);
  return sender === to || sender === to.slice(to.indexOf('@') + 1);
}

/** Default of {@link XmppTransportOptions.sendRetryWindow}: how long a signal may wait for a connection. */
export const DEFAULT_SEND_RETRY_WINDOW = 10_000;

/** Options shared by both ways of creating an {@link XmppTransport}. */
export interface XmppTransportCommonOptions {
  /** The wire format. Default: the meshcall codec. */
  readonly codec?: SignalCodec | undefined;
  /**
   * How long (ms) `send` keeps a signal queued while the connection is down, before rejecting it with
   * `transport-offline`. Queued signals are flushed in order once the connection is back. Default 10 s.
   */
  readonly sendRetryWindow?: number | undefined;
  /** Time source for the retry window (tests). Default: the system clock. */
  readonly clock?: Clock | undefined;
}

/** Options for wrapping an app-provided `@xmpp/client` instance. */
export interface XmppTransportOptions extends XmppTransportCommonOptions {
  /**
   * The app's client, created and possibly already online. The transport never stops it and never sends
   * presence for it: the app must send its own initial presence, or bare-JID signals are not delivered.
   * The transport learns who is online from the presence that arrives after it is created, and the server
   * sends the contacts' presence once, after the initial presence: create the transport before sending it
   * (else `onlineUsers()` stays empty until each contact's presence changes).
   *
   * Create it with a fixed, non-empty `resource` (e.g. one per device, kept in storage). Without one the
   * server binds a new resource on every reconnect, the device gets a new address, and the others in a call
   * ignore what it sends from then on (a participant is tied to the address it joined from).
   */
  readonly client: XmppClient;
  /** This user's bare JID. Default: taken from the client (known when it was created with a username). */
  readonly localUser?: UserId | undefined;
}

/** Options for {@link XmppTransport.connect}, where the transport owns its connection. */
export interface XmppConnectOptions extends XmppTransportCommonOptions {
  /**
   * `ws://…/xmpp-websocket` or `wss://…` (for TCP, `xmpp://`, in Node: pass your own `@xmpp/client` to
   * `new XmppTransport({ client })`).
   */
  readonly service: string;
  /** The XMPP domain (required: with an IP in `service` it could not be guessed). */
  readonly domain: string;
  /** The local part of the account's JID: the local user is `username@domain`. */
  readonly username: string;
  /** The account's password, for SASL authentication. */
  readonly password: string;
  /**
   * The resource to bind, kept across reconnects. Default (also for `''`): a fresh `meshcall-<random>`, so two
   * devices never kick each other.
   */
  readonly resource?: string | undefined;
  /**
   * How long each step of connecting may take (opening the socket, then the stream, authenticating, binding),
   * in ms, on the first sign-in and on every reconnection: a server that accepts the connection and never
   * answers fails the attempt (`transport-offline`) instead of holding it for ever. Default
   * 20 000: a phone on a congested or stalling link may take seconds for one round trip, and a login that gives
   * up sooner fails again on every retry for as long as the link stays that slow.
   */
  readonly timeout?: number | undefined;
  /**
   * How long (ms) the server may send nothing before it is pinged (XEP-0199); if it sends nothing for as long
   * again, the connection is taken for dead and reconnected (`reconnecting`, then `online`). A socket can die
   * without a word (a laptop that slept, a phone that changed networks, a NAT that forgot it), and until then
   * every call to this device rings out unheard. Not used while the server runs stream management (XEP-0198),
   * whose acks do the same. Default 30 000; 0 turns it off.
   */
  readonly keepAliveInterval?: number | undefined;
}

/** How long `close()` waits for queued signals to be written before it discards them. */
const CLOSE_FLUSH_MS = 2_000;

/**
 * How long `close()` waits for an owned client to stop. Stopping waits for the server to close the stream, up
 * to the connection's step timeout twice over (40 s by default, on a link that stalls): the rest goes on alone.
 */
const CLOSE_STOP_MS = 3_000;

interface PendingSignal {
  readonly stanza: Element;
  readonly sent: SentSignal;
  readonly resolve: () => void;
  readonly reject: (error: MeshcallError) => void;
  timer: TimerHandle | null;
  lastError: unknown;
}

interface NoDelaySocket {
  setNoDelay?: ((noDelay: boolean) => unknown) | undefined;
}

/** How many sent signal ids are remembered to recognise bounces (a bounce comes back within a round trip). */
const SENT_IDS_KEPT = 512;

/**
 * Stanza errors (RFC 6120 §8.3.3) after which no re-send can get through: the address does not exist, its server
 * is unknown, or our server talks to no other server (`not-allowed`, as Prosody says without s2s). Not
 * `service-unavailable`, which servers also say for a user who is merely offline, nor a timeout.
 */
const PERMANENT_BOUNCES: ReadonlySet<string> = new Set([
  'remote-server-not-found',
  'item-not-found',
  'jid-malformed',
  'gone',
  'not-allowed',
  'forbidden',
]);

/** What is remembered of a sent signal, to tell whom a bounce concerns. */
interface SentSignal {
  readonly to: UserId;
  readonly sessionId: string;
  readonly kind: Signal['kind'];
}

/** Raw @xmpp/client statuses during which the stream is being (re)established. */
const CONNECTING_STATUSES = new Set(['connecting', 'connect', 'connected', 'opening', 'open']);

/** How often, at most, the transport says `heard` (see `TransportEvents.heard`). */
const HEARD_EVERY_MS = 1_000;

/** Client state indication (XEP-0352). */
const CSI_NS = 'urn:xmpp:csi:0';

/** SASL failures that mean the credentials were refused (RFC 6120 §6.5). */
const CREDENTIALS_REFUSED = new Set(['not-authorized', 'account-disabled', 'credentials-expired']);

/**
 * Why a first connection failed, as a code an app can tell its user about: the credentials were refused, the
 * server does not serve the domain, client and server have no way to log in together (no SASL mechanism in
 * common, the password would go unencrypted), or (anything else) there was no connection.
 */
function connectFailureCode(error: unknown): MeshcallErrorCode {
  const chain: Error[] = [];
  for (let link: unknown = error; link instanceof Error && chain.length < 5; link = link.cause) chain.push(link);
  const own = chain.find((link) => link instanceof MeshcallError);
  if (own instanceof MeshcallError) return own.code;
  for (const link of chain) {
    const condition = (link as Error & { condition?: unknown }).condition;
    if (typeof condition === 'string' && CREDENTIALS_REFUSED.has(condition)) return 'transport-auth-failed';
    if (condition === 'host-unknown') return 'transport-host-unknown';
    if (link.name === 'SASLError' && condition !== 'temporary-auth-failure') return 'invalid-config';
    if (offersNoSignIn(link)) return 'invalid-config';
    if (link.name === 'StreamError' && condition === 'conflict') return 'transport-replaced';
  }
  return 'transport-offline';
}

/**
 * Whether the server closed the stream because it had nothing to offer it, no SASL above all: Prosody does so when
 * it requires encryption and takes the WebSocket for unencrypted (`c2s_require_encryption`, its default, behind a
 * TLS proxy it was not told about). No retry can sign in there.
 */
function offersNoSignIn(error: Error): boolean {
  const { condition, text } = error as Error & { condition?: unknown; text?: unknown };
  return (
    error.name === 'StreamError' &&
    condition === 'undefined-condition' &&
    typeof text === 'string' &&
    /no stream features/i.test(text)
  );
}

/** A `meshcall-` resource with 64 random bits. */
export function generateResource(): string {
  return `meshcall-${randomHex(8)}`;
}

/**
 * A {@link SignalingTransport} over XMPP. Either wraps an app's `@xmpp/client` (`new XmppTransport({ client })`)
 * or creates and owns one ({@link XmppTransport.connect}).
 *
 * It reads only stanzas the codec recognises; every other stanza is left to the app's own handlers. The sender
 * of a signal is the server-stamped `from`. Undecodable meshcall stanzas become `error` events, never throws.
 */
export class XmppTransport implements SignalingTransport {
  readonly #client: XmppClient;
  readonly #codec: SignalCodec;
  readonly #clock: Clock;
  readonly #retryWindow: number;
  readonly #events: Emitter<TransportEvents>;
  readonly #localUser: UserId;
  readonly #queue: PendingSignal[] = [];
  /** Online devices of other users: bare JID → full JIDs. */
  readonly #devices = new Map<UserId, Set<Address>>();
  /** Every known device, oldest first: when there are too many, the oldest is let go. */
  readonly #deviceOrder = new Map<Address, UserId>();
  readonly #detach: Array<() => void> = [];
  /** Ids of recently sent signals, with the bare JID each went to (a bounce must come from there). */
  readonly #sentIds = new Map<string, SentSignal>();
  #owned = false;
  /**
   * The last presence the app broadcast through an owned client (status, priority, or "appear offline"):
   * what a new session after a reconnect announces again, instead of a plain `<presence/>` that would undo it.
   */
  #appPresence: Element | null = null;
  /** This device's presence to those in a call with it (see `DirectedPresence`). */
  readonly #directed: DirectedPresence;
  #closed = false;
  #heardAt = Number.NEGATIVE_INFINITY;
  /** Whether the app's client saying it is inactive (XEP-0352) was told (once: see `#attach`). */
  #toldInactive = false;
  /** Whether a connection error was told since the connection was last online (see `#onOwnedClientError`). */
  #toldOutage = false;
  #pumping = false;
  /** Called whenever a queued signal was written (see `#drain`). */
  readonly #drainWaiters: Array<() => void> = [];
  #everOnline = false;
  #status: TransportStatus;
  #idCounter = 0;
  readonly #idPrefix = randomHex(4);

  /**
   * Wraps an app-provided client. Throws `invalid-config` if the local user cannot be known (the client was
   * created without a username and no `localUser` was given).
   */
  constructor(options: XmppTransportOptions) {
    const { client } = options;
    const localUser = options.localUser ?? client.jid?.bare().toString();
    if (!localUser) {
      throw new MeshcallError(
        'invalid-config',
        'XmppTransport: cannot tell the local user; pass `localUser` or create the client with a username',
      );
    }
    const retryWindow = options.sendRetryWindow ?? DEFAULT_SEND_RETRY_WINDOW;
    if (!Number.isFinite(retryWindow) || retryWindow < 0 || retryWindow > MAX_TIMER_MS) {
      throw new MeshcallError(
        'invalid-config',
        `XmppTransport: sendRetryWindow must be a number of milliseconds from 0 to ${MAX_TIMER_MS}`,
      );
    }
    this.#client = client;
    this.#codec = options.codec ?? meshcallCodec;
    this.#clock = options.clock ?? systemClock;
    this.#retryWindow = retryWindow;
    this.#localUser = bareJid(localUser);
    this.#directed = new DirectedPresence({
      client,
      clock: this.#clock,
      localUser: this.#localUser,
      appPresence: () => this.#appPresence,
    });
    this.#events = new Emitter<TransportEvents>((error) => {
      // A throwing app listener must not break signaling; report it like any other non-fatal failure.
      if (!this.#closed)
        this.#emitError(new MeshcallError('invalid-state', 'an XmppTransport listener threw', { cause: error }));
    });
    const raw = String(client.status);
    this.#everOnline = raw === 'online';
    this.#status = raw === 'online' ? 'online' : raw === 'offline' ? 'offline' : 'connecting';
    this.#attach();
  }

  /**
   * Creates a client, connects, sends initial presence and resolves once online. The transport owns that
   * client: `close()` stops it. The app may use it for its own chat too: after a reconnect, the transport
   * announces again the last presence the app sent on it (show, status, priority), or none if that was
   * `unavailable` ("appear offline"). If the first connection fails it rejects with `transport-auth-failed` (user
   * name or password refused), `transport-host-unknown` (the server does not serve `domain`), `invalid-config`
   * (no way to log in: the server offers no SASL PLAIN, or it would go over an unencrypted `ws://` to another
   * machine) or `transport-offline` (no connection), the client's error as `cause`; reconnection after a later
   * drop is automatic. In Node 20, set `globalThis.WebSocket` (for example from the `ws` package) before using
   * a `ws://` service.
   */
  static async connect(options: XmppConnectOptions): Promise<XmppTransport> {
    for (const key of ['service', 'domain', 'username', 'password'] as const) {
      if (typeof options[key] !== 'string' || options[key] === '') {
        throw new MeshcallError('invalid-config', `XmppTransport.connect: \`${key}\` is required`);
      }
    }
    const { keepAliveInterval } = options;
    if (
      keepAliveInterval !== undefined &&
      !(Number.isFinite(keepAliveInterval) && keepAliveInterval >= 0 && keepAliveInterval <= MAX_TIMER_MS)
    ) {
      throw new MeshcallError(
        'invalid-config',
        `XmppTransport.connect: keepAliveInterval must be a number of milliseconds from 0 to ${MAX_TIMER_MS}`,
      );
    }
    if (!/^wss?:\/\//i.test(options.service)) {
      throw new MeshcallError(
        'invalid-config',
        'XmppTransport.connect: `service` must be a ws:// or wss:// URL (for xmpp://, pass your own @xmpp/client to new XmppTransport({ client }))',
      );
    }
    // Loaded here, not imported at the top: an app that never connects this way (MemoryNetwork, its own client)
    // does not ship xmpp.js's connection code, which bundlers must otherwise keep (it declares side effects).
    const { createXmppClient } = await import('./xmpp/create-client.js').catch((error: unknown) => {
      // Offline, or a new deployment removed the chunk this page knew: no connection, as far as the app goes.
      throw new MeshcallError('transport-offline', 'XmppTransport.connect: could not load the XMPP client', {
        cause: error,
      });
    });
    const client = createXmppClient({
      service: options.service,
      domain: options.domain,
      username: options.username,
      password: options.password,
      // `||`: an empty resource would let the server pick a new one on every reconnect.
      resource: options.resource || generateResource(),
      timeout: options.timeout,
      keepAliveInterval,
    });
    // The common options (codec, sendRetryWindow, clock) pass through; the constructor ignores the rest.
    const transport = new XmppTransport({ ...options, client, localUser: `${options.username}@${options.domain}` });
    transport.#owned = true;
    // An EventEmitter without an `error` listener throws; an owned client's errors are reported as events.
    client.on('error', (error: Error) => transport.#onOwnedClientError(error));
    transport.#setStatus('connecting');
    const online = new Promise<void>((resolve, reject) => {
      const off = transport.on('status', (status) => {
        if (status === 'online') {
          off();
          resolve();
        } else if (status === 'offline') {
          off();
          reject(new MeshcallError('transport-offline', 'XmppTransport.connect: closed before coming online'));
        }
      });
    });
    try {
      await client.start();
      await online;
    } catch (error) {
      online.catch(() => {});
      await transport.close();
      if (error instanceof Error && offersNoSignIn(error)) {
        throw new MeshcallError(
          'invalid-config',
          'XmppTransport.connect: the server offers no way to sign in on this connection: it requires an encrypted stream. Use a wss:// service, or (Prosody behind a TLS proxy) set consider_websocket_secure or trusted_proxies',
          { cause: error },
        );
      }
      throw toMeshcallError(error, connectFailureCode(error), 'XmppTransport.connect failed: ');
    }
    return transport;
  }

  /** Current connection status. */
  get status(): TransportStatus {
    return this.#status;
  }

  /** This device's full JID while online, else `null`. */
  get localAddress(): Address | null {
    return this.#status === 'online' ? (this.#client.jid?.toString() ?? null) : null;
  }

  /** This user's bare JID. */
  get localUser(): UserId {
    return this.#localUser;
  }

  /** The underlying `@xmpp/client` (for the app's own stanzas; do not stop an owned one directly). */
  get client(): XmppClient {
    return this.#client;
  }

  /** Whether `close()` will stop the client (it was created by {@link XmppTransport.connect}). */
  get ownsClient(): boolean {
    return this.#owned;
  }

  /** Listens to a transport event (`signal`, `presence`, `status`, `error`); returns the function that stops listening. */
  on<K extends keyof TransportEvents>(name: K, listener: Listener<TransportEvents[K]>): Unsubscribe {
    return this.#events.on(name, listener);
  }

  /** Listens to the next occurrence of a transport event only; returns the function that cancels it. */
  once<K extends keyof TransportEvents>(name: K, listener: Listener<TransportEvents[K]>): Unsubscribe {
    return this.#events.once(name, listener);
  }

  /** Users with at least one available device, from presence (own user and group chat occupants excluded). */
  onlineUsers(): ReadonlySet<UserId> {
    return new Set(this.#devices.keys());
  }

  /**
   * Makes this device known to `users` while a call with them lasts (directed presence: see `DirectedPresence`).
   * Returns the function that ends it (they left, or the call is over).
   */
  announceTo(users: readonly UserId[]): () => void {
    return this.#directed.announceTo(users, this.#status === 'online');
  }

  /**
   * Whether the connection carries stanzas both ways now: a ping to our server (XEP-0199) answered within
   * `timeout` ms. An error reply is a reply too (a server without ping answers `service-unavailable`).
   */
  async checkConnection(timeout: number): Promise<boolean> {
    const domain = this.#localUser.slice(this.#localUser.indexOf('@') + 1);
    if (this.#closed || this.#client.status !== 'online') return false;
    try {
      await this.#client.iqCaller.request(
        xml('iq', { type: 'get', to: domain }, xml('ping', { xmlns: 'urn:xmpp:ping' })),
        timeout,
      );
      return true;
    } catch (error) {
      return error instanceof Error && error.name === 'StanzaError';
    }
  }

  /**
   * Sends `signal` to a bare JID (every device that sent presence) or a full JID. Resolves once written to
   * the connection. While offline or reconnecting the signal waits (in order) for up to `sendRetryWindow`,
   * then rejects with `transport-offline`. A signal breaking protocol limits rejects with `invalid-argument`.
   */
  send(to: Address, signal: Signal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.#closed) {
        reject(new MeshcallError('transport-offline', 'XmppTransport is closed'));
        return;
      }
      let stanza: Element;
      try {
        stanza = this.#codec.encode(signal, to, { id: this.#nextId() });
      } catch (error) {
        reject(toMeshcallError(error, 'invalid-argument', 'cannot encode signal: '));
        return;
      }
      const entry: PendingSignal = {
        stanza,
        sent: { to: bareJid(to), sessionId: signal.sessionId, kind: signal.kind },
        resolve,
        reject,
        timer: null,
        lastError: undefined,
      };
      entry.timer = this.#clock.setTimeout(() => this.#expire(entry), this.#retryWindow);
      this.#queue.push(entry);
      this.#pump();
    });
  }

  /**
   * Sends what is queued (for up to 2 s while online), then detaches every listener, rejects what is still
   * queued, and stops the client only if the transport owns it.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    // Signals already handed over (the hang-ups of a client being destroyed) go out first, for a bounded time.
    await this.#drain(CLOSE_FLUSH_MS);
    await this.#directed.close(this.#owned, CLOSE_FLUSH_MS);
    if (this.#closed) return;
    this.#setStatus('offline');
    this.#closed = true;
    for (const detach of this.#detach.splice(0)) detach();
    for (const entry of this.#queue.splice(0)) {
      if (entry.timer !== null) this.#clock.clearTimeout(entry.timer);
      entry.reject(new MeshcallError('transport-offline', 'XmppTransport was closed before the signal was sent'));
    }
    this.#devices.clear();
    this.#deviceOrder.clear();
    this.#sentIds.clear();
    this.#events.clear();
    if (this.#owned) {
      const client = this.#client;
      client.reconnect?.stop();
      // Keep swallowing errors of the discarded client (late socket errors would otherwise be unhandled).
      client.on('error', () => {});
      // Stopping a half-open connection can fail; it is closed either way.
      if (client.status !== 'offline')
        await within(
          this.#clock,
          CLOSE_STOP_MS,
          client.stop().catch(() => undefined),
        );
    }
  }

  // -------------------------------------------------------------------------------------------------------

  #attach(): void {
    const client = this.#client;
    const listen = (name: string, listener: (...args: never[]) => void) => {
      client.on(name, listener as (...args: unknown[]) => void);
      this.#detach.push(() => client.removeListener(name, listener as (...args: unknown[]) => void));
    };
    listen('stanza', (stanza: Element) => this.#onStanza(stanza));
    // Anything the server sends (a stream-management ack, every 30 s, too): the connection was alive until now.
    listen('element', () => this.#onHeard());
    listen('status', (status: string) => this.#onClientStatus(status));
    listen('connect', () => this.#setNoDelay());
    listen('send', (element: Element) => {
      if (element.name === 'presence' && !element.attrs.to && [undefined, 'unavailable'].includes(element.attrs.type)) {
        this.#appPresence = element;
      } else if (element.is('inactive', CSI_NS) && !this.#toldInactive) {
        this.#toldInactive = true;
        this.#emitError(
          new MeshcallError(
            'invalid-config',
            'XMPP: the app told the server this client is inactive (XEP-0352): a server that holds back "unimportant" stanzas meanwhile (Prosody\'s mod_csi_simple, on in its stock config) holds call signals too, and calls to this device do not ring until it says it is active again',
          ),
        );
      }
    });
    // A resumed stream (XEP-0198) becomes online without a `status` event: @xmpp/connection sets the status
    // right after stream management's `resumed`.
    const streamManagement = client.streamManagement as XmppEventSource | undefined;
    if (streamManagement && typeof streamManagement.on === 'function') {
      const onResumed = () => queueMicrotask(() => this.#onResumed());
      streamManagement.on('resumed', onResumed);
      this.#detach.push(() => streamManagement.removeListener('resumed', onResumed));
    }
    const reconnect = client.reconnect;
    if (reconnect) {
      const onReconnecting = () => {
        if (!this.#closed) this.#setStatus(this.#everOnline ? 'reconnecting' : 'connecting');
      };
      reconnect.on('reconnecting', onReconnecting);
      this.#detach.push(() => reconnect.removeListener('reconnecting', onReconnecting));
    }
    this.#setNoDelay();
  }

  /** Small signals must not wait for Nagle (≈40 ms per round trip with stream-management acks). */
  #setNoDelay(): void {
    const socket = this.#client.socket as NoDelaySocket | null;
    if (socket && typeof socket.setNoDelay === 'function') socket.setNoDelay(true);
  }

  #onClientStatus(raw: string): void {
    if (this.#closed) return;
    if (raw === 'online') {
      void this.#onOnline();
    } else if (raw === 'offline') {
      this.#everOnline = false;
      this.#dropPresence();
      this.#setStatus('offline');
    } else if (raw === 'disconnect') {
      // What presence told stays until we know better: a resumed stream gets no presence again (the server
      // delivers what changed meanwhile), a new session gets all of it (see #onOnline).
      // `stop()` also passes through `disconnect` right before `offline`: only a disconnect that lasts beyond
      // the current tick is a drop that @xmpp/reconnect will repair.
      setTimeout(() => {
        if (!this.#closed && this.#client.status === 'disconnect') {
          this.#setStatus(this.#everOnline ? 'reconnecting' : 'connecting');
        }
      }, 0);
    } else if (CONNECTING_STATUSES.has(raw)) {
      if (this.#status !== 'online') this.#setStatus(this.#everOnline ? 'reconnecting' : 'connecting');
    }
  }

  async #onOnline(): Promise<void> {
    this.#everOnline = true;
    this.#directed.forgetSession();
    // A new session (not a resumed one): the server sends everyone's presence again, so what we knew is
    // replaced by what comes; devices that went away meanwhile are gone.
    this.#dropPresence();
    const presence = this.#appPresence;
    // An app that chose to appear offline stays so (and, as before the drop, gets no bare-JID headlines).
    if (this.#owned && presence?.attrs.type !== 'unavailable') {
      try {
        // Without initial presence the server delivers no bare-JID headline to this device.
        await this.#client.send(presence ?? xml('presence'));
      } catch {
        return; // the connection dropped again; the next `online` retries
      }
    }
    if (this.#closed || this.#client.status !== 'online') return;
    // The server forgot whom the last session announced itself to.
    this.#directed.announceAgain();
    this.#setStatus('online');
    this.#pump();
  }

  /** The stream was resumed: same session, same presence; signals may flow again. */
  #onResumed(): void {
    if (this.#closed || this.#client.status !== 'online') return;
    this.#everOnline = true;
    // Whoever was named while the stream was away has not been told yet (the others get it twice: harmless), and
    // the session kept our presence to those whose call ended meanwhile.
    this.#directed.resumed();
    this.#setStatus('online');
    this.#pump();
  }

  #onStanza(stanza: Element): void {
    if (this.#closed) return;
    if (stanza.name === 'iq') {
      // A roster push (RFC 6121 §2.1.6) from our own account: who follows our presence may have changed.
      const from = stanza.attrs.from;
      const ours = from === undefined || bareJid(String(from)) === this.#localUser;
      if (ours && stanza.attrs.type === 'set' && stanza.getChild('query', 'jabber:iq:roster')) {
        this.#directed.rosterPushed();
      }
      return;
    }
    if (stanza.name === 'message') this.#onMessage(stanza);
    else if (stanza.name === 'presence') this.#onPresence(stanza);
  }

  #onMessage(stanza: Element): void {
    if (stanza.attrs.type === 'error') {
      this.#onBounce(stanza);
      return;
    }
    let result: ReturnType<SignalCodec['decode']>;
    try {
      result = this.#codec.decode(stanza);
    } catch (error) {
      // Codecs promise not to throw; a buggy one must still not break the connection's event loop.
      this.#emitError(new MeshcallError('signal-malformed', 'the codec threw while decoding', { cause: error }));
      return;
    }
    if (result.type === 'ignored') return;
    if (result.type === 'error') {
      this.#emitError(result.error);
      return;
    }
    this.#events.emit('signal', receivedSignal(result));
  }

  /**
   * A `type="error"` message carrying the id of a signal we sent is the server bouncing it (unknown user,
   * unreachable device). It echoes our payload, so it is recognised by id rather than handed to the codec.
   */
  #onBounce(stanza: Element): void {
    const id = stanza.attrs.id;
    const from = typeof stanza.attrs.from === 'string' ? stanza.attrs.from : '';
    const sent = typeof id === 'string' ? this.#sentIds.get(id) : undefined;
    // Only where the signal went (its account, or its server) can bounce it: ids are easy to guess for anyone
    // we sent one to, and a forged bounce would report a failure that did not happen.
    if (id === undefined || sent === undefined || !bouncedBy(from, sent.to)) return;
    this.#sentIds.delete(id);
    const condition = stanza.getChild('error')?.children.find((child) => typeof child !== 'string');
    const reason = condition && typeof condition !== 'string' ? condition.name : 'error';
    // Final only from the account or its server (a bare address): an error from one device (a full address) is
    // that client speaking of itself, while the user's other devices may well have the signal.
    const permanent = PERMANENT_BOUNCES.has(reason) && !isFullJid(from);
    this.#events.emit('undeliverable', { ...sent, condition: reason, permanent });
  }

  #onPresence(stanza: Element): void {
    const from = stanza.attrs.from;
    const type = stanza.attrs.type;
    if (typeof from !== 'string' || from === '') return;
    if (type !== undefined && type !== 'unavailable') return; // subscriptions, probes, errors
    // A group chat occupant (`room@conference/nick`) is no one's device: the room is not a user to call.
    if (stanza.getChild('x', MUC_USER_NS)) return;
    const user = bareJid(from);
    if (user === this.#localUser) return;
    if (type === 'unavailable') {
      if (isFullJid(from)) {
        this.#removeDevice(user, normalizeAddress(from));
      } else {
        for (const address of [...(this.#devices.get(user) ?? [])]) this.#removeDevice(user, address);
      }
      return;
    }
    if (!isFullJid(from)) return;
    const address = normalizeAddress(from);
    let devices = this.#devices.get(user);
    if (!devices) {
      devices = new Set();
      this.#devices.set(user, devices);
    }
    if (devices.has(address)) return; // a status or priority update of a known device
    // Presence from anyone is taken (a federated server controls every JID of its domain): bounded, so a
    // flood of made-up devices costs a fixed amount of memory.
    if (devices.size >= MAX_DEVICES_PER_USER) return;
    devices.add(address);
    this.#deviceOrder.set(address, user);
    this.#events.emit('presence', { address, user, available: true });
    if (this.#deviceOrder.size > MAX_KNOWN_DEVICES) {
      const [oldest, owner] = this.#deviceOrder.entries().next().value as [Address, UserId];
      this.#removeDevice(owner, oldest);
    }
  }

  #removeDevice(user: UserId, address: Address): void {
    const devices = this.#devices.get(user);
    if (!devices?.delete(address)) return;
    this.#deviceOrder.delete(address);
    if (devices.size === 0) this.#devices.delete(user);
    this.#events.emit('presence', { address, user, available: false });
  }

  /** Forgets every device known from presence, telling the listeners each one is gone. */
  #dropPresence(): void {
    for (const [user, devices] of [...this.#devices]) {
      for (const address of [...devices]) this.#removeDevice(user, address);
    }
  }

  #pump(): void {
    if (this.#pumping || this.#closed || this.#status !== 'online') return;
    this.#pumping = true;
    void (async () => {
      try {
        while (this.#queue.length > 0 && this.#status === 'online' && !this.#closed) {
          // Hand every queued stanza to the connection at once: they are written in order and synchronously, so
          // a page that is going away (hang-ups to everyone on `pagehide`) still gets them all out. Then settle
          // them in order; on a failure the rest stay queued for the next `online` (receivers drop duplicates).
          const batch = [...this.#queue];
          const writes = batch.map((entry) => {
            this.#rememberSent(entry);
            return this.#client.send(entry.stanza).then(
              () => null,
              (error: unknown) => error ?? new Error('send failed'),
            );
          });
          let failed = false;
          for (const [index, entry] of batch.entries()) {
            const error = await writes[index];
            if (error !== null) {
              entry.lastError = error;
              failed = true;
              break;
            }
            this.#settle(entry);
          }
          if (failed) break;
        }
      } finally {
        this.#pumping = false;
      }
    })();
  }

  /** A queued signal was written: take it off the queue and resolve its `send()`. */
  #settle(entry: PendingSignal): void {
    const index = this.#queue.indexOf(entry);
    if (index >= 0) this.#queue.splice(index, 1);
    if (entry.timer !== null) this.#clock.clearTimeout(entry.timer);
    entry.resolve();
    for (const waiter of this.#drainWaiters.splice(0)) waiter();
  }

  /** Resolves once nothing is queued (or after `timeout` ms, or at once when not online). */
  #drain(timeout: number): Promise<void> {
    if (this.#queue.length === 0 || this.#status !== 'online') return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = this.#clock.setTimeout(resolve, timeout);
      const check = () => {
        if (this.#queue.length === 0 || this.#status !== 'online') {
          this.#clock.clearTimeout(timer);
          resolve();
        } else {
          this.#drainWaiters.push(check);
        }
      };
      this.#drainWaiters.push(check);
    });
  }

  #rememberSent(entry: PendingSignal): void {
    const id = entry.stanza.attrs.id;
    if (typeof id !== 'string') return;
    this.#sentIds.set(id, entry.sent);
    if (this.#sentIds.size > SENT_IDS_KEPT) {
      const oldest = this.#sentIds.keys().next().value;
      if (oldest !== undefined) this.#sentIds.delete(oldest);
    }
  }

  #expire(entry: PendingSignal): void {
    const index = this.#queue.indexOf(entry);
    if (index < 0) return;
    this.#queue.splice(index, 1);
    entry.timer = null;
    entry.reject(
      this.#status === 'online'
        ? new MeshcallError('send-failed', `signal not sent within ${this.#retryWindow} ms`, {
            cause: entry.lastError,
          })
        : new MeshcallError('transport-offline', `not connected for ${this.#retryWindow} ms; signal dropped`, {
            cause: entry.lastError,
          }),
    );
  }

  #setStatus(status: TransportStatus): void {
    if (this.#status === status || this.#closed) return;
    this.#status = status;
    if (status === 'online') this.#toldOutage = false;
    this.#events.emit('status', status);
  }

  /**
   * An error of the client this transport made. While it reconnects, a login the server refuses would leave it
   * on a stream that never signs in, `reconnecting` for ever: refused credentials (a changed password, a
   * deleted account), or no way left to sign in, end the connection (`offline`, with `transport-auth-failed` or
   * `invalid-config`: the app signs in again); a login failure that may pass (`temporary-auth-failure`) is a
   * drop, tried again. Other errors are told once per outage.
   */
  #onOwnedClientError(error: Error): void {
    if (this.#closed) return;
    const code = connectFailureCode(error);
    const reconnecting = this.#everOnline && error.name === 'SASLError';
    const replaced = code === 'transport-replaced';
    if ((reconnecting && code !== 'transport-offline') || replaced) {
      const message = replaced
        ? `XMPP: another connection signed in as ${this.#client.jid?.toString() ?? this.#localUser} (${error.message}); not reconnecting, or the two would push each other out in turn`
        : `XMPP: signing in again was refused (${error.message}); sign in again`;
      this.#emitError(new MeshcallError(code, message, { cause: error }));
      this.#client.reconnect?.stop();
      void this.#client.stop().catch(() => undefined);
      return;
    }
    if (reconnecting) void this.#client.disconnect?.().catch(() => undefined);
    // While the server stays away every attempt fails (one a second, all night): the status says `reconnecting`,
    // and the error is told once per outage, not once per attempt.
    if (this.#toldOutage) return;
    // An error while online (the drop itself, or an app's listener throwing) is told, and keeps nothing quiet.
    this.#toldOutage = this.#status !== 'online';
    this.#emitError(
      new MeshcallError('transport-offline', `XMPP connection error: ${error.message}`, { cause: error }),
    );
  }

  /** Says `heard`, at most once a second (it may come with every stanza). */
  #onHeard(): void {
    const now = this.#clock.now();
    if (this.#closed || this.#status !== 'online' || now - this.#heardAt < HEARD_EVERY_MS) return;
    this.#heardAt = now;
    this.#events.emit('heard', undefined);
  }

  #emitError(error: MeshcallError): void {
    this.#events.emit('error', error);
  }

  #nextId(): string {
    this.#idCounter += 1;
    return `mc-${this.#idPrefix}-${this.#idCounter.toString(36)}`;
  }
}

/** `Alice@Example.org/Phone` → `alice@example.org/Phone`: the resource is case-sensitive, the rest is not. */
function normalizeAddress(jid: string): Address {
  const slash = jid.indexOf('/');
  return slash < 0 ? bareJid(jid) : `${bareJid(jid)}${jid.slice(slash)}`;
}
