import type { LocalMediaState } from '@meshcall/core';
import { describe, expect, it } from 'vitest';
import { fakeStats, fakeStream, fakeTrack } from '../test-utils/fakeClient.js';
import type { CallErrorEntry, CallState, PeerSnapshot } from '../types.js';
import type { ClientData, SessionData } from './read.js';
import { callReducer, emptyParticipant, initialCallState, pickActiveSession, reduceAll } from './reducer.js';

const MEDIA: LocalMediaState = {
  audioMuted: false,
  videoMuted: false,
  screenSharing: false,
  audioDeviceId: null,
  videoDeviceId: null,
};

function sessionData(id: string, patch: Partial<SessionData> = {}): SessionData {
  const opponents = patch.opponents ?? ['bob@x.test', 'carol@x.test'];
  return {
    id,
    direction: 'outgoing',
    callType: 'video',
    initiator: 'alice@x.test',
    participants: ['alice@x.test', ...opponents],
    opponents,
    userInfo: {},
    state: 'new',
    closeReason: null,
    closeError: null,
    startedAt: null,
    activeSince: null,
    localMedia: MEDIA,
    speakers: [],
    peers: [],
    localStream: null,
    localAudio: null,
    localVideo: null,
    localSideCamera: null,
    ...patch,
  };
}

function client(sessions: SessionData[] = []): ClientData {
  return { status: 'online', localUser: 'alice@x.test', onlineUsers: ['zed@x.test', 'bob@x.test'], sessions };
}

/** An outgoing call that went out and rings. */
const DIALING = { state: 'pending', startedAt: 500 } as const;

const BOB_IDLE = emptyParticipant('bob@x.test');

/** Bob as the engine has him now, in dialing session s1 (the store reads the session again after any event). */
function bobNow(state: CallState, bob: Partial<PeerSnapshot>): CallState {
  return callReducer(state, {
    type: 'sessionUpserted',
    session: sessionData('s1', { ...DIALING, peers: [{ ...BOB_IDLE, ...bob }] }),
  });
}

function withTwoSessions(): CallState {
  return initialCallState(
    client([
      sessionData('s1', { state: 'pending', startedAt: 500 }),
      sessionData('s2', { direction: 'incoming', state: 'pending' }),
    ]),
  );
}

describe('what participants said', () => {
  it('keeps why and with which userInfo a participant turned the call down, and later reads keep it', () => {
    const state = withTwoSessions();
    const next = bobNow(state, { state: 'rejected', userInfo: { note: 'in a meeting' }, rejectReason: 'busy' });
    const bob = next.sessions.s1!.peers['bob@x.test']!;
    expect(bob).toMatchObject({ rejectReason: 'busy', userInfo: { note: 'in a meeting' } });
    expect(next.sessions.s1!.peers['carol@x.test']).toBe(state.sessions.s1!.peers['carol@x.test']);
    expect(state.sessions.s1!.peers['bob@x.test']!.rejectReason).toBeNull();
    // A read that has nothing on Bob keeps what is known.
    const synced = callReducer(next, { type: 'sessionUpserted', session: sessionData('s1', DIALING) });
    expect(synced.sessions.s1!.peers['bob@x.test']!.rejectReason).toBe('busy');
  });
});

describe('initialCallState', () => {
  it('normalizes the client: sorted online users, sessions by id in order, one participant per opponent', () => {
    const state = withTwoSessions();
    expect(state.onlineUsers).toEqual(['bob@x.test', 'zed@x.test']);
    expect(state.sessionOrder).toEqual(['s1', 's2']);
    expect(Object.keys(state.sessions.s1!.peers)).toEqual(['bob@x.test', 'carol@x.test']);
    expect(state.sessions.s1!.peers['bob@x.test']!.state).toBe('unknown');
    expect(state.incomingSessionIds).toEqual(['s2']);
    expect(state.activeSessionId).toBe('s1');
  });

  it('takes peer state and tracks from the engine peers', () => {
    const track = fakeTrack('video');
    const stream = fakeStream([track]);
    const state = initialCallState(
      client([
        sessionData('s1', {
          state: 'active',
          peers: [
            {
              userId: 'bob@x.test',
              state: 'connected',
              media: null,
              audioTrack: null,
              videoTrack: track,
              sideCameraTrack: null,
              screenAudioTrack: null,
              stream,
              userInfo: { name: 'Bob' },
              rejectReason: null,
            },
          ],
        }),
      ]),
    );
    const bob = state.sessions.s1!.peers['bob@x.test']!;
    expect(bob.state).toBe('connected');
    expect(bob.videoTrack).toBe(track);
    expect(bob.stream).toBe(stream);
    // What they said is the engine's too: a store created mid-call knows their name.
    expect(bob.userInfo).toEqual({ name: 'Bob' });
  });
});

