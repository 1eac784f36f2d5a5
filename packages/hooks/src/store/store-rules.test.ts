/** Store rules at their edges: which call is active, error retention, late device listings and stats. */
import type { LocalMediaState, PeerStats } from '@meshcall/core';
import { MeshcallError } from '@meshcall/core';
import { describe, expect, it, vi } from 'vitest';
import type { MediaDevicesSource } from '../devices.js';
import { FakeClient, fakeStats, fakeTrack, ManualClock } from '../test-utils/fakeClient.js';
import { createCallStore } from './createCallStore.js';
import type { ClientData, SessionData } from './read.js';
import { callReducer, initialCallState, pickActiveSession } from './reducer.js';

const MEDIA: LocalMediaState = {
  audioMuted: false,
  videoMuted: false,
  screenSharing: false,
  audioDeviceId: null,
  videoDeviceId: null,
};

function sessionData(id: string, patch: Partial<SessionData> = {}): SessionData {
  return {
    id,
    direction: 'outgoing',
    callType: 'audio',
    initiator: 'alice@x.test',
    participants: ['alice@x.test', 'bob@x.test'],
    opponents: ['bob@x.test'],
    userInfo: {},
    state: 'new',
    closeReason: null,
    closeError: null,
    startedAt: 500,
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

const client = (sessions: SessionData[] = []): ClientData => ({
  status: 'online',
  localUser: 'alice@x.test',
  onlineUsers: [],
  sessions,
});

describe('the reducer', () => {
  it('of two live calls, the newest is the active one', () => {
    const state = initialCallState(
      client([
        sessionData('s1', { state: 'active' }),
        sessionData('s2', { direction: 'incoming', state: 'connecting' }),
      ]),
    );
    expect(state.activeSessionId).toBe('s2');
    expect(pickActiveSession(state.sessions, ['s1', 's2'], null)).toBe('s2');
    expect(pickActiveSession(state.sessions, ['s2', 's1'], null)).toBe('s1');
  });

  it('a state whose last session closed holds the very same empty record as the initial state', () => {
    const initial = initialCallState(client());
    let state = initialCallState(client([sessionData('s1', { state: 'active' })]));
    state = callReducer(state, { type: 'sessionClosed', sessionId: 's1', reason: 'hungUp', at: 1 });
    expect(state.sessions).toBe(initial.sessions);
  });

  it('keeps at least the newest error, whatever max says', () => {
    const error = new MeshcallError('send-failed', 'x');
    const entry = { id: 1, time: 0, error, sessionId: null, userId: null };
    const state = callReducer(initialCallState(client()), { type: 'error', entry, max: 0 });
    expect(state.errors).toEqual([entry]);
  });
});

describe('the store', () => {
  it('a slow, older device listing does not overwrite a newer one', async () => {
    const resolvers: Array<(list: MediaDeviceInfo[]) => void> = [];
    const source: MediaDevicesSource = {
      list: () => new Promise((resolve) => resolvers.push(resolve)),
      watch: () => () => {},
    };
    const store = createCallStore(new FakeClient(), { clock: new ManualClock(), mediaDevices: source });
    const older = store.refreshDevices();
    const newer = store.refreshDevices();
    const cam = (id: string) => ({ deviceId: id, groupId: 'g', kind: 'videoinput', label: id }) as MediaDeviceInfo;
    resolvers[1]!([cam('new-cam')]);
    await newer;
    resolvers[0]!([cam('old-cam')]);
    await older;
    expect(store.getState().devices.videoinput.map((d) => d.deviceId)).toEqual(['new-cam']);
    store.destroy();
  });

  it('lists the devices again once a call opened media, if they were listed before permission (no names)', async () => {
    const cam = (id: string, label: string) =>
      ({ deviceId: id, groupId: 'g', kind: 'videoinput', label }) as MediaDeviceInfo;
    // Before permission Chromium shows one camera without a name or id; granting it fires no `devicechange`.
    let permitted = false;
    const source: MediaDevicesSource = {
      list: async () => (permitted ? [cam('front', 'Front camera'), cam('back', 'Back camera')] : [cam('', '')]),
      watch: () => () => {},
    };
    const client = new FakeClient();
    const store = createCallStore(client, { clock: new ManualClock(), mediaDevices: source });
    const stop = store.watchDevices();
    await vi.waitFor(() => expect(store.getState().devices.videoinput).toHaveLength(1));
    const session = client.createSession(['bob@example.test'], 'video');
    permitted = true;
    session.setLocalTrack('video', fakeTrack('video'));
    await vi.waitFor(() =>
      expect(store.getState().devices.videoinput.map((d) => d.deviceId)).toEqual(['front', 'back']),
    );
    stop();
    store.destroy();
  });

  it('a stats sample in flight when polling stops is dropped', async () => {
    const client = new FakeClient();
    const store = createCallStore(client, { clock: new ManualClock() });
    const session = client.createSession(['bob@example.test'], 'video');
    let resolve: (stats: ReadonlyMap<string, PeerStats>) => void = () => {};
    session.getStats = () => new Promise((r) => (resolve = r));
    const stop = store.pollStats(session.id, 1000);
    stop();
    resolve(new Map([['bob@example.test', fakeStats('bob@example.test', 42)]]));
    await vi.waitFor(() => Promise.resolve());
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().sessions[session.id]?.stats['bob@example.test']).toBeUndefined();
    store.destroy();
  });
});
