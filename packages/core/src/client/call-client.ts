/**
 * `CallClient` — the entry point (the seed's QBRTCClient). It owns the transport subscription and the
 * sessions: it creates outgoing sessions, turns incoming `call` signals into ringing sessions (after the
 * staleness, participant, glare and busy checks), routes every other signal to its session by id, and
 * `destroy()` releases everything it ever created.
 */
import { Emitter, type EVENT_TYPES, type Subscribable, type Unsubscribe } from '../events/emitter.js';
import { LocalMedia } from '../media/local-media.js';
import type { PreferredDevices } from '../media/types.js';
import { newSessionId } from '../protocol/session-id.js';
import type { CallSignal, CallType, RejectReason, RejectSignal, SignalKind } from '../protocol/signal.js';
import { isStaleCall } from '../protocol/stale.js';
import { isCanonicalBareJid } from '../protocol/validate.js';
import { CallSession } from '../session/call-session.js';
import type { SessionContext, SessionMediaFactory } from '../session/context.js';
import { winsGlare } from '../session/politeness.js';
import type { CloseReason, SessionDirection } from '../session/types.js';
import type {
  PresenceUpdate,
  ReceivedSignal,
  SignalingTransport,
  TransportStatus,
  UndeliverableSignal,
} from '../transport/transport.js';
import { MeshcallError } from '../util/errors.js';
import { type Address, bareJid, type UserId } from '../util/jid.js';
import { type CallClientConfig, type ResolvedConfig, resolveConfig } from './config.js';
import { SignalInbox } from './signal-inbox.js';

/** How long `destroy()` waits for the last hang-ups to be sent. */
const DESTROY_FLUSH_MS = 2_000;

/** Most incoming calls ringing at once, and from one caller: more is a flood, turned down as busy. */
const MAX_RINGING_CALLS = 4;
const MAX_RINGING_CALLS_PER_CALLER = 2;

/**
 * Most calls declined to their other participants too within a minute (see `#declineEverywhere`); past it a call
 * is declined to its caller only, so a flood of made-up calls cannot make us send stanzas to our contacts.
 */
const MAX_OPEN_DECLINES_PER_MINUTE = 10;

/** How soon after a resumed connection what it held is re-sent to us (see `#heldAtMost`). */
const RESENT_WITHIN_MS = 10_000;

/** How many callees found unreachable are remembered, so the bounces of what we still send them stay quiet. */
const MAX_REMEMBERED_UNREACHABLE = 32;

/** Events of a {@link CallClient}. */
export interface CallClientEvents {
  /** A call is ringing on this device (seed: onReceiveNewSession). */
  incomingCall: { session: CallSession };
  /** A session was created, outgoing or incoming. */
  sessionAdded: { session: CallSession };
  /** A session closed and was removed from `client.sessions`. */
  sessionRemoved: { session: CallSession; reason: CloseReason };
  /** A call arrived while busy and was declined by the busy policy. */
  busyRejected: { sessionId: string; from: UserId; callType: CallType };
  /** The signaling connection changed status. */
  statusChanged: { status: TransportStatus };
  /** A contact's device came online or went away. */
  presence: PresenceUpdate;
  /** Something went wrong that the client survived (a dropped stanza, a failed send…). */
  error: { error: MeshcallError; sessionId?: string };
}

/** Creates and receives calls over one signaling transport. */
export class CallClient implements Subscribable<CallClientEvents> {
  /** Type-only: the event map (see {@link EVENT_TYPES}); nothing is stored under it at run time. */
  declare readonly [EVENT_TYPES]?: CallClientEvents;
  /** The resolved configuration (defaults filled in). */
  readonly config: ResolvedConfig;
  /** The signaling transport. */
  readonly transport: SignalingTransport;