describe('structural sharing', () => {
  it('replaces only the changed participant, its session and the containers on the path', () => {
    const before = withTwoSessions();
    const after = bobNow(before, { state: 'connecting' });
    expect(after).not.toBe(before);
    expect(after.sessions.s1).not.toBe(before.sessions.s1);
    expect(after.sessions.s1!.peers['bob@x.test']!.state).toBe('connecting');
    expect(after.sessions.s1!.peers['carol@x.test']).toBe(before.sessions.s1!.peers['carol@x.test']);
    expect(after.sessions.s2).toBe(before.sessions.s2);
    expect(after.sessions.s1!.opponents).toBe(before.sessions.s1!.opponents);
    expect(after.sessions.s1!.localTracks).toBe(before.sessions.s1!.localTracks);
    expect(after.sessionOrder).toBe(before.sessionOrder);
    expect(after.incomingSessionIds).toBe(before.incomingSessionIds);
    expect(after.onlineUsers).toBe(before.onlineUsers);
  });

  it('returns the same state for actions that change nothing', () => {
    const state = withTwoSessions();
    const same = reduceAll(state, [
      { type: 'status', status: 'online' },
      { type: 'onlineUsers', users: ['bob@x.test', 'zed@x.test', 'bob@x.test'] },
      { type: 'sessionUpserted', session: sessionData('s1', { ...DIALING, peers: [{ ...BOB_IDLE }] }) },
      { type: 'sessionUpserted', session: sessionData('s1', { ...DIALING, localMedia: { ...MEDIA } }) },
      { type: 'sessionUpserted', session: sessionData('nope', { state: 'closed' }) },
      { type: 'stats', sessionId: 'nope', stats: new Map() },
      { type: 'dismissEnded' },
      { type: 'clearErrors' },
    ]);
    expect(same).toBe(state);
  });

  it('keeps the remote-track participant when the same track is read twice', () => {
    const track = fakeTrack('audio');
    const stream = fakeStream([track]);
    const once = bobNow(withTwoSessions(), { audioTrack: track, stream });
    expect(once.sessions.s1!.peers['bob@x.test']!.audioTrack).toBe(track);
    expect(bobNow(once, { audioTrack: track, stream })).toBe(once);
  });

  it('re-reading an unchanged session keeps every object', () => {
    const track = fakeTrack('video');
    const peers = [
      {
        userId: 'bob@x.test',
        state: 'connected' as const,
        media: null,
        audioTrack: null,
        videoTrack: track,
        sideCameraTrack: null,
        screenAudioTrack: null,
        stream: null,
        userInfo: null,
        rejectReason: null,
      },
    ];
    const state = initialCallState(client([sessionData('s1', { peers })]));
    const again = callReducer(state, {
      type: 'sessionUpserted',
      session: sessionData('s1', { peers: [{ ...peers[0]! }] }),
    });
    expect(again).toBe(state);
  });
});

