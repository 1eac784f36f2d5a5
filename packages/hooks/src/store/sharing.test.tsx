/**
 * The structural-sharing helpers, selectors and device helpers, as the hooks see them.
 */
import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { browserMediaDevices, devicesSnapshot } from '../devices.js';
import { useSpeakers } from '../react/useParticipants.js';
import { useRemoteTracks } from '../react/useTracks.js';
import { FakeClient, ManualClock } from '../test-utils/fakeClient.js';
import { wrapperFor } from '../test-utils/wrapper.js';
import { createCallStore } from './createCallStore.js';
import { selectParticipant, selectSession } from './selectors.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** The hook under test in `client`'s provider, on a manual clock (no real timers left behind). */
const wrap = (client: FakeClient, clock = new ManualClock()) => wrapperFor(client, false, { clock });

describe('reuseArray', () => {
  it('a same-length list whose last entry changed is new: the speaker shown follows who talks', () => {
    const client = new FakeClient();
    const session = client.ring(BOB, 'video', [CAROL]);
    const { result, unmount } = renderHook(() => useSpeakers(session.id), { wrapper: wrap(client) });
    act(() => session.setSpeakers([BOB]));
    expect(result.current).toEqual([BOB]);
    act(() => session.setSpeakers([CAROL]));
    expect(result.current).toEqual([CAROL]);
    act(() => session.setSpeakers([ALICE, CAROL]));
    act(() => session.setSpeakers([ALICE, BOB]));
    expect(result.current).toEqual([ALICE, BOB]);
    unmount();
  });
});

describe('useRemoteTracks order', () => {
  it('lists audio before video for each participant, in call order', () => {
    const client = new FakeClient();
    const session = client.ring(BOB, 'video', [CAROL]);
    const { result, unmount } = renderHook(() => useRemoteTracks(session.id), { wrapper: wrap(client) });
    act(() => {
      session.addRemoteTrack(CAROL, 'video');
      session.addRemoteTrack(BOB, 'video');
      session.addRemoteTrack(BOB, 'audio');
      session.addRemoteTrack(CAROL, 'audio');
    });
    expect(result.current.map((t) => `${t.userId} ${t.kind}`)).toEqual([
      `${BOB} audio`,
      `${BOB} video`,
      `${CAROL} audio`,
      `${CAROL} video`,
    ]);
    unmount();
  });
});

describe('selectors', () => {
  it('an id that names an Object.prototype member finds nothing', () => {
    const client = new FakeClient();
    const session = client.ring(BOB);
    const store = createCallStore(client, { clock: new ManualClock() });
    const state = store.getState();
    expect(selectParticipant(state, 'constructor', session.id)).toBeNull();
    expect(selectParticipant(state, 'toString', session.id)).toBeNull();
    expect(selectSession(state, 'constructor')).toBeNull();
    store.destroy();
  });
});

describe('device helpers', () => {
  it('a null list is `unavailable`', () => {
    expect(devicesSnapshot(null)).toEqual({ status: 'unavailable', audioinput: [], videoinput: [], audiooutput: [] });
    expect(devicesSnapshot([]).status).toBe('ready');
  });

  it('the browser source says null where there is no media capture', async () => {
    vi.stubGlobal('navigator', {});
    expect(await browserMediaDevices.list()).toBeNull();
  });

  it('the browser source lists microphones, cameras and speakers', async () => {
    const device = (kind: MediaDeviceKind, deviceId: string) =>
      ({ kind, deviceId, groupId: 'g', label: deviceId, toJSON: () => ({}) }) as MediaDeviceInfo;
    const list = [device('audiooutput', 'spk'), device('videoinput', 'cam'), device('audioinput', 'mic')];
    vi.stubGlobal('navigator', {
      mediaDevices: { enumerateDevices: async () => list, addEventListener() {}, removeEventListener() {} },
    });
    const listed = await browserMediaDevices.list();
    expect(listed?.map((d) => d.deviceId).sort()).toEqual(['cam', 'mic', 'spk']);
  });
});