  readonly #emitter: Emitter<CallClientEvents>;
  readonly #sessions = new Map<string, CallSession>();
  readonly #inbox: SignalInbox;
  readonly #context: SessionContext;
  /** How a call's media is made: the app's `createMedia`, else a `LocalMedia` with `media` and the preferred devices. */
  readonly #createMedia: SessionMediaFactory;
  readonly #subscriptions: Unsubscribe[];
  #destroyed = false;
  #preferredDevices: PreferredDevices = {};
  /** Whether the transport has been away since it was last online (its coming back is then told to the sessions). */
  #wasOffline = false;
  /** When the transport last brought us anything while online, by this device's clock (see `#heldAtMost`). */
  #lastHeard: number;
  /** `#lastHeard` as it was when the connection last went away; `null` if it never did. */
  #heardBeforeLoss: number | null = null;
  /** When the connection last came back online. */
  #backAt = Number.NEGATIVE_INFINITY;
  #online: boolean;
  /** When calls were last declined to their other participants (see `#declineEverywhere`). */
  #openDeclines: number[] = [];
  /** `sessionId callee` of callees found unreachable, oldest first (see `#onUndeliverable`). */
  readonly #unreachable = new Set<string>();

  constructor(config: CallClientConfig) {
    this.config = resolveConfig(config);
    this.#lastHeard = this.config.clock.now();
    this.#online = config.transport.status === 'online';
    this.transport = config.transport;
    this.#emitter = new Emitter((error) => console.error('[meshcall] a CallClient listener threw', error));
    // An ended call is remembered at least as long as a copy of it could still pass for a live one.
    const endedMs = Math.max(ENDED_MEMORY_MS, this.config.answerTimeout + this.config.dialingInterval);
    this.#inbox = new SignalInbox(this.config.clock, { endedMs });
    const media = this.config.media;
    this.#createMedia =
      config.createMedia ??
      (({ callType, stream }) =>
        new LocalMedia({
          callType,
          constraints: media,
          ...(stream ? { stream } : { devices: this.#preferredDevices }),
        }));
    this.#context = {
      transport: this.transport,
      settings: this.config,
      clock: this.config.clock,
      createMedia: this.#createMedia,
      mayDial: (session) => this.#mayDial(session),
      onClosed: (session, reason) => this.#onSessionClosed(session, reason),
      onDeviceChosen: (kind, deviceId) => this.setPreferredDevices({ ...this.#preferredDevices, [kind]: deviceId }),
      onError: (error, sessionId) => this.#emitter.emit('error', { error, sessionId }),
    };
    this.#subscriptions = [
      this.transport.on('signal', (received) => {
        this.#onSignal(received);
        this.#heard();
      }),
      this.transport.on('error', (error) => this.#emitter.emit('error', { error })),
      this.transport.on('status', (status) => {
        this.#emitter.emit('statusChanged', { status });
        if (status === 'online' && this.#wasOffline)
          for (const session of this.#sessions.values()) session.handleReconnected();
        this.#wasOffline = status !== 'online';
        this.#noteStatus(status);
      }),
      this.transport.on('presence', (update) => {
        this.#heard();
        this.#emitter.emit('presence', update);
        // A participant's device that reconnected may have missed signals: its sessions bring it up to date.
        if (update.available) for (const session of this.#sessions.values()) session.handlePresence(update);
      }),
      this.transport.on('undeliverable', (bounce) => {
        this.#heard();
        this.#onUndeliverable(bounce);
      }),
      this.transport.on('heard', () => this.#heard()),
    ];
    const page = typeof window === 'undefined' ? undefined : window;
    if (this.config.hangUpOnPageHide && typeof page?.addEventListener === 'function') {
      const onPageHide = () => this.#leavePage();
      page.addEventListener('pagehide', onPageHide);
      this.#subscriptions.push(() => page.removeEventListener('pagehide', onPageHide));
    }
    // A page back from the back/forward cache, or a frozen page resumed: timers held meanwhile are caught up
    // (see `CallSession.catchUp`). After the machine slept, the reconnect does it. Not on any other event: a
    // wall clock set forward (a time sync) would look like a sleep.
    const wake = (event: Event) => {
      if (event.type === 'pageshow' && !(event as PageTransitionEvent).persisted) return;
      for (const session of this.#sessions.values()) session.catchUp();
    };
    for (const [target, type] of [
      [page, 'pageshow'],
      [typeof document === 'undefined' ? undefined : document, 'resume'],
    ] as const) {
      if (typeof target?.addEventListener !== 'function') continue;
      target.addEventListener(type, wake);
      this.#subscriptions.push(() => target.removeEventListener(type, wake));
    }
  }

  /** The page is going away: hang up what is live or dialing; a call ringing here is left to other devices. */
  #leavePage(): void {
    for (const session of this.#sessions.values()) {
      if (session.direction === 'incoming' && session.state === 'pending') continue;
      session.hangUp();
    }
  }

  /** The local user's bare JID. */
  get localUser(): UserId {
    return this.transport.localUser;
  }

  /** The signaling connection's status; `offline` once destroyed (the client signals no more). */
  get status(): TransportStatus {
    return this.#destroyed ? 'offline' : this.transport.status;
  }

  /** Sessions that have not closed yet, by id. */
  get sessions(): ReadonlyMap<string, CallSession> {
    return this.#sessions;
  }

  /** Users seen online through presence; none once destroyed. */
  onlineUsers(): ReadonlySet<UserId> {
    return this.#destroyed ? new Set<UserId>() : this.transport.onlineUsers();
  }

  /**
   * The microphone and camera that calls open from now on (ids from `enumerateDevices()`), e.g. those picked
   * in a lobby: each call opens that very device, or the default if it is gone. A call whose media is already
   * open keeps its devices; switch them with its `selectDevice`, which also makes the device picked the one
   * later calls open. Calls given a `stream` use that instead.
   */
  setPreferredDevices(devices: PreferredDevices): void {
    this.#preferredDevices = Object.freeze({ ...devices });
  }

  /** The devices set with {@link CallClient.setPreferredDevices}. */
  get preferredDevices(): PreferredDevices {
    return this.#preferredDevices;
  }

  /**
   * The media a `callType` call of this client would open, not opened yet: made as every call's is (the
   * `createMedia` option, else a `LocalMedia` with the `media` constraints and the preferred devices). For a
   * lobby's preview, opened with `acquire()` and then handed to `start()` or `accept()` as their `media`
   * option, so the call sends what it would have opened itself. Whoever creates it releases it, unless a call
   * took it. Throws `destroyed` once the client is, and `invalid-config` if `createMedia` makes something that
   * is no `LocalMedia` (a call could not take it).
   */
  createMedia(callType: CallType): LocalMedia {
    this.#assertAlive();
    assertCallType(callType);
    const media = this.#createMedia({ callType });
    if (media instanceof LocalMedia) return media;
    // Custom capture that is not a LocalMedia can open only inside a call; nothing was opened yet to leak.
    media.release();
    throw new MeshcallError(
      'invalid-config',
      'createMedia made media other than a LocalMedia: it cannot be opened before a call',
    );
  }

  /** The session with this id, if it has not closed. */
  getSession(id: string): CallSession | undefined {
    return this.#sessions.get(id);
  }

  /**
   * Creates an outgoing call to `opponents` (bare JIDs); `start()` on the session places it. Throws
   * `too-many-participants` beyond `maxParticipants` and `invalid-argument` for bad JIDs; nothing is sent.
   */
  createSession(opponents: readonly UserId[], callType: CallType): CallSession {
    this.#assertAlive();
    assertCallType(callType);
    if (!Array.isArray(opponents) || opponents.length === 0) {
      throw new MeshcallError('invalid-argument', 'a call needs at least one opponent');
    }
    const unique = [...new Set(opponents.map((jid) => (typeof jid === 'string' ? jid.toLowerCase() : jid)))];
    for (const jid of unique) {
      // A user, not a server: `bob` alone is the JID of a domain, which takes no calls (its server bounces them).
      if (!isCanonicalBareJid(jid) || !jid.includes('@')) {
        throw new MeshcallError(
          'invalid-argument',
          `opponents must be bare JIDs like "bob@example.org" (got "${String(jid)}")`,
        );
      }
      if (jid === this.localUser) throw new MeshcallError('invalid-argument', 'you cannot call yourself');
    }
    if (unique.length + 1 > this.config.maxParticipants) {
      throw new MeshcallError(
        'too-many-participants',
        `a call has at most ${this.config.maxParticipants} participants (you + ${this.config.maxParticipants - 1}); got you + ${unique.length}`,
      );
    }
    const session = CallSession.outgoing(this.#context, newSessionId(this.localUser), unique, callType);
    this.#add(session);
    return session;
  }

  /**
   * Ends every session, detaches from the transport and drops every listener. The participants of a call
   * this device is in, or dials, are told, as with `hangUp`. A call that only rings here is left to the user's
   * other devices, as when the page closes: the caller keeps ringing them. Resolves once those hang-ups were
   * handed to the connection (at most 2 s), so the app can close the transport right after. The transport
   * itself is left to its owner. From then on `status` is `offline` and `onlineUsers()` is empty; listeners
   * get that as a last `statusChanged`, so a UI following the client (the hooks' store) shows it signed out.
   * Idempotent.
   */
  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    const wasOffline = this.status === 'offline';
    this.#destroyed = true;
    const flushes = [...this.#sessions.values()].map((session) => session.terminate('destroyed', { notify: true }));
    for (const unsubscribe of this.#subscriptions) unsubscribe();
    this.#inbox.clear();
    if (!wasOffline) this.#emitter.emit('statusChanged', { status: 'offline' });
    this.#emitter.clear();
    // Resolve once the hang-ups are on the wire (bounded), so closing the transport next cannot lose them.
    await new Promise<void>((resolve) => {
      const timer = this.config.clock.setTimeout(resolve, DESTROY_FLUSH_MS);
      void Promise.all(flushes).then(() => {
        this.config.clock.clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Listens to a client event; returns the function that stops listening. */
  on<K extends keyof CallClientEvents>(name: K, listener: (payload: CallClientEvents[K]) => void): Unsubscribe {
    return this.#emitter.on(name, listener);
  }

  /** Listens to the next occurrence of a client event only; returns the function that cancels it. */
  once<K extends keyof CallClientEvents>(name: K, listener: (payload: CallClientEvents[K]) => void): Unsubscribe {
    return this.#emitter.once(name, listener);
  }

  /** Listener count, for leak checks. */
  listenerCount(): number {
    return this.#emitter.listenerCount();
  }

  /**
   * A signal came back undelivered. A callee who cannot be reached is a state of the call (`unreachable`), not an
   * error, and so is the bounce of the `cancel` then sent to them, even after the call ended; any other bounce is
   * a `send-failed` error of its session.
   */
  #onUndeliverable(bounce: UndeliverableSignal): void {
    const key = `${bounce.sessionId} ${bounce.to}`;
    if (this.#sessions.get(bounce.sessionId)?.handleUndeliverable(bounce)) {
      this.#unreachable.add(key);
      if (this.#unreachable.size > MAX_REMEMBERED_UNREACHABLE)
        this.#unreachable.delete(this.#unreachable.values().next().value ?? '');
      return;
    }
    if (this.#unreachable.has(key)) return;
    const error = new MeshcallError('send-failed', `${bounce.kind} to ${bounce.to} bounced: ${bounce.condition}`);
    this.#emitter.emit('error', { error, sessionId: bounce.sessionId });
  }

  /** The transport brought us something: the server was there (only while online: a lost link says nothing). */
  #heard(): void {
    if (this.transport.status === 'online') this.#lastHeard = this.config.clock.now();
  }

  #noteStatus(status: TransportStatus): void {
    const online = status === 'online';
    if (this.#online && !online) this.#heardBeforeLoss = this.#lastHeard;
    if (!this.#online && online) this.#backAt = this.#lastHeard = this.config.clock.now();
    this.#online = online;
  }

  /**
   * The longest a signal re-sent after a resumed connection can have been held for us, by this device's clock:
   * since we last heard from the server before the connection went (a machine asleep, or a connection silently
   * dead, notices the loss only later). Nothing is held for a connection that never went away.
   */
  #heldAtMost(): number {
    const now = this.config.clock.now();
    const resending = !this.#online || now - this.#backAt <= RESENT_WITHIN_MS;
    return this.#heardBeforeLoss === null || !resending ? 0 : now - this.#heardBeforeLoss;
  }

  #onSignal({ from, signal, resentAt }: ReceivedSignal): void {
    if (this.#destroyed) return;
    if (bareJid(from) === this.localUser) return; // our own devices never signal each other
    const session = this.#sessions.get(signal.sessionId);
    if (session) {
      session.handleSignal(from, signal);
      return;
    }
    const ended = this.#inbox.endedReason(signal.sessionId);
    if (ended !== undefined) {
      // A re-sent call for a call we declined, or could not answer (media, or an answer that failed or never
      // connected): the caller still rings us, so our reject (or accept) was lost. Say no again.
      if (signal.kind === 'call' && RE_REJECTED.has(ended)) {
        this.#sendSafely(from, {
          kind: 'reject',
          sessionId: signal.sessionId,
          reason: ended === 'busy' ? 'busy' : ended === 'rejected' ? 'declined' : 'failed',
          userInfo: {},
        });
      } else if (
        LEFT_REASONS.has(ended) &&
        IN_CALL_KINDS.has(signal.kind) &&
        this.#inbox.claimLeftNotice(signal.sessionId, bareJid(from))
      ) {
        // Someone still talks to us in a call we left: our hang-up was lost (their XMPP was down). Say it
        // again, once, so they drop us now rather than at their disconnect timeout; a call whose connection we
        // lost says so, or they would tell their user we hung up.
        this.#sendSafely(from, {
          kind: 'hangup',
          sessionId: signal.sessionId,
          userInfo: {},
          ...(ended === 'connectionLost' ? { connectionLost: true } : {}),
        });
      } else if (
        ended === 'notAnswered' &&
        signal.kind === 'accept' &&
        this.#inbox.claimLeftNotice(signal.sessionId, bareJid(from))
      ) {
        // An answer to a call we stopped dialing (theirs was asleep, or cached, when we gave up): tell them it
        // is over, or they would wait for us until their disconnect timeout.
        this.#sendSafely(from, { kind: 'cancel', sessionId: signal.sessionId, reason: 'timeout' });
      }
      return;
    }
    if (signal.kind === 'call') this.#onCall(from, signal, resentAt);
    else this.#inbox.buffer(from, signal);
  }

  #onCall(from: Address, signal: CallSignal, resentAt: number | undefined): void {
    const caller = bareJid(from);
    const { participants } = signal;
    if (!participants.includes(this.localUser) || !participants.includes(caller)) return;
    const server = participants.find((jid) => !jid.includes('@'));
    if (server !== undefined) {
      // A domain takes no calls (as `createSession` says); a name like `__proto__` would also be a hazard as a key.
      this.#emitter.emit('error', {
        error: new MeshcallError(
          'signal-malformed',
          `ignored a call from ${caller} naming ${server}, which is no user`,
        ),
        sessionId: signal.sessionId,
      });
      return;
    }
    if (participants.length > this.config.maxParticipants) {
      this.#emitter.emit('error', {
        error: new MeshcallError(
          'too-many-participants',
          `ignored a call from ${caller} with ${participants.length} participants (the limit is ${this.config.maxParticipants})`,
        ),
        sessionId: signal.sessionId,
      });
      return;
    }
    if (isStaleCall(resentAt, this.config.clock.now(), this.config.answerTimeout, this.#heldAtMost())) {
      this.#emitter.emit('error', {
        error: new MeshcallError(
          'signal-stale',
          `ignored a call from ${caller} held back too long by a lost connection`,
        ),
        sessionId: signal.sessionId,
      });
      return;
    }
    if (!this.#mayRing(caller, signal)) {
      // As if this device were offline: no reply, and its re-sends are known as dropped (`#onSignal`).
      this.#inbox.markEnded(signal.sessionId, 'noAction', caller);
      return;
    }
    const glare = this.#resolveGlare(from, signal);
    if (glare === 'incoming-lost') return;
    // Ours gave way to theirs: we were calling these very people, so we are no busy case for them (as below).
    const crossedOurs = glare === 'outgoing-lost' || this.#aboutToCall(signal.participants);
    if (this.config.busyPolicy === 'reject' && this.#isBusy() && !crossedOurs) {
      this.#inbox.markEnded(signal.sessionId, 'busy', caller);
      this.#declineEverywhere(from, signal, 'busy');
      this.#emitter.emit('busyRejected', { sessionId: signal.sessionId, from: caller, callType: signal.callType });
      return;
    }
    if (this.#tooManyRinging(caller)) {
      // Nobody answers that many calls at once: a flood. Turned down as busy, to its sender only, so that each
      // session (an offer and its timers) is not kept for the answer timeout.
      this.#inbox.markEnded(signal.sessionId, 'busy', caller);
      this.#sendSafely(from, { kind: 'reject', sessionId: signal.sessionId, reason: 'busy', userInfo: {} });
      this.#emitter.emit('busyRejected', { sessionId: signal.sessionId, from: caller, callType: signal.callType });
      return;
    }
    const session = CallSession.incoming(this.#context, from, signal);
    this.#add(session);
    this.#emitter.emit('incomingCall', { session });
    for (const entry of this.#inbox.take(signal.sessionId)) session.handleSignal(entry.from, entry.signal);
  }

  /**
   * Glare: we are calling the same people who are calling us, and nobody has answered either call. Both
   * sides keep the call started by the lower bare JID. The losing caller cancels its call like a hang-up,
   * so an accept already on its way (or a third participant's ringing) does not wait for a call that is
   * gone. Tells which call lost, if any.
   */
  #resolveGlare(from: Address, signal: CallSignal): 'incoming-lost' | 'outgoing-lost' | null {
    const caller = bareJid(from);
    // Someone else's accept came before the call itself (its first send was lost, this is a re-send): that
    // call is under way, not crossing ours. It is a new call like any other (it rings, or our busy policy
    // turns it down), and ours goes on (they turn it down as busy).
    if (this.#acceptAlreadyHeld(caller, signal)) return null;
    let outcome: 'outgoing-lost' | null = null;
    for (const session of this.#pendingWith('outgoing', signal.participants)) {
      // Only a call that is ringing on the other side can cross ours. One that has not gone out yet (its camera
      // prompt is open) settles the glare when it is about to (`mayDial`); till then theirs rings here.
      if (!session.callSent) continue;
      if (winsGlare(this.localUser, caller)) {
        this.#inbox.markEnded(signal.sessionId, 'glare', caller);
        // A group call may be under way with an accept we have not seen: decline it openly (see `#mayDial`).
        if (signal.participants.length > 2) this.#declineEverywhere(from, signal);
        return 'incoming-lost';
      }
      void session.terminate('glare', { notify: true });
      outcome = 'outgoing-lost';
    }
    return outcome;
  }

  /**
   * Glare the other way round: their call already rings here when we start ours to the same people. The same
   * rule decides: if they are the lower bare JID their call stays and ours must not ring; otherwise ours stays,
   * theirs stops ringing here, and they drop theirs when ours reaches them (see `#resolveGlare`); a group call
   * is declined openly instead.
   */
  #mayDial(outgoing: CallSession): boolean {
    for (const session of this.#pendingWith('incoming', outgoing.participants)) {
      // Someone else already answered it: that call is under way, not crossing ours. Ours goes out as a second
      // call (they turn it down as busy) and theirs keeps ringing here.
      if (session.answeredByOthers) continue;
      if (winsGlare(session.initiator, this.localUser)) return false;
      if (session.participants.length > 2) {
        // A group call may be under way already, with an accept we have not seen yet: its caller would not
        // drop it for ours. Decline it openly, so nobody in it waits for us.
        session.reject();
      } else {
        void session.terminate('glare', { notify: false });
      }
    }
    return true;
  }

  /**
   * Whether the inbox holds an accept of the call from a participant other than the caller (it came before the
   * call itself). For a session that exists, `CallSession.answeredByOthers` says it.
   */
  #acceptAlreadyHeld(caller: UserId, signal: CallSignal): boolean {
    return this.#inbox.peek(signal.sessionId).some(({ from, signal: held }) => {
      const user = bareJid(from);
      return held.kind === 'accept' && user !== caller && signal.participants.includes(user);
    });
  }

  /**
   * Declines a call that never rang here, to every other participant as `CallSession.reject()` does: in a group
   * call, those who answered it must not keep waiting for us.
   */
  #declineEverywhere(from: Address, signal: CallSignal, reason: RejectReason = 'declined'): void {
    const decline: RejectSignal = { kind: 'reject', sessionId: signal.sessionId, reason, userInfo: {} };
    const caller = bareJid(from);
    this.#sendSafely(from, decline);
    const now = this.config.clock.now();
    this.#openDeclines = this.#openDeclines.filter((at) => now - at < 60_000);
    if (this.#openDeclines.length >= MAX_OPEN_DECLINES_PER_MINUTE) return;
    this.#openDeclines.push(now);
    // The other participants are named by the caller, unchecked: tell only those we see online (contacts who
    // may really be in that call), so a made-up list cannot turn us into a relay of stanzas to strangers.
    const online = this.transport.onlineUsers();
    for (const user of signal.participants) {
      if (user !== this.localUser && user !== caller && online.has(user)) this.#sendSafely(user, decline);
    }
  }

  /** Whether a call from `caller` would make too many calls ring here at once (in all, or from that caller). */
  #tooManyRinging(caller: UserId): boolean {
    const ringing = [...this.#sessions.values()].filter(
      (session) => session.direction === 'incoming' && session.state === 'pending',
    );
    return (
      ringing.length >= MAX_RINGING_CALLS ||
      ringing.filter((session) => session.initiator === caller).length >= MAX_RINGING_CALLS_PER_CALLER
    );
  }

  /**
   * Whether the app's `allowCall` lets this call ring. A call crossing one we are placing to the same people
   * always may: we are calling them, and glare keeps one of the two calls.
   */
  #mayRing(caller: UserId, signal: CallSignal): boolean {
    const { allowCall } = this.config;
    if (!allowCall || this.#pendingWith('outgoing', signal.participants).length > 0) return true;
    const { sessionId, callType, participants, userInfo } = signal;
    try {
      return allowCall({ sessionId, from: caller, callType, participants, userInfo }) === true;
    } catch (error) {
      // The app's bug must not let through a call it meant to screen.
      console.error('[meshcall] allowCall threw; the call was dropped', error);
      return false;
    }
  }

  /** Whether we are about to call these same people (our camera prompt is open): their call is no busy case. */
  #aboutToCall(participants: readonly UserId[]): boolean {
    return this.#pendingWith('outgoing', participants).some((session) => !session.callSent);
  }