describe('tracks and media', () => {
  it('takes the local video for the screen while the media state says it is shared, else for the camera', () => {
    const camera = fakeTrack('video');
    const screen = fakeTrack('video');
    const stream = fakeStream([camera]);
    const local = (video: MediaStreamTrack, screenSharing: boolean) =>
      sessionData('s1', {
        ...DIALING,
        localStream: stream,
        localVideo: video,
        localMedia: { ...MEDIA, screenSharing },
      });
    let state = callReducer(withTwoSessions(), { type: 'sessionUpserted', session: local(camera, false) });
    expect(state.sessions.s1!.localTracks).toEqual({
      audio: null,
      video: camera,
      videoSource: 'camera',
      sideCamera: null,
      stream,
    });
    // The engine announces the new track first and the media state right after: the second read decides.
    state = callReducer(state, { type: 'sessionUpserted', session: local(screen, false) });
    state = callReducer(state, { type: 'sessionUpserted', session: local(screen, true) });
    expect(state.sessions.s1!.localTracks.videoSource).toBe('screen');
    state = callReducer(state, { type: 'sessionUpserted', session: local(camera, true) });
    state = callReducer(state, { type: 'sessionUpserted', session: local(camera, false) });
    expect(state.sessions.s1!.localTracks.videoSource).toBe('camera');
  });

  it('keeps remote media objects while their values are unchanged', () => {
    const media = { audioMuted: true, videoMuted: false, screenSharing: false };
    const once = bobNow(withTwoSessions(), { media });
    expect(once.sessions.s1!.peers['bob@x.test']!.media).toEqual(media);
    expect(bobNow(once, { media: { ...media } })).toBe(once);
  });

  it('stores stats per peer without touching the participants', () => {
    const before = withTwoSessions();
    const after = callReducer(before, {
      type: 'stats',
      sessionId: 's1',
      stats: new Map([['bob@x.test', fakeStats('bob@x.test', 12)]]),
    });
    expect(after.sessions.s1!.stats['bob@x.test']!.rttMs).toBe(12);
    expect(after.sessions.s1!.peers).toBe(before.sessions.s1!.peers);
  });
});

