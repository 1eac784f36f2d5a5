/**
 * This device's presence to the others in a call with it (protocol §3.5), over XMPP: directed presence (RFC 6121
 * §4.6), so that someone in a call who does not follow our presence (not a contact) sees this device drop and come
 * back, and says again what changed meanwhile. While they are in a call with us, and no longer:
 *
 * - a contact (roster subscription `from` or `both`) gets what the app's own presence says (show, status,
 *   capabilities, avatar), so the call changes nothing they see; anyone else, or anyone while the roster is
 *   unknown, only the capabilities: the status text is for contacts;
 * - when the last call with someone who is not a contact ends, they are sent unavailable presence (after a drop,
 *   once the stream is resumed), which also ends the server's telling them when this device goes offline; a
 *   contact is sent nothing (it would show this device offline to them);
 * - the roster is read once per session of the connection and kept fresh by roster pushes; a read that fails is
 *   tried again. Nothing is sent while the app appears offline.
 *
 * Owned by `XmppTransport`, which tells it of new sessions, resumed streams, roster pushes and closing.
 */
import xml from '@xmpp/xml';
import type { Element } from 'ltx';
import { type Clock, type TimerHandle, within } from '../../util/clock.js';
import { bareJid, type UserId } from '../../util/jid.js';
import { fetchPresenceFollowers } from './presence-followers.js';
import type { XmppClient, XmppEventSource } from './xmpp-client.js';

/** At most this many users get directed presence at once: more calls than a client has. */
const MAX_ANNOUNCED = 100;

/**
 * How long a withdrawal whose roster read failed waits before it tries again (ms), and how many times in a row
 * it does (a server that serves no roster would be asked forever).
 */
const WITHDRAW_RETRY_MS = 30_000;
const WITHDRAW_RETRIES = 10;

/** A copy of `element` (sending an element takes it into the stanza; the app's own presence keeps its own). */
function copyOf(element: Element): Element {
  const children = element.children.map((child) => (typeof child === 'string' ? child : copyOf(child)));
  return xml(element.name, { ...element.attrs }, ...children);
}

/** XEP-0115 entity capabilities: what other clients need to know of a device, and not personal. */
function isCapabilities(element: Element): boolean {
  return element.name === 'c' && element.attrs.xmlns === 'http://jabber.org/protocol/caps';
}

/** What {@link DirectedPresence} needs of its transport. */
export interface DirectedPresenceOptions {
  readonly client: XmppClient;
  readonly clock: Clock;
  /** This device's user (bare JID): never announced to. */
  readonly localUser: UserId;
  /** The presence the app last broadcast on the client, if any (`type="unavailable"`: it appears offline). */
  readonly appPresence: () => Element | null;
}

/** This device's directed presence to those in a call with it; see the module's description. */
export class DirectedPresence {
  readonly #client: XmppClient;
  readonly #clock: Clock;
  readonly #localUser: UserId;
  readonly #appPresence: () => Element | null;
  /**
   * Users this device announces itself to, with how many calls want it: the server forgets them with the
   * session, so a new session after a reconnect announces itself to them again.
   */
  readonly #announcedTo = new Map<UserId, number>();
  /** Who follows our presence (see `#presenceFollowers`). */
  #followers: Promise<ReadonlySet<UserId> | null> | null = null;
  /**
   * Users whose last call with us ended and who are still owed an unavailable presence if they do not follow
   * ours (see `#withdrawPresence`): taken back together, and kept across a drop until the stream is resumed (a new
   * session forgets directed presence by itself).
   */
  readonly #toWithdraw = new Set<UserId>();
  /** The withdrawal under way, if any (see `#withdrawPresence`). */
  #withdrawing: Promise<void> | null = null;
  /** The next try of a withdrawal whose roster read failed (a stalled link says nothing when it recovers). */
  #withdrawRetry: TimerHandle | null = null;
  /** Roster reads that failed in a row for a withdrawal. */
  #withdrawFailures = 0;
  /** Counts the sessions of the connection: what a dead session's late answers bring is dropped. */
  #sessionNo = 0;
  #closed = false;

  constructor(options: DirectedPresenceOptions) {
    this.#client = options.client;
    this.#clock = options.clock;
    this.#localUser = options.localUser;
    this.#appPresence = options.appPresence;
  }

