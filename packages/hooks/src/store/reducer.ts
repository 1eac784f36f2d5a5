/**
 * Pure functions that fold engine events into the store state. Every function returns the same state object
 * when nothing changed, and otherwise replaces only the objects on the path to the change, so selectors that
 * read an unchanged session or participant keep getting the same object.
 */
import type { CloseReason, LocalMediaState, MediaState, PeerStats, TransportStatus, UserId } from '@meshcall/core';
import type {
  CallErrorEntry,
  CallState,
  DeviceSnapshot,
  DevicesSnapshot,
  EndedCall,
  PeerSnapshot,
  SessionSnapshot,
} from '../types.js';
import { type ClientData, impliedVideoSource, type SessionData } from './read.js';
import { isStillIn, showsEndScreen } from './selectors.js';
import { EMPTY_ARRAY, EMPTY_RECORD, lookup, reuseArray, reuseNullable, reuseObject, shallowEqual } from './share.js';

/**
 * Everything that can happen to the store. A session event becomes `sessionUpserted` with the session read
 * again; the rest are the client's events, the stats poller's samples and the store's own commands.
 */
export type CallAction =
  | { readonly type: 'status'; readonly status: TransportStatus }
  | { readonly type: 'onlineUsers'; readonly users: readonly UserId[] }
  | { readonly type: 'sync'; readonly client: ClientData; readonly removed: readonly RemovedSession[] }
  | { readonly type: 'sessionUpserted'; readonly session: SessionData }
  | { readonly type: 'sessionClosed'; readonly sessionId: string; readonly reason: CloseReason; readonly at: number }
  | { readonly type: 'stats'; readonly sessionId: string; readonly stats: ReadonlyMap<UserId, PeerStats> }
  | { readonly type: 'error'; readonly entry: CallErrorEntry; readonly max: number }
  | { readonly type: 'dismissError'; readonly id: number }
  | { readonly type: 'clearErrors' }
  | { readonly type: 'dismissEnded' }
  | { readonly type: 'endedExpired'; readonly ended: EndedCall }
  | { readonly type: 'devices'; readonly devices: DevicesSnapshot }
  | { readonly type: 'audioOutput'; readonly deviceId: string | null };

/** A session that disappeared while the store was not listening (found by a `sync`). */
export interface RemovedSession {
  /** Id of the session that is gone. */
  readonly sessionId: string;
  /** The session's `closeReason` if it is known, else `destroyed`. */
  readonly reason: CloseReason;
  /** When the store noticed it was gone (ms since epoch, by the store's clock). */
  readonly at: number;
}

/** Devices before anything asked for them. */
const IDLE_DEVICES: DevicesSnapshot = /* @__PURE__ */ Object.freeze({
  status: 'idle',
  audioinput: EMPTY_ARRAY,
  videoinput: EMPTY_ARRAY,
  audiooutput: EMPTY_ARRAY,
});

/** The state for a client read with {@link readClient}. */
export function initialCallState(client: ClientData): CallState {
  const empty: CallState = {
    status: client.status,
    localUser: client.localUser,
    onlineUsers: EMPTY_ARRAY,
    sessions: EMPTY_RECORD,
    sessionOrder: EMPTY_ARRAY,
    incomingSessionIds: EMPTY_ARRAY,
    activeSessionId: null,
    lastEnded: null,
    endScreen: null,
    errors: EMPTY_ARRAY,
    devices: IDLE_DEVICES,
    audioOutput: null,
  };
  return callReducer(empty, { type: 'sync', client, removed: EMPTY_ARRAY });
}