describe('session lifecycle', () => {
  it('moves a closed session to lastEnded with its reason and drops it from every index', () => {
    let state = withTwoSessions();
    state = callReducer(state, {
      type: 'sessionUpserted',
      session: sessionData('s2', { direction: 'incoming', state: 'closing', closeReason: 'cancelled' }),
    });
    expect(state.sessions.s2?.closeReason).toBe('cancelled');
    state = callReducer(state, { type: 'sessionClosed', sessionId: 's2', reason: 'cancelled', at: 42 });
    expect(state.sessions.s2).toBeUndefined();
    expect(state.sessionOrder).toEqual(['s1']);
    expect(state.incomingSessionIds).toEqual([]);
    expect(state.lastEnded).toMatchObject({ reason: 'cancelled', endedAt: 42, session: { id: 's2', state: 'closed' } });
    expect(callReducer(state, { type: 'sessionClosed', sessionId: 's2', reason: 'hungUp', at: 43 })).toBe(state);
    expect(callReducer(state, { type: 'dismissEnded' }).lastEnded).toBeNull();
  });

  it('keeps the end screen of a call that deserves one when a call ends quietly after it, until dismissed or expired', () => {
    let state = withTwoSessions();
    state = callReducer(state, { type: 'sessionClosed', sessionId: 's1', reason: 'remoteEnded', at: 10 });
    const news = state.lastEnded;
    expect(state.endScreen).toBe(news);
    // The ringing call is declined: no news, the last ended call, but the end screen stays.
    state = callReducer(state, { type: 'sessionClosed', sessionId: 's2', reason: 'rejected', at: 20 });
    expect(state.lastEnded?.reason).toBe('rejected');
    expect(state.endScreen).toBe(news);
    const expired = callReducer(state, { type: 'endedExpired', ended: news! });
    expect([expired.endScreen, expired.lastEnded]).toEqual([null, state.lastEnded]);
    const dismissed = callReducer(state, { type: 'dismissEnded' });
    expect([dismissed.endScreen, dismissed.lastEnded]).toEqual([null, null]);
  });

  it("takes the initiator's userInfo and the start of the call's time as the session has them", () => {
    const state = withTwoSessions();
    const userInfo = { topic: 'stand-up' };
    const started = callReducer(state, {
      type: 'sessionUpserted',
      session: sessionData('s1', { state: 'active', userInfo, startedAt: 500, activeSince: 1_000 }),
    });
    expect(started.sessions.s1?.userInfo).toBe(userInfo);
    expect(started.sessions.s1?.activeSince).toBe(1_000);
    expect(started.sessions.s2).toBe(state.sessions.s2);
  });

  it('takes a call the app created but has not started for no call at all, until it starts', () => {
    let state = initialCallState(client([sessionData('s1'), sessionData('s2')]));
    expect(state.sessions.s1?.state).toBe('new');
    expect(state.activeSessionId).toBeNull();
    // Hung up before it started: gone, and no ended call to tell of.
    state = callReducer(state, { type: 'sessionClosed', sessionId: 's2', reason: 'hungUp', at: 5 });
    expect(state.sessionOrder).toEqual(['s1']);
    expect(state.lastEnded).toBeNull();
    state = callReducer(state, {
      type: 'sessionUpserted',
      session: sessionData('s1', { state: 'pending', startedAt: 700 }),
    });
    expect(state.activeSessionId).toBe('s1');
    expect(state.sessions.s1?.startedAt).toBe(700);
  });

  it('picks the connecting/active session over a dialing one, and an accepted incoming call over nothing', () => {
    let state = withTwoSessions();
    expect(state.activeSessionId).toBe('s1');
    state = callReducer(state, {
      type: 'sessionUpserted',
      session: sessionData('s2', { direction: 'incoming', state: 'connecting' }),
    });
    expect(state.activeSessionId).toBe('s2');
    expect(state.incomingSessionIds).toEqual([]);
  });

  it('keeps a closing session active until it closes, but never picks a ringing one', () => {
    let state = initialCallState(client([sessionData('s1', { state: 'active' })]));
    state = callReducer(state, { type: 'sessionUpserted', session: sessionData('s1', { state: 'closing' }) });
    expect(state.activeSessionId).toBe('s1');
    state = callReducer(state, { type: 'sessionClosed', sessionId: 's1', reason: 'hungUp', at: 1 });
    expect(state.activeSessionId).toBeNull();
    expect(pickActiveSession(withTwoSessions().sessions, ['s2'], null)).toBeNull();
  });

  it('re-sync ends sessions that disappeared and adds new ones', () => {
    const state = withTwoSessions();
    const next = callReducer(state, {
      type: 'sync',
      client: client([sessionData('s1', DIALING), sessionData('s3')]),
      removed: [{ sessionId: 's2', reason: 'noAction', at: 5 }],
    });
    expect(next.sessionOrder).toEqual(['s1', 's3']);
    expect(next.sessions.s1).toBe(state.sessions.s1);
    expect(next.lastEnded?.reason).toBe('noAction');
  });
});

describe('errors', () => {
  const entry = (id: number, error = new Error(`e${id}`)): CallErrorEntry =>
    ({ id, time: id, error, sessionId: null, userId: null }) as CallErrorEntry;

  it('keeps the last N, drops the same error reported twice, and dismisses by id', () => {
    let state = withTwoSessions();
    for (let i = 1; i <= 5; i++) state = callReducer(state, { type: 'error', entry: entry(i), max: 3 });
    expect(state.errors.map((e) => e.id)).toEqual([3, 4, 5]);
    const dup = callReducer(state, { type: 'error', entry: entry(6, state.errors[2]!.error), max: 3 });
    expect(dup).toBe(state);
    expect(callReducer(state, { type: 'dismissError', id: 4 }).errors.map((e) => e.id)).toEqual([3, 5]);
  });
});

describe('devices', () => {
  it('keeps device objects and lists whose values did not change', () => {
    const mic = { deviceId: 'm1', groupId: 'g', kind: 'audioinput' as const, label: 'Mic' };
    const ready = { status: 'ready' as const, audioinput: [mic], videoinput: [], audiooutput: [] };
    const once = callReducer(withTwoSessions(), { type: 'devices', devices: ready });
    expect(once.devices.audioinput).toEqual([mic]);
    expect(callReducer(once, { type: 'devices', devices: { ...ready, audioinput: [{ ...mic }] } })).toBe(once);
  });
});
