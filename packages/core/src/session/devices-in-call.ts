/**
 * Which device of each participant is in the call. A user may have several devices online; the call rings on
 * all of them, and the one that answers first (as the initiator took it) is the one the session talks to from
 * then on: its full address is pinned. A late device of the same user is told, once, that it is not in — a
 * few devices a user at most: more are made up (a hostile server can name any), and are not answered.
 *
 * A transport that reorders can deliver a device's `media` before the `accept` it follows: such early
 * `media` is held, a few devices' worth at most, and handed back if that device is the one that joins.
 */
import type { MediaSignal } from '../protocol/signal.js';
import { type Address, bareJid, type UserId } from '../util/jid.js';

/** How many devices' early `media` is kept, whatever a sender tries. */
const MAX_EARLY_MEDIA = 8;

/** How many late devices of one user are told they are not in (as many as a transport tracks for a user). */
const MAX_LATE_DEVICES = 16;

/** The pinned device of each participant of one session, and what came early from the others. */
export class DevicesInCall {
  readonly #pinned = new Map<UserId, Address>();
  readonly #toldLate = new Map<UserId, Set<Address>>();
  readonly #earlyMedia = new Map<Address, MediaSignal>();

  /** The device `userId` is in the call with, once known. */
  addressOf(userId: UserId): Address | undefined {
    return this.#pinned.get(userId);
  }

  /** True the first time only, for each late device: it is told once that another device is in. */
  shouldTellLate(from: Address): boolean {
    const userId = bareJid(from);
    const told = this.#toldLate.get(userId) ?? new Set<Address>();
    if (told.has(from) || told.size >= MAX_LATE_DEVICES) return false;
    told.add(from);
    this.#toldLate.set(userId, told);
    return true;
  }

  /**
   * Pins `from` as the device of `userId`, unless one is pinned already. Returns the `media` that device sent
   * ahead of its accept, to apply now; the other devices' early `media` is dropped.
   */
  pin(userId: UserId, from: Address): MediaSignal | undefined {
    if (this.#pinned.has(userId)) return undefined;
    this.#pinned.set(userId, from);
    const early = this.#earlyMedia.get(from);
    for (const address of this.#earlyMedia.keys()) if (bareJid(address) === userId) this.#earlyMedia.delete(address);
    return early;
  }

  /** Keeps the newest early `media` of a few devices (the oldest device's is let go first). */
  holdEarlyMedia(from: Address, signal: MediaSignal): void {
    const held = this.#earlyMedia.get(from);
    if (held?.seq !== undefined && signal.seq !== undefined && signal.seq <= held.seq) return;
    this.#earlyMedia.delete(from);
    if (this.#earlyMedia.size >= MAX_EARLY_MEDIA) {
      const oldest = this.#earlyMedia.keys().next().value;
      if (oldest !== undefined) this.#earlyMedia.delete(oldest);
    }
    this.#earlyMedia.set(from, signal);
  }
}