  /**
   * A new session of the connection: the server forgot whom the last one announced itself to, and what the last
   * one still waits for (a roster read on a dead connection answers only at its timeout) is not this one's.
   * Call `announceAgain` once the session may send.
   */
  forgetSession(): void {
    this.#followers = null;
    this.#sessionNo += 1;
    this.#withdrawing = null;
    this.#toWithdraw.clear();
    this.#stopRetry();
    this.#withdrawFailures = 0;
  }

  /** Tells everyone in a call with us again (a new session, or a stream resumed after what was named meanwhile). */
  announceAgain(): void {
    for (const user of this.#announcedTo.keys()) this.#send(user);
  }

  /** The stream was resumed: the session kept our directed presence to those whose call ended meanwhile. */
  resumed(): void {
    this.announceAgain();
    void this.#withdrawPresence();
  }

  /** A roster push from our own account (RFC 6121 §2.1.6): who follows our presence may have changed. */
  rosterPushed(): void {
    this.#followers = null;
    // The roster answers again: what could not be taken back may be now.
    if (this.#toWithdraw.size > 0) void this.#withdrawPresence();
  }

  /**
   * The transport closes, within `ms`. Over an app's own client (`owned` false), which stays connected, the
   * presence of the calls that just ended is taken back first (an owned client's stopping makes the server tell
   * everyone we are gone), or, with the stream down, once it is resumed.
   */
  async close(owned: boolean, ms: number): Promise<void> {
    if (!owned && this.#toWithdraw.size > 0) await within(this.#clock, ms, this.#withdrawPresence());
    this.#closed = true;
    this.#stopRetry();
    if (!owned && this.#toWithdraw.size > 0) this.#withdrawOnceResumed([...this.#toWithdraw]);
  }

  #stopRetry(): void {
    if (this.#withdrawRetry !== null) this.#clock.clearTimeout(this.#withdrawRetry);
    this.#withdrawRetry = null;
  }

  /**
   * Announces this device to each of `users` (now if `online`, else when the session may send), again after every
   * new session while a call with them lasts. Returns the function that ends it: they left, or the call is over.
   */
  announceTo(users: readonly UserId[], online: boolean): () => void {
    const announced: UserId[] = [];
    for (const user of users) {
      const bare = bareJid(user);
      if (bare === this.#localUser || announced.includes(bare)) continue;
      const count = this.#announcedTo.get(bare);
      if (count === undefined && this.#announcedTo.size >= MAX_ANNOUNCED) continue;
      this.#announcedTo.set(bare, (count ?? 0) + 1);
      this.#toWithdraw.delete(bare);
      announced.push(bare);
      if (count === undefined && online) this.#send(bare);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const user of announced) {
        const count = this.#announcedTo.get(user) ?? 0;
        if (count > 1) this.#announcedTo.set(user, count - 1);
        else {
          this.#announcedTo.delete(user);
          this.#toWithdraw.add(user);
          void this.#withdrawPresence();
        }
      }
    };
  }

  /**
   * Who follows our presence, read from the roster once per session of the connection: having read it, this
   * device is sent every change of it (a roster push, see `rosterPushed`), which makes it read it again.
   */
  #presenceFollowers(): Promise<ReadonlySet<UserId> | null> {
    if (!this.#followers) {
      const request = fetchPresenceFollowers(this.#client);
      this.#followers = request;
      void request.then((followers) => {
        if (this.#followers !== request) return;
        // A roster that could not be read is asked for again next time, not taken as unknown for the session.
        if (followers === null) this.#followers = null;
        // One that could (again) lets what waits for it be taken back, however many tries ran out before.
        else if (this.#toWithdraw.size > 0) {
          this.#withdrawFailures = 0;
          void this.#withdrawPresence();
        }
      });
    }
    return this.#followers;
  }

  #send(user: UserId): void {
    if (this.#appPresence()?.attrs.type === 'unavailable') return;
    const session = this.#sessionNo;
    void this.#presenceFollowers().then((followers) => {
      // The call may have ended, or the connection gone (a new session announces itself anew), while the
      // roster came.
      const app = this.#appPresence();
      if (this.#closed || session !== this.#sessionNo || !this.#announcedTo.has(user)) return;
      if (app?.attrs.type === 'unavailable') return;
      // A contact sees what the app says of itself anyway (busy, "In a meeting", its avatar's hash): the call says
      // the same, or it would change what they see. Anyone else learns only that we are here, and our
      // capabilities: the status text is for contacts. With the roster unknown, only that, to be safe.
      const said = (app?.children ?? []).flatMap((child) => (typeof child === 'string' ? [] : [copyOf(child)]));
      const shared = followers?.has(user) ? said : said.filter(isCapabilities);
      this.#client.send(xml('presence', { to: user }, ...shared)).catch(() => {
        // Lost with the connection: the next session announces itself again.
      });
    });
  }

  /**
   * The last call with each of `#toWithdraw` ended: someone who does not follow our presence is told we are
   * gone (directed unavailable presence, RFC 6121 §4.6.3), which also ends the server's telling them when we go
   * offline. A contact is told nothing: to them it would show this device offline; nor anyone while the roster
   * is unknown. Those of one moment (a call's end releases each participant) share one roster request. While
   * the connection is down they wait: a resumed stream still holds our directed presence.
   */
  #withdrawPresence(): Promise<void> {
    if (!this.#withdrawing) {
      const run: Promise<void> = this.#withdrawPending().finally(() => {
        if (this.#withdrawing === run) this.#withdrawing = null;
      });
      this.#withdrawing = run;
    }
    return this.#withdrawing;
  }

  async #withdrawPending(): Promise<void> {
    // Let the rest of this moment's releases join.
    await Promise.resolve();
    while (this.#toWithdraw.size > 0 && !this.#closed && this.#client.status === 'online') {
      if (this.#appPresence()?.attrs.type === 'unavailable') {
        this.#toWithdraw.clear(); // appearing offline: nobody was told anything
        return;
      }
      const users = [...this.#toWithdraw];
      const session = this.#sessionNo;
      const followers = await this.#presenceFollowers();
      // Gone meanwhile: kept for the resumed stream (a new session forgets directed presence by itself).
      if (this.#closed || session !== this.#sessionNo || this.#client.status !== 'online') return;
      if (followers === null) {
        // The roster could not be read (a stalled link): tried again in a while, or on a roster push.
        if (++this.#withdrawFailures <= WITHDRAW_RETRIES) {
          this.#withdrawRetry ??= this.#clock.setTimeout(() => {
            this.#withdrawRetry = null;
            void this.#withdrawPresence();
          }, WITHDRAW_RETRY_MS);
        }
        return;
      }
      this.#withdrawFailures = 0;
      for (const user of users) {
        this.#toWithdraw.delete(user);
        // In a call with us again (announced anew), or a contact: nothing to take back.
        if (this.#announcedTo.has(user) || followers.has(user)) continue;
        this.#client.send(xml('presence', { to: user, type: 'unavailable' })).catch(() => {
          // The connection dropped under it: said again once the stream is resumed.
          if (!this.#announcedTo.has(user)) this.#toWithdraw.add(user);
        });
      }
    }
  }

  /**
   * Closing over an app's own client whose stream is down: the server may resume the session, directed presence
   * and all, after we are gone. Those still owed an unavailable presence get it then (by the roster last read; a
   * new session or going offline forgets them, as the server does).
   */
  #withdrawOnceResumed(users: readonly UserId[]): void {
    const client = this.#client;
    const streamManagement = client.streamManagement as XmppEventSource | undefined;
    const followers = this.#followers;
    if (!streamManagement || typeof streamManagement.on !== 'function' || !followers) return;
    const onResumed = () => {
      stop();
      void followers.then((known) => {
        if (!known) return;
        for (const user of users) {
          if (!known.has(user)) client.send(xml('presence', { to: user, type: 'unavailable' })).catch(() => {});
        }
      });
    };
    const onStatus = (status: string) => {
      if (status === 'online' || status === 'offline') stop();
    };
    const stop = () => {
      streamManagement.removeListener('resumed', onResumed);
      client.removeListener('status', onStatus);
    };
    streamManagement.on('resumed', onResumed);
    client.on('status', onStatus);
  }
}
