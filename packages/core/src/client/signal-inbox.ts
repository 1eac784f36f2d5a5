/**
 * Signals that arrive before their session exists (a callee's `accept` can overtake the `call` it answers
 * when they come from different senders), and the ids of sessions that have ended (so re-sent or replayed
 * signals never ring again). Both are bounded in size and time: a flood of made-up session ids costs a
 * fixed amount of memory and nothing else. Both are also shared out by who caused each entry: one sender holds
 * a small share at most, and a full memory makes room from the domain that holds the most, and there from the
 * sender that holds the most. A flood (one user's, or made-up users of one or many servers) pushes out its own
 * entries, not the early accept or the declined call of someone who holds little.
 */
import type { Signal } from '../protocol/signal.js';
import type { CloseReason } from '../session/types.js';
import type { Clock } from '../util/clock.js';
import { type Address, bareJid, type UserId } from '../util/jid.js';

/** A buffered signal. */
export interface InboxEntry {
  readonly from: Address;
  readonly signal: Signal;
}

/** A buffered signal with its size, as held. */
interface HeldEntry extends InboxEntry {
  readonly chars: number;
}

/** Limits of the inbox. */
export interface SignalInboxLimits {
  /** Most session ids with buffered signals. */
  readonly sessions: number;
  /** Most buffered signals per session id. */
  readonly signalsPerSession: number;
  /**
   * Most buffered signals per sender (bare JID) within a session id, so that one participant's flood never
   * leaves the others' signals (an `accept` that overtook the `call`) without room.
   */
  readonly signalsPerSender: number;
  /** Most characters of buffered signals in all (an offer is up to 64 K): the oldest sessions make room. */
  readonly chars: number;
  /** Most session ids one sender (bare JID) has signals buffered for; more of theirs are dropped. */
  readonly sessionsPerSender: number;
  /** Most characters of one sender's buffered signals; more of theirs are dropped. */
  readonly charsPerSender: number;
  /** How long a buffered signal waits for its session. */
  readonly bufferMs: number;
  /** Most remembered ended sessions. */
  readonly endedSessions: number;
  /** Most remembered ended sessions caused by one user (its calls): beyond, its own oldest are forgotten. */
  readonly endedPerSender: number;
  /** How long an ended session is remembered. */
  readonly endedMs: number;
}

const DEFAULT_LIMITS: SignalInboxLimits = {
  sessions: 32,
  signalsPerSession: 32,
  signalsPerSender: 8,
  chars: 1_000_000,
  sessionsPerSender: 4,
  charsPerSender: 256_000,
  bufferMs: 10_000,
  endedSessions: 256,
  endedPerSender: 16,
  endedMs: 180_000,
};

/** What is remembered of an ended session. */
interface EndedSession {
  readonly at: number;
  /** Who caused it: its caller (the one a busy or flood refusal answered). */
  readonly origin: UserId;
  readonly reason: CloseReason;
  readonly participants: ReadonlySet<UserId>;
  /** Participants already told again that we left (see {@link SignalInbox.claimLeftNotice}). */
  readonly told: Set<UserId>;
}

/** Buffers early signals and remembers ended sessions. */
export class SignalInbox {
  readonly #clock: Clock;
  readonly #limits: SignalInboxLimits;
  readonly #pending = new Map<string, { at: number; entries: HeldEntry[]; chars: number }>();
  /** Characters held in `#pending`, in all. */
  #chars = 0;
  readonly #ended = new Map<string, EndedSession>();