/** Applies one action. Returns `state` itself when the action changes nothing. */
export function callReducer(state: CallState, action: CallAction): CallState {
  switch (action.type) {
    case 'status':
      return withValue(state, 'status', action.status);
    case 'onlineUsers': {
      return withValue(state, 'onlineUsers', reuseArray(state.onlineUsers, [...new Set(action.users)].sort()));
    }
    case 'sync':
      return sync(state, action.client, action.removed);
    case 'sessionUpserted':
      return upsertSession(state, action.session);
    case 'sessionClosed':
      return closeSession(state, action.sessionId, action.reason, action.at);
    case 'stats':
      return updateSession(state, action.sessionId, (s) =>
        withValue(s, 'stats', reuseObject(s.stats, Object.fromEntries(action.stats))),
      );
    case 'error': {
      if (state.errors.some((e) => e.error === action.entry.error)) return state; // reported by session and client
      const errors = [...state.errors, action.entry];
      return { ...state, errors: errors.slice(Math.max(0, errors.length - Math.max(1, action.max))) };
    }
    case 'dismissError': {
      const errors = state.errors.filter((e) => e.id !== action.id);
      return errors.length === state.errors.length ? state : { ...state, errors: reuseArray(undefined, errors) };
    }
    case 'clearErrors':
      return state.errors.length === 0 ? state : { ...state, errors: EMPTY_ARRAY };
    case 'dismissEnded':
      return withValue(withValue(state, 'lastEnded', null), 'endScreen', null);
    case 'endedExpired': {
      const kept = withValue(state, 'lastEnded', state.lastEnded === action.ended ? null : state.lastEnded);
      return withValue(kept, 'endScreen', state.endScreen === action.ended ? null : state.endScreen);
    }
    case 'devices':
      return withValue(state, 'devices', reuseDevices(state.devices, action.devices));
    case 'audioOutput':
      return withValue(state, 'audioOutput', action.deviceId);
  }
}

/** `object` itself when `key` already holds `value`, else a copy with `value` there. */
function withValue<T, K extends keyof T>(object: T, key: K, value: T[K]): T {
  return object[key] === value ? object : { ...object, [key]: value };
}

/** Folds several actions at once (one store notification). */
export function reduceAll(state: CallState, actions: readonly CallAction[]): CallState {
  return actions.reduce(callReducer, state);
}

function sync(state: CallState, client: ClientData, removed: readonly RemovedSession[]): CallState {
  let next = callReducer(state, { type: 'status', status: client.status });
  next = withValue(next, 'localUser', client.localUser);
  next = callReducer(next, { type: 'onlineUsers', users: client.onlineUsers });
  for (const session of client.sessions) next = upsertSession(next, session);
  for (const gone of removed) next = closeSession(next, gone.sessionId, gone.reason, gone.at);
  return next;
}

function upsertSession(state: CallState, data: SessionData): CallState {
  if (data.state === 'closed') return state;
  const prev = lookup(state.sessions, data.id);
  const snapshot = sessionFromData(data, prev);
  if (snapshot === prev) return state;
  const sessions = { ...state.sessions, [data.id]: snapshot };
  const sessionOrder = prev ? state.sessionOrder : [...state.sessionOrder, data.id];
  return withDerived(state, sessions, sessionOrder);
}

/** Builds a session snapshot from engine data, reusing every unchanged part of `prev`. */
function sessionFromData(data: SessionData, prev?: SessionSnapshot): SessionSnapshot {
  const enginePeers = new Map(data.peers.map((p) => [p.userId, p]));
  const peerIds = [...data.opponents, ...data.peers.map((p) => p.userId).filter((id) => !data.opponents.includes(id))];
  const peers: Record<UserId, PeerSnapshot> = {};
  for (const userId of peerIds) {
    const before = prev ? lookup(prev.peers, userId) : undefined;
    peers[userId] = participantFromEngine(userId, enginePeers.get(userId), before);
  }
  const prevTracks = prev?.localTracks;
  const localMedia = reuseObject(prev?.localMedia, toLocalMediaState(data.localMedia));
  const next: SessionSnapshot = {
    id: data.id,
    direction: data.direction,
    callType: data.callType,
    initiator: data.initiator,
    participants: reuseArray(prev?.participants, data.participants),
    opponents: reuseArray(prev?.opponents, data.opponents),
    userInfo: reuseObject(prev?.userInfo, data.userInfo),
    state: data.state,
    closeReason: data.closeReason,
    closeError: data.closeError,
    startedAt: data.startedAt,
    activeSince: data.activeSince,
    localMedia,
    speakers: reuseArray(prev?.speakers, data.speakers),
    localTracks: reuseObject(prevTracks, {
      audio: data.localAudio,
      video: data.localVideo,
      videoSource: impliedVideoSource(localMedia.screenSharing, data.localVideo),
      sideCamera: data.localSideCamera,
      stream: data.localStream,
    }),
    peers: prev ? reuseObject(prev.peers, peers) : peers,
    stats: prev?.stats ?? EMPTY_RECORD,
    activeSpeaker: nextActiveSpeaker(prev?.activeSpeaker ?? null, data.speakers, peers),
    presenters: nextPresenters(prev?.presenters ?? EMPTY_ARRAY, data.opponents, peers),
  };
  return reuseObject(prev, next);
}