  /** Our sessions in `direction` that are still ringing (or dialing) with exactly these participants. */
  #pendingWith(direction: SessionDirection, participants: readonly UserId[]): CallSession[] {
    return [...this.#sessions.values()].filter(
      (session) =>
        session.direction === direction &&
        session.state === 'pending' &&
        sameParticipants(session.participants, participants),
    );
  }

  /** In a call: an outgoing session that was started and is not over, or an incoming one we answered. */
  #isBusy(): boolean {
    for (const session of this.#sessions.values()) {
      if (
        session.direction === 'outgoing'
          ? session.state !== 'new'
          : session.state === 'connecting' || session.state === 'active'
      ) {
        return true;
      }
    }
    return false;
  }

  #add(session: CallSession): void {
    this.#sessions.set(session.id, session);
    this.#emitter.emit('sessionAdded', { session });
  }

  #onSessionClosed(session: CallSession, reason: CloseReason): void {
    if (this.#sessions.get(session.id) !== session) return;
    this.#sessions.delete(session.id);
    this.#inbox.markEnded(session.id, reason, session.initiator, session.participants);
    this.#emitter.emit('sessionRemoved', { session, reason });
  }

  #sendSafely(to: Address, signal: Parameters<SignalingTransport['send']>[1]): void {
    this.transport.send(to, signal).catch((error: unknown) => {
      const failure =
        error instanceof MeshcallError ? error : new MeshcallError('send-failed', String(error), { cause: error });
      this.#emitter.emit('error', { error: failure, sessionId: signal.sessionId });
    });
  }

  #assertAlive(): void {
    if (this.#destroyed) throw new MeshcallError('destroyed', 'this CallClient was destroyed');
  }
}