  constructor(clock: Clock, limits: Partial<SignalInboxLimits> = {}) {
    this.#clock = clock;
    this.#limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** Keeps `signal` until its session appears (or the buffer time passes). */
  buffer(from: Address, signal: Signal): void {
    this.#expire();
    const id = signal.sessionId;
    // A full session is the cheap case of a flood: dropped before measuring anything.
    const held = this.#pending.get(id)?.entries ?? [];
    if (held.length >= this.#limits.signalsPerSession) return;
    const sender = bareJid(from);
    if (held.filter((entry) => bareJid(entry.from) === sender).length >= this.#limits.signalsPerSender) return;
    const chars = JSON.stringify(signal).length;
    if (chars > this.#limits.chars || !this.#senderHasRoom(sender, id, chars)) return;
    // Room for it, taken from whoever holds the most (a flood of big ones costs a fixed amount of memory).
    while (this.#chars + chars > this.#limits.chars && this.#dropFromBiggest('chars'));
    while (!this.#pending.has(id) && this.#pending.size >= this.#limits.sessions && this.#dropFromBiggest('sessions'));
    let slot = this.#pending.get(id);
    if (!slot) {
      slot = { at: this.#clock.now(), entries: [], chars: 0 };
      this.#pending.set(id, slot);
    }
    slot.entries.push({ from, signal, chars });
    slot.chars += chars;
    this.#chars += chars;
  }

  /** Whether `sender` may hold `chars` more, for `sessionId`, within its share. */
  #senderHasRoom(sender: UserId, sessionId: string, chars: number): boolean {
    const sessions = new Set([sessionId]);
    let held = chars;
    for (const [id, slot] of this.#pending) {
      for (const entry of slot.entries) {
        if (bareJid(entry.from) !== sender) continue;
        held += entry.chars;
        sessions.add(id);
      }
    }
    return held <= this.#limits.charsPerSender && sessions.size <= this.#limits.sessionsPerSender;
  }

  /**
   * Makes room in the full buffer: the signals of the sender that holds the most (in characters, or in sessions),
   * on the domain that holds the most, in that sender's oldest session. False when there was nothing to drop.
   */
  #dropFromBiggest(measure: 'chars' | 'sessions'): boolean {
    const holdings: Holding[] = [];
    for (const slot of this.#pending.values()) {
      const counted = new Set<UserId>();
      for (const entry of slot.entries) {
        const sender = bareJid(entry.from);
        if (measure === 'chars') holdings.push({ sender, weight: entry.chars });
        else if (!counted.has(sender)) {
          counted.add(sender);
          holdings.push({ sender, weight: 1 });
        }
      }
    }
    const sender = biggestHolder(holdings);
    for (const [id, slot] of this.#pending) {
      const kept = slot.entries.filter((entry) => bareJid(entry.from) !== sender);
      if (kept.length === slot.entries.length) continue;
      const freed = slot.chars - kept.reduce((sum, entry) => sum + entry.chars, 0);
      this.#chars -= freed;
      slot.chars -= freed;
      slot.entries = kept;
      if (kept.length === 0) this.#pending.delete(id);
      return true;
    }
    return false;
  }

  /** Forgets what is buffered for `sessionId`; returns it. */
  #drop(sessionId: string): InboxEntry[] {
    const slot = this.#pending.get(sessionId);
    if (!slot) return [];
    this.#pending.delete(sessionId);
    this.#chars -= slot.chars;
    return slot.entries.map(({ from, signal }) => ({ from, signal }));
  }

  /** The buffered signals of `sessionId`, oldest first, left in place. */
  peek(sessionId: string): readonly InboxEntry[] {
    this.#expire();
    return (this.#pending.get(sessionId)?.entries ?? []).map(({ from, signal }) => ({ from, signal }));
  }

  /** Removes and returns the buffered signals of `sessionId`, oldest first. */
  take(sessionId: string): InboxEntry[] {
    this.#expire();
    return this.#drop(sessionId);
  }

  /**
   * Remembers that `sessionId` (with these `participants`, caused by `origin`: its caller) ended, and drops what
   * was buffered for it.
   */
  markEnded(sessionId: string, reason: CloseReason, origin: UserId, participants: readonly UserId[] = []): void {
    this.#expire();
    this.#drop(sessionId);
    this.#ended.delete(sessionId);
    // Room within the origin's share first (a flood forgets its own), then from whoever holds the most.
    const ofOrigin = [...this.#ended].filter(([, entry]) => entry.origin === origin);
    if (ofOrigin.length >= this.#limits.endedPerSender && ofOrigin[0]) this.#ended.delete(ofOrigin[0][0]);
    if (this.#ended.size >= this.#limits.endedSessions) {
      const sender = biggestHolder([...this.#ended.values()].map((entry) => ({ sender: entry.origin, weight: 1 })));
      const oldest = [...this.#ended].find(([, entry]) => entry.origin === sender);
      if (oldest) this.#ended.delete(oldest[0]);
    }
    this.#ended.set(sessionId, {
      at: this.#clock.now(),
      origin,
      reason,
      participants: new Set(participants),
      told: new Set(),
    });
  }

  /** Why `sessionId` ended, if it did recently. */
  endedReason(sessionId: string): CloseReason | undefined {
    this.#expire();
    return this.#ended.get(sessionId)?.reason;
  }

  /**
   * Whether `user`, a participant of the ended session `sessionId`, should be told once more that we left:
   * true the first time only, false for anyone else (a bounded, one-off reply that nobody can turn into a flood).
   */
  claimLeftNotice(sessionId: string, user: UserId): boolean {
    this.#expire();
    const ended = this.#ended.get(sessionId);
    if (!ended?.participants.has(user) || ended.told.has(user)) return false;
    ended.told.add(user);
    return true;
  }

  /** Number of buffered signals, for leak checks. */
  get size(): number {
    let total = 0;
    for (const slot of this.#pending.values()) total += slot.entries.length;
    return total;
  }

  /** Characters of buffered signals, for leak checks. */
  get chars(): number {
    return this.#chars;
  }

  /** Forgets everything. */
  clear(): void {
    this.#pending.clear();
    this.#chars = 0;
    this.#ended.clear();
  }

  #expire(): void {
    const now = this.#clock.now();
    for (const [id, slot] of this.#pending) {
      if (now - slot.at <= this.#limits.bufferMs) break; // insertion order = age order
      this.#drop(id);
    }
    for (const [id, entry] of this.#ended) {
      if (now - entry.at <= this.#limits.endedMs) break;
      this.#ended.delete(id);
    }
  }
}

/** Something held in a bounded memory, by whom, and how much of it (in arrival order). */
interface Holding {
  readonly sender: UserId;
  readonly weight: number;
}

/**
 * Who a full memory takes from: on the domain that holds the most, the sender that holds the most. Ties go to the
 * latest to arrive — a flood's newcomers, not an entry that was there before them.
 */
function biggestHolder(holdings: readonly Holding[]): UserId | undefined {
  const bySender = new Map<UserId, { weight: number; last: number }>();
  const byDomain = new Map<string, { weight: number; last: number }>();
  holdings.forEach(({ sender, weight }, index) => {
    for (const [map, key] of [
      [bySender, sender],
      [byDomain, domainOf(sender)],
    ] as const) {
      const total = map.get(key) ?? { weight: 0, last: 0 };
      map.set(key, { weight: total.weight + weight, last: index });
    }
  });
  const heavier = (a: { weight: number; last: number }, b: { weight: number; last: number }) =>
    a.weight > b.weight || (a.weight === b.weight && a.last > b.last);
  let domain: string | undefined;
  for (const [key, total] of byDomain) {
    const best = domain === undefined ? undefined : byDomain.get(domain);
    if (!best || heavier(total, best)) domain = key;
  }
  let chosen: UserId | undefined;
  for (const [key, total] of bySender) {
    if (domainOf(key) !== domain) continue;
    const best = chosen === undefined ? undefined : bySender.get(chosen);
    if (!best || heavier(total, best)) chosen = key;
  }
  return chosen;
}

/**
 * The domain a sender counts under: the last two labels of its JID's domain, so that made-up users spread over
 * subdomains of one name (`m1@s1.evil.test`, `m2@s2.evil.test`: one server with wildcard DNS) count as one.
 */
function domainOf(user: UserId): string {
  return user
    .slice(user.indexOf('@') + 1)
    .split('.')
    .slice(-2)
    .join('.');
}