/**
 * Who the speaker view shows now: the previous one while they talk or while nobody (else) does, as long as
 * they are in the call; else the first remote participant who talks. Holding on avoids a flicker between two
 * who talk at once, and an empty stage between sentences.
 */
function nextActiveSpeaker(
  previous: UserId | null,
  speakers: readonly UserId[],
  peers: Readonly<Record<UserId, PeerSnapshot>>,
): UserId | null {
  const inCall = (id: UserId) => isStillIn(lookup(peers, id));
  const talking = speakers.filter(inCall);
  if (previous !== null && talking.includes(previous)) return previous;
  return talking[0] ?? (previous !== null && inCall(previous) ? previous : null);
}

/**
 * Who shares a screen now, in the order they started: those of `previous` still sharing and in the call keep
 * their place, and whoever started since comes after them (several at once: in the call's order). The stage
 * goes to the newest, and back to the one before when they stop.
 */
function nextPresenters(
  previous: readonly UserId[],
  opponents: readonly UserId[],
  peers: Readonly<Record<UserId, PeerSnapshot>>,
): readonly UserId[] {
  const sharing = (id: UserId) => {
    const peer = lookup(peers, id);
    return isStillIn(peer) && peer?.media?.screenSharing === true;
  };
  const kept = previous.filter(sharing);
  const started = opponents.filter((id) => sharing(id) && !kept.includes(id));
  return reuseArray(previous, started.length === 0 ? kept : [...kept, ...started]);
}

function participantFromEngine(
  userId: UserId,
  engine: PeerSnapshot | undefined,
  prev: PeerSnapshot | undefined,
): PeerSnapshot {
  const base = prev ?? emptyParticipant(userId);
  if (!engine) return base;
  return reuseObject(prev, {
    userId,
    state: engine.state,
    media: reuseNullable(base.media, engine.media ? toMediaState(engine.media) : null),
    audioTrack: engine.audioTrack,
    videoTrack: engine.videoTrack,
    sideCameraTrack: engine.sideCameraTrack,
    screenAudioTrack: engine.screenAudioTrack,
    stream: engine.stream,
    userInfo: reuseNullable(base.userInfo, engine.userInfo),
    rejectReason: engine.rejectReason,
  });
}

/** A participant the engine has told nothing of yet (no link state, tracks or words). */
export function emptyParticipant(userId: UserId): PeerSnapshot {
  return {
    userId,
    state: 'unknown',
    media: null,
    audioTrack: null,
    videoTrack: null,
    sideCameraTrack: null,
    screenAudioTrack: null,
    stream: null,
    userInfo: null,
    rejectReason: null,
  };
}