/** Throws `invalid-argument` for a call type that is neither `audio` nor `video` (a JavaScript caller's slip). */
function assertCallType(callType: CallType): void {
  if (callType !== 'audio' && callType !== 'video') {
    throw new MeshcallError('invalid-argument', `callType must be 'audio' or 'video' (got ${String(callType)})`);
  }
}

/** How long an ended session is remembered at least (its late signals are answered, a replay never rings). */
const ENDED_MEMORY_MS = 180_000;

/**
 * How a session ends when the local user was in the call and left it. Other endings (ringing stopped, answered or
 * declined on another device of the same user) must not send `hangup`: the user may be in that call elsewhere.
 */
const LEFT_REASONS: ReadonlySet<CloseReason> = new Set<CloseReason>(['hungUp', 'remoteEnded', 'connectionLost']);
/** How a session we end ends when a re-send of its `call` is answered with `reject` again (see `#onSignal`). */
const RE_REJECTED: ReadonlySet<CloseReason> = new Set<CloseReason>([
  'rejected',
  'busy',
  'mediaError',
  'connectionLost',
]);

/** Signals that only someone who believes we are still in the call sends. */
const IN_CALL_KINDS: ReadonlySet<SignalKind> = new Set<SignalKind>(['accept', 'description', 'candidates', 'media']);

/** Whether two calls are between the same people. */
function sameParticipants(a: readonly UserId[], b: readonly UserId[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((user) => set.has(user));
}
