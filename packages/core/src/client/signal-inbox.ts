/**
 * Signals that arrive before their session exists (a callee's `accept` can overtake the `call` it answers
 * when they come from different senders), and the ids of sessions that have ended (so re-sent or replayed
 * signals never ring again). Both are bounded in size and time: a flood of made-up session ids costs a
 * fixed amount of memory and nothing else. Both are also shared out by who caused each entry (its sender, and
 * that sender's domain): a flood from one user, or from one server's made-up users, pushes out only its own
 * entries, never the early accept or the declined call of someone else.
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
  /** Most session ids the senders of one domain have signals buffered for (made-up users of one server). */
  readonly sessionsPerDomain: number;
  /** Most characters of the buffered signals of one domain's senders. */
  readonly charsPerDomain: number;
  /** How long a buffered signal waits for its session. */
  readonly bufferMs: number;
  /** Most remembered ended sessions. */
  readonly endedSessions: number;
  /** Most remembered ended sessions caused by one user (its calls): beyond, its own oldest are forgotten. */
  readonly endedPerSender: number;
  /** Most remembered ended sessions caused by the users of one domain: beyond, the domain's oldest go. */
  readonly endedPerDomain: number;
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
  sessionsPerDomain: 8,
  charsPerDomain: 512_000,
  bufferMs: 10_000,
  endedSessions: 256,
  endedPerSender: 16,
  endedPerDomain: 64,
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
    if (chars > this.#limits.chars || !this.#hasShareFor(sender, id, chars)) return;
    // Room for it: the oldest sessions' signals go first (a flood of big ones costs a fixed amount of memory).
    while (this.#chars + chars > this.#limits.chars) {
      const oldest = this.#pending.keys().next().value;
      if (oldest === undefined) break;
      this.#drop(oldest);
    }
    let slot = this.#pending.get(id);
    if (!slot) {
      if (this.#pending.size >= this.#limits.sessions) {
        const oldest = this.#pending.keys().next().value;
        if (oldest !== undefined) this.#drop(oldest);
      }
      slot = { at: this.#clock.now(), entries: [], chars: 0 };
      this.#pending.set(id, slot);
    }
    slot.entries.push({ from, signal, chars });
    slot.chars += chars;
    this.#chars += chars;
  }

  /** Whether `sender` and its domain may hold `chars` more, for `sessionId`, within their shares. */
  #hasShareFor(sender: UserId, sessionId: string, chars: number): boolean {
    const domain = domainOf(sender);
    const ofSender = { chars, sessions: new Set([sessionId]) };
    const ofDomain = { chars, sessions: new Set([sessionId]) };
    for (const [id, slot] of this.#pending) {
      for (const entry of slot.entries) {
        const entrySender = bareJid(entry.from);
        if (domainOf(entrySender) !== domain) continue;
        ofDomain.chars += entry.chars;
        ofDomain.sessions.add(id);
        if (entrySender !== sender) continue;
        ofSender.chars += entry.chars;
        ofSender.sessions.add(id);
      }
    }
    const limits = this.#limits;
    return (
      ofSender.chars <= limits.charsPerSender &&
      ofSender.sessions.size <= limits.sessionsPerSender &&
      ofDomain.chars <= limits.charsPerDomain &&
      ofDomain.sessions.size <= limits.sessionsPerDomain
    );
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
    const domain = domainOf(origin);
    // Room within the origin's share first (a flood forgets its own), then within the domain's, then in all.
    const forgetOldest = (matches: (entry: EndedSession) => boolean, limit: number) => {
      let oldest: string | undefined;
      let count = 0;
      for (const [id, entry] of this.#ended) {
        if (!matches(entry)) continue;
        oldest ??= id;
        count += 1;
      }
      if (count >= limit && oldest !== undefined) this.#ended.delete(oldest);
    };
    forgetOldest((entry) => entry.origin === origin, this.#limits.endedPerSender);
    forgetOldest((entry) => domainOf(entry.origin) === domain, this.#limits.endedPerDomain);
    forgetOldest(() => true, this.#limits.endedSessions);
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

/** The domain part of a bare JID (`user@domain`). */
function domainOf(user: UserId): string {
  return user.slice(user.indexOf('@') + 1);
}
