/**
 * The signaling transport: how signals get from one participant to another. Sessions only see this
 * interface; {@link MemoryNetwork} (in-process) and `XmppTransport` (a real XMPP connection) implement it.
 */
import type { Subscribable } from '../events/emitter.js';
import type { DecodeResult } from '../protocol/codec.js';
import type { Signal } from '../protocol/signal.js';
import type { MeshcallError } from '../util/errors.js';
import type { Address, UserId } from '../util/jid.js';

/**
 * Connection status. `reconnecting` means the connection dropped and is being re-established: signals
 * sent meanwhile are queued for a bounded time, and calls' media keeps flowing.
 */
export type TransportStatus = 'offline' | 'connecting' | 'online' | 'reconnecting';

/** A signal as received: `from` is the sender's full JID as stamped by the server. */
export interface ReceivedSignal {
  /** The sender's full JID as stamped by the server: the only source of the sender's identity. */
  readonly from: Address;
  /** The decoded, validated signal (deeply frozen). */
  readonly signal: Signal;
  /**
   * When the signal was first sent (ms since epoch, by the stamp's clock), if it was not delivered live but
   * re-sent by stream management after a resumed connection; absent otherwise.
   */
  readonly resentAt?: number;
}

/** What a transport hands on of a stanza its codec decoded to a signal. */
export function receivedSignal(decoded: Extract<DecodeResult, { type: 'signal' }>): ReceivedSignal {
  const { from, signal, resentAt } = decoded;
  return resentAt === undefined ? { from, signal } : { from, signal, resentAt };
}

/** A device of a user came online or went away. */
export interface PresenceUpdate {
  /** The device's full JID. */
  readonly address: Address;
  /** The user's bare JID. */
  readonly user: UserId;
  /** `true` when the device came online; `false` when it went away or is no longer seen (our connection dropped). */
  readonly available: boolean;
}

/** A signal the recipient's server sent back: it cannot be delivered. */
export interface UndeliverableSignal {
  /** The user it was for (bare JID). */
  readonly to: UserId;
  /** The session it belonged to. */
  readonly sessionId: string;
  /** Its kind (`call`, `accept`, …). */
  readonly kind: Signal['kind'];
  /** Why, in the transport's words (over XMPP the stanza error's condition, e.g. `remote-server-not-found`). */
  readonly condition: string;
  /**
   * Whether no re-send can get through: the address does not exist, or its server is unknown. Not for a user who
   * is merely offline or a server that is slow to answer: a re-send may reach them later.
   */
  readonly permanent: boolean;
}

/** Events every transport emits. */
export interface TransportEvents {
  /** The connection status changed. */
  status: TransportStatus;
  /** A valid signal arrived. */
  signal: ReceivedSignal;
  /** A stanza was dropped (malformed, oversized, stale…) or something failed; signaling goes on. */
  error: MeshcallError;
  /** Another user's device became available or unavailable. */
  presence: PresenceUpdate;
  /** A signal came back undelivered (optional: a transport that cannot tell never emits it). */
  undeliverable: UndeliverableSignal;
  /**
   * Optional: the server sent something while online — any stanza, or a keep-alive such as a stream-management
   * ack (every 30 s on XMPP) — so the connection was alive until now, however quiet the calls. A client uses it
   * to bound how long a signal resent after a resumed connection can have been held (see `isStaleCall`).
   */
  heard: undefined;
}

/** Carries signals between participants. */
export interface SignalingTransport extends Subscribable<TransportEvents> {
  /** Current connection status. */
  readonly status: TransportStatus;
  /** This device's full JID while online, else `null`. */
  readonly localAddress: Address | null;
  /** This user's bare JID, known from the configuration even before connecting. */
  readonly localUser: UserId;
  /**
   * Sends `signal` to a bare JID (all online devices of that user) or a full JID (one device). Resolves once
   * handed to the network. Rejects with a {@link MeshcallError} (`send-failed`, `transport-offline`) if it
   * cannot be sent within the transport's retry window; it never throws synchronously.
   */
  send(to: Address, signal: Signal): Promise<void>;
  /** Users known to be online (bare JIDs), from presence. */
  onlineUsers(): ReadonlySet<UserId>;
  /**
   * Optional: makes this device's comings and goings known to `users` (the others in a call with it), even if
   * they do not follow its presence (not contacts). They then learn at once when it drops and comes back, and
   * say what changed meanwhile. Over XMPP: directed presence (RFC 6121 §4.6), said again after each reconnect,
   * without the status text to those who are not contacts. Returns the function that ends it, once the call is
   * over (and takes it back from those who are not contacts).
   */
  announceTo?(users: readonly UserId[]): () => void;
  /**
   * Optional: whether the connection carries stanzas both ways right now, by a round trip to the server within
   * `timeout` ms. A connection can say `online` and carry nothing (a phone in a tunnel: the TCP connection stays
   * up, nothing moves), so a ringing callee asks before it takes the caller's silence for the caller being gone.
   * Over XMPP: a ping (XEP-0199); any reply counts, an error too.
   */
  checkConnection?(timeout: number): Promise<boolean>;
  /**
   * Detaches from the connection and releases listeners. Stops the connection only if the transport
   * created it (an app-provided XMPP client is left running).
   */
  close(): Promise<void>;
}