function closeSession(state: CallState, sessionId: string, reason: CloseReason, at: number): CallState {
  const prev = lookup(state.sessions, sessionId);
  if (!prev) return state;
  const sessions: Record<string, SessionSnapshot> = { ...state.sessions };
  delete sessions[sessionId];
  const sessionOrder = state.sessionOrder.filter((id) => id !== sessionId);
  // A call of ours that never started ended before anyone heard of it: no ended call to tell of.
  if (prev.direction === 'outgoing' && prev.startedAt === null) return withDerived(state, sessions, sessionOrder);
  const lastEnded = { session: { ...prev, state: 'closed' as const, closeReason: reason }, reason, endedAt: at };
  const derived = withDerived(state, sessions, sessionOrder);
  return { ...derived, lastEnded, endScreen: showsEndScreen(lastEnded) ? lastEnded : derived.endScreen };
}

function updateSession(
  state: CallState,
  sessionId: string,
  update: (session: SessionSnapshot) => SessionSnapshot,
): CallState {
  const prev = lookup(state.sessions, sessionId);
  if (!prev) return state;
  const next = update(prev);
  if (next === prev) return state;
  return withDerived(state, { ...state.sessions, [sessionId]: next }, state.sessionOrder);
}

function withDerived(
  state: CallState,
  sessions: Readonly<Record<string, SessionSnapshot>>,
  sessionOrder: readonly string[],
): CallState {
  const order = reuseArray(state.sessionOrder, sessionOrder);
  // No session left: the shared empty record, so an emptied state equals the initial one.
  const live = order.length === 0 ? EMPTY_RECORD : sessions;
  const activeSessionId = pickActiveSession(live, order, state.activeSessionId);
  // Another call taking the screen is news of its own: the end screen goes for good, whatever way that one ends.
  const tookOver = activeSessionId !== null && activeSessionId !== state.activeSessionId;
  return {
    ...state,
    endScreen: tookOver ? null : state.endScreen,
    sessions: live,
    sessionOrder: order,
    incomingSessionIds: reuseArray(
      state.incomingSessionIds,
      order.filter((id) => {
        const s = lookup(live, id);
        return s?.direction === 'incoming' && s.state === 'pending';
      }),
    ),
    activeSessionId,
  };
}

/**
 * The session a call screen shows: the newest connecting or active one; else the newest outgoing one that is
 * dialing; else the previous pick while it still exists (so a call being hung up stays on screen until it
 * closes). A ringing incoming call is never picked: it is in `incomingSessionIds` until accepted.
 */
export function pickActiveSession(
  sessions: Readonly<Record<string, SessionSnapshot>>,
  order: readonly string[],
  previous: string | null,
): string | null {
  for (let i = order.length - 1; i >= 0; i--) {
    const s = lookup(sessions, order[i]);
    if (s && (s.state === 'connecting' || s.state === 'active')) return s.id;
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const s = lookup(sessions, order[i]);
    // Not while `new`: a session the app created and has not started (yet, or ever) rings nobody.
    if (s && s.direction === 'outgoing' && s.state === 'pending') return s.id;
  }
  return previous !== null && lookup(sessions, previous) ? previous : null;
}

/** Copies only the media-state fields, so extra engine fields never defeat structural sharing. */
function toMediaState(media: MediaState): MediaState {
  const state = { audioMuted: media.audioMuted, videoMuted: media.videoMuted, screenSharing: media.screenSharing };
  return media.screenAudio ? { ...state, screenAudio: true } : state;
}

function toLocalMediaState(media: LocalMediaState): LocalMediaState {
  return {
    ...toMediaState(media),
    audioDeviceId: media.audioDeviceId ?? null,
    videoDeviceId: media.videoDeviceId ?? null,
  };
}

function reuseDevices(prev: DevicesSnapshot, next: DevicesSnapshot): DevicesSnapshot {
  const reuseList = (before: readonly DeviceSnapshot[], after: readonly DeviceSnapshot[]) =>
    reuseArray(
      before,
      after.map((d) => before.find((b) => shallowEqual(b, d)) ?? d),
    );
  return reuseObject(prev, {
    status: next.status,
    audioinput: reuseList(prev.audioinput, next.audioinput),
    videoinput: reuseList(prev.videoinput, next.videoinput),
    audiooutput: reuseList(prev.audiooutput, next.audiooutput),
  });
}
