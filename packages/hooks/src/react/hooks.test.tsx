import type { PeerStats } from '@meshcall/core';
import { act, render, renderHook } from '@testing-library/react';
import { Profiler, StrictMode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { MediaDevicesSource } from '../devices.js';
import { createCallStore } from '../store/createCallStore.js';
import type { RemoteTrack } from '../store/selectors.js';
import { FakeClient, ManualClock } from '../test-utils/fakeClient.js';
import { wrapperFor } from '../test-utils/wrapper.js';
import { CallProvider, useCallClient } from './context.js';
import {
  useCallSession,
  useEndedCall,
  useIncomingCall,
  useIsReconnecting,
  useLocalMedia,
  useSessionActions,
  useStartCall,
} from './useCallSession.js';
import { useCallStats } from './useCallStats.js';
import { useCallStore } from './useCallStore.js';
import { useConnectionStatus, useLocalUser, useOnlineUsers } from './useConnection.js';
import { useAudioOutput, useMediaDevices } from './useMediaDevices.js';
import {
  useActiveSpeaker,
  useConnectionQuality,
  useIsSpeaking,
  useParticipant,
  useParticipants,
  usePeerState,
  usePresenter,
  usePresentParticipants,
  useSpeakers,
} from './useParticipants.js';
import { useLocalTracks, useRemoteTracks } from './useTracks.js';

const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';

/** Renders the active session's state, and counts renders. */
function Probe({ renders }: { renders: string[] }) {
  const state = useCallSession().session?.state ?? 'none';
  renders.push(state);
  return <span>{state}</span>;
}

function Who() {
  return <span>{useCallStore((s) => `${s.localUser}:${s.incomingSessionIds.length}`)}</span>;
}

function Tile({ userId, sessionId }: { userId: string; sessionId: string }) {
  const peer = useParticipant(userId, sessionId);
  return (
    <li>
      {userId}:{peer?.state}
    </li>
  );
}

function Grid({ sessionId, onRender }: { sessionId: string; onRender: (id: string) => void }) {
  const ids = useParticipants(sessionId);
  onRender('grid');
  return (
    <ul>
      {ids.map((id) => (
        <Profiler key={id} id={id} onRender={onRender}>
          <Tile userId={id} sessionId={sessionId} />
        </Profiler>
      ))}
    </ul>
  );
}

function SpeakingTile({ userId, sessionId, onRender }: { userId: string; sessionId: string; onRender(): void }) {
  const speaking = useIsSpeaking(userId, sessionId);
  onRender();
  return (
    <li>
      {userId}:{speaking ? 'speaking' : 'quiet'}
    </li>
  );
}

/** Listener count of one plain, non-React store, to compare the provider against. */
function listenersOfOneStore(): { client: number; session: number } {
  const client = new FakeClient();
  const session = client.ring(BOB);
  const { unmount } = render(<CallProvider client={client}>{null}</CallProvider>);
  const counts = { client: client.events.listenerCount(), session: session.listenerCount() };
  unmount();
  return counts;
}

describe('<CallProvider>', () => {
  it('subscribes exactly once under StrictMode, delivers each event once, and unsubscribes on unmount', () => {
    const expected = listenersOfOneStore();
    expect(expected.client).toBeGreaterThan(0);
    const client = new FakeClient();
    const renders: string[] = [];
    const { unmount, container } = render(
      <StrictMode>
        <CallProvider client={client}>
          <Probe renders={renders} />
        </CallProvider>
      </StrictMode>,
    );
    expect(client.events.listenerCount()).toBe(expected.client);
    let session = client.createSession([BOB], 'video');
    act(() => {
      session = client.sessions.values().next().value!;
      void session.start();
    });
    expect(session.listenerCount()).toBe(expected.session);
    expect(container.textContent).toBe('pending');
    unmount();
    expect(client.listenerCount([session])).toBe(0);
  });

  it('retains a store passed in while mounted and leaves it running afterwards', () => {
    const client = new FakeClient();
    const store = createCallStore(client, { clock: new ManualClock() });
    const listening = client.events.listenerCount();
    const { container, unmount } = render(
      <StrictMode>
        <CallProvider store={store}>
          <Who />
        </CallProvider>
      </StrictMode>,
    );
    expect(client.events.listenerCount()).toBe(listening);
    act(() => {
      client.ring(BOB);
    });
    expect(container.textContent).toBe('alice@example.test:1');
    unmount();
    expect(client.events.listenerCount()).toBe(listening);
    store.destroy();
    expect(client.events.listenerCount()).toBe(0);
  });

  it('throws a clear error when a hook is used outside a provider', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => renderHook(() => useCallClient())).toThrow(/inside <CallProvider>/);
    vi.restoreAllMocks();
  });

  it('gives a new client a new store', () => {
    const first = new FakeClient('alice@example.test');
    const second = new FakeClient('dave@example.test');
    first.ring(BOB);
    const { container, rerender, unmount } = render(
      <CallProvider client={first}>
        <Who />
      </CallProvider>,
    );
    expect(container.textContent).toBe('alice@example.test:1');
    rerender(
      <CallProvider client={second}>
        <Who />
      </CallProvider>,
    );
    expect(container.textContent).toBe('dave@example.test:0');
    expect(first.events.listenerCount()).toBe(0);
    unmount();
    expect(second.events.listenerCount()).toBe(0);
  });
});

describe('useCallStore', () => {
  it('with an equality function, a derived value keeps its identity and does not re-render on unrelated changes', () => {
    const client = new FakeClient();
    const session = client.ring(BOB, 'video', [CAROL]);
    let renders = 0;
    const { result, unmount } = renderHook(
      () => {
        renders += 1;
        return useCallStore(
          (s) => Object.values(s.sessions).map((x) => x.id),
          (a, b) => a.length === b.length && a.every((id, i) => id === b[i]),
        );
      },
      { wrapper: wrapperFor(client) },
    );
    const first = result.current;
    expect(first).toEqual([session.id]);
    const rendersBefore = renders;
    act(() => session.setPeerState(BOB, 'connected'));
    expect(renders).toBe(rendersBefore);
    expect(result.current).toBe(first);
    let other = session;
    act(() => {
      other = client.createSession([CAROL], 'audio');
    });
    expect(result.current).toEqual([session.id, other.id]);
    unmount();
  });
});

describe('render isolation', () => {
  it('a change of participant B does not re-render the tile of participant A', () => {
    const client = new FakeClient();
    const session = client.ring(BOB, 'video', [CAROL]);
    const commits: Record<string, number> = {};
    const onRender = (id: string) => {
      commits[id] = (commits[id] ?? 0) + 1;
    };
    const { container, unmount } = render(
      <CallProvider client={client}>
        <Grid sessionId={session.id} onRender={onRender} />
      </CallProvider>,
    );
    const before = { ...commits };
    expect(before[BOB]).toBeGreaterThan(0);
    act(() => session.setPeerState(CAROL, 'connected'));
    expect(container.textContent).toContain(`${CAROL}:connected`);
    expect(commits[CAROL]).toBe(before[CAROL]! + 1);
    expect(commits[BOB]).toBe(before[BOB]);
    expect(commits.grid).toBe(before.grid);
    act(() => {
      session.addRemoteTrack(CAROL, 'video');
    });
    expect(commits[BOB]).toBe(before[BOB]);
    unmount();
  });
});

describe('who is speaking', () => {
  it('useIsSpeaking re-renders only the tile whose speaking changed; useSpeakers lists everyone', () => {
    const client = new FakeClient();
    const session = client.ring(BOB, 'video', [CAROL]);
    const renders = { [BOB]: 0, [CAROL]: 0 };
    const { container, unmount } = render(
      <CallProvider client={client}>
        <SpeakingTile userId={BOB} sessionId={session.id} onRender={() => renders[BOB]++} />
        <SpeakingTile userId={CAROL} sessionId={session.id} onRender={() => renders[CAROL]++} />
      </CallProvider>,
    );
    const { result } = renderHook(() => useSpeakers(session.id), { wrapper: wrapperFor(client) });
    expect(result.current).toEqual([]);
    const before = { ...renders };
    act(() => session.setSpeakers([CAROL]));
    expect(container.textContent).toBe(`${BOB}:quiet${CAROL}:speaking`);
    expect(renders[BOB]).toBe(before[BOB]);
    expect(renders[CAROL]).toBe(before[CAROL]! + 1);
    expect(result.current).toEqual([CAROL]);
    const list = result.current;
    act(() => session.setSpeakers([CAROL]));
    expect(result.current).toBe(list);
    act(() => session.setSpeakers([BOB, CAROL]));
    expect(container.textContent).toBe(`${BOB}:speaking${CAROL}:speaking`);
    expect(renders[CAROL]).toBe(before[CAROL]! + 1);
    expect(result.current).toEqual([BOB, CAROL]);
    unmount();
  });
});

describe('useActiveSpeaker', () => {
  it('is the remote participant who spoke last: held through silence and over a second voice, gone when they leave', () => {
    const client = new FakeClient();
    const session = client.ring(BOB, 'video', [CAROL]);
    let renders = 0;
    const { result, unmount } = renderHook(
      () => {
        renders += 1;
        return useActiveSpeaker(session.id);
      },
      { wrapper: wrapperFor(client) },
    );
    const said = (speakers: string[]) => {
      act(() => session.setSpeakers(speakers));
      return result.current;
    };
    expect(result.current).toBeNull();
    expect(said([client.localUser])).toBeNull();
    expect(said([CAROL])).toBe(CAROL);
    expect(said([])).toBe(CAROL);
    expect(said([BOB, CAROL])).toBe(CAROL);
    const before = renders;
    expect(said([BOB])).toBe(BOB);
    expect(said([BOB, CAROL])).toBe(BOB);
    expect(said([])).toBe(BOB);
    expect(renders - before).toBe(1);
    act(() => session.setPeerState(BOB, 'closed'));
    expect(result.current).toBeNull();
    expect(said([BOB, CAROL])).toBe(CAROL);
    unmount();
  });
});

describe('useRemoteTracks', () => {
  it('returns the same array until a track changes, reusing unchanged items', () => {
    const client = new FakeClient();
    const session = client.ring(BOB, 'video', [CAROL]);
    void session.accept();
    const { result, rerender, unmount } = renderHook(() => useRemoteTracks(), { wrapper: wrapperFor(client) });
    const empty = result.current;
    expect(empty).toEqual([]);

    act(() => client.setStatus('reconnecting'));
    rerender();
    expect(result.current).toBe(empty);

    let bobVideo: MediaStreamTrack | undefined;
    act(() => {
      bobVideo = session.addRemoteTrack(BOB, 'video');
    });
    const one = result.current;
    expect(one).toHaveLength(1);
    expect(one[0]).toMatchObject({ userId: BOB, kind: 'video', track: bobVideo });

    act(() => session.setPeerState(BOB, 'connected'));
    act(() => client.setPresence(CAROL, true));
    rerender();
    expect(result.current).toBe(one);

    act(() => {
      session.addRemoteTrack(CAROL, 'audio');
    });
    const two: readonly RemoteTrack[] = result.current;
    expect(two).not.toBe(one);
    expect(two.map((t) => `${t.userId}/${t.kind}`)).toEqual([`${BOB}/video`, `${CAROL}/audio`]);
    expect(two[0]).toBe(one[0]);

    act(() => session.setRemoteMedia(BOB, { audioMuted: true, videoMuted: false, screenSharing: false }));
    expect(result.current[0]?.media?.audioMuted).toBe(true);
    expect(result.current[1]).toBe(two[1]);

    act(() => session.hangUp());
    expect(result.current).toEqual([]);
    unmount();
  });
});

describe('session hooks', () => {
  it('useLocalMedia and useSessionActions re-render a control bar only when the local media changes', async () => {
    const client = new FakeClient();
    const session = client.ring(BOB, 'video', [CAROL]);
    await act(() => session.accept());
    let renders = 0;
    const { result, unmount } = renderHook(
      () => {
        renders += 1;
        return { media: useLocalMedia(), actions: useSessionActions() };
      },
      { wrapper: wrapperFor(client) },
    );
    const { actions } = result.current;
    const before = renders;
    act(() => session.setPeerState(BOB, 'connected'));
    act(() => session.setSpeakers([BOB]));
    act(() => session.emitStats([{ userId: BOB, rttMs: 40 } as PeerStats]));
    expect(renders).toBe(before);
    act(() => result.current.actions.setAudioMuted(true));
    expect(result.current.media?.audioMuted).toBe(true);
    expect(result.current.actions).toBe(actions);
    expect(renders).toBe(before + 1);
    unmount();
  });

  it('useCallSession binds stable actions to the session and forwards them', async () => {
    const client = new FakeClient();
    const { result, unmount } = renderHook(
      () => ({ call: useCallSession(), start: useStartCall(), local: useLocalTracks() }),
      { wrapper: wrapperFor(client, true) },
    );
    expect(result.current.call.session).toBeNull();
    const start = result.current.start;
    let id = '';
    await act(async () => {
      id = await result.current.start([BOB], 'video', { name: 'Alice' });
    });
    const session = client.getSession(id)!;
    expect(session.calls).toEqual(['start']);
    expect(result.current.start).toBe(start);
    expect(result.current.call.session).toMatchObject({ id, state: 'pending', direction: 'outgoing' });

    const { hangUp, setAudioMuted } = result.current.call;
    act(() => result.current.call.setAudioMuted(true));
    expect(result.current.call.session?.localMedia.audioMuted).toBe(true);
    expect(result.current.call.hangUp).toBe(hangUp);
    expect(result.current.call.setAudioMuted).toBe(setAudioMuted);

    await act(() => result.current.call.selectDevice('videoinput', 'cam2'));
    expect(session.calls).toContain('selectDevice:videoinput:cam2');
    expect(result.current.local).toMatchObject({ audio: null, video: null });

    act(() => result.current.call.hangUp());
    expect(session.calls).toContain('hangUp');
    expect(result.current.call.session).toBeNull();
    // With no active session left, the actions are bound to nothing and fail politely.
    await expect(result.current.call.setVideoMuted(true)).rejects.toMatchObject({ code: 'invalid-state' });
    unmount();
  });

  it('async actions on a session that is gone reject with invalid-state', async () => {
    const client = new FakeClient();
    const session = client.createSession([BOB], 'audio');
    const { result, unmount } = renderHook(() => useCallSession(session.id), { wrapper: wrapperFor(client) });
    const { switchCamera, hangUp } = result.current;
    act(() => session.hangUp());
    await expect(switchCamera()).rejects.toMatchObject({ code: 'invalid-state' });
    expect(() => hangUp()).not.toThrow();
    unmount();
  });

  it('useIncomingCall shows the ringing call; accepting moves it to the active session', async () => {
    const client = new FakeClient();
    const { result, unmount } = renderHook(
      () => ({ incoming: useIncomingCall(), active: useCallSession(), ended: useEndedCall() }),
      { wrapper: wrapperFor(client, true, { clock: new ManualClock() }) },
    );
    expect(result.current.incoming.session).toBeNull();
    let first = client.ring(BOB);
    act(() => {
      first = client.ring(CAROL);
    });
    // The oldest ringing call is shown first.
    expect(result.current.incoming.session?.initiator).toBe(BOB);
    await act(() => result.current.incoming.accept());
    expect(result.current.incoming.session?.initiator).toBe(CAROL);
    expect(result.current.active.session?.initiator).toBe(BOB);
    act(() => result.current.incoming.reject());
    expect(first.calls).toEqual(['reject']);
    expect(result.current.incoming.session).toBeNull();
    // The call declined while in another is no news: that other call is on.
    expect(result.current.ended.ended).toBeNull();
    act(() => result.current.active.hangUp());
    expect(result.current.ended.ended?.reason).toBe('hungUp');
    act(() => result.current.ended.dismiss());
    expect(result.current.ended.ended).toBeNull();
    unmount();
  });

  it('useEndedCall forgets the last call once the next one is on (a quick call-back), and shows how that one ends', async () => {
    const client = new FakeClient();
    const { result, unmount } = renderHook(() => useEndedCall(), {
      wrapper: wrapperFor(client, true, { clock: new ManualClock() }),
    });
    const first = client.createSession([BOB], 'video');
    await act(() => first.start());
    act(() => first.hangUp());
    expect(result.current.ended?.session.id).toBe(first.id);
    // A call ringing here leaves it (the end screen may still be up behind the ringing dialog).
    act(() => void client.ring(CAROL));
    expect(result.current.ended?.session.id).toBe(first.id);
    const again = client.createSession([BOB], 'video');
    await act(() => again.start());
    expect(result.current.ended).toBeNull();
    act(() => again.close('remoteEnded'));
    expect(result.current.ended).toMatchObject({ reason: 'remoteEnded', session: { id: again.id } });
    unmount();
  });

  it("useEndedCall leaves out the user's own decline and what another device decided, unless asked for them", () => {
    const client = new FakeClient();
    const { result, unmount } = renderHook(() => ({ news: useEndedCall(), all: useEndedCall({ quiet: true }) }), {
      wrapper: wrapperFor(client, true, { clock: new ManualClock() }),
    });
    for (const reason of ['rejected', 'answeredElsewhere', 'rejectedElsewhere', 'busy', 'glare'] as const) {
      const call = client.ring(BOB);
      act(() => call.close(reason));
      expect([result.current.news.ended, result.current.all.ended?.reason]).toEqual([null, reason]);
    }
    const missed = client.ring(BOB);
    act(() => missed.close('notAnswered'));
    expect(result.current.news.ended?.reason).toBe('notAnswered');
    unmount();
  });

  it('useIsReconnecting is true only while every link still in the call is being restored', () => {
    const client = new FakeClient();
    const session = client.ring(BOB, 'video', [CAROL]);
    const { result, unmount } = renderHook(() => useIsReconnecting(session.id), { wrapper: wrapperFor(client) });
    act(() => session.setState('active'));
    act(() => {
      session.setPeerState(BOB, 'disconnected');
      session.setPeerState(CAROL, 'connected');
    });
    expect(result.current).toBe(false); // one dropped link among good ones: that tile only
    act(() => session.setPeerState(CAROL, 'disconnected'));
    expect(result.current).toBe(true);
    act(() => session.setPeerState(CAROL, 'hungUp')); // who left does not count
    expect(result.current).toBe(true);
    act(() => session.setPeerState(BOB, 'connected'));
    expect(result.current).toBe(false);
    unmount();
  });

  it('usePeerState, useConnectionStatus, useOnlineUsers and useLocalUser follow their slices', () => {
    const client = new FakeClient();
    const session = client.ring(BOB);
    const { result, unmount } = renderHook(
      () => ({
        peer: usePeerState(BOB, session.id),
        status: useConnectionStatus(),
        online: useOnlineUsers(),
        me: useLocalUser(),
      }),
      { wrapper: wrapperFor(client) },
    );
    expect(result.current).toEqual({ peer: 'unknown', status: 'online', online: [], me: client.localUser });
    act(() => {
      session.setPeerState(BOB, 'checking');
      client.setStatus('offline');
      client.setPresence(CAROL, true);
    });
    expect(result.current).toEqual({ peer: 'checking', status: 'offline', online: [CAROL], me: client.localUser });
    unmount();
  });
});

describe('useMediaDevices and useCallStats', () => {
  it('watches devices while mounted', async () => {
    let watching = 0;
    const source: MediaDevicesSource = {
      list: async () => [{ deviceId: 'cam', groupId: 'g', kind: 'videoinput', label: 'Cam' } as MediaDeviceInfo],
      watch: () => {
        watching += 1;
        return () => {
          watching -= 1;
        };
      },
    };
    const client = new FakeClient();
    const { result, unmount } = renderHook(() => useMediaDevices(), {
      wrapper: wrapperFor(client, true, { mediaDevices: source }),
    });
    await vi.waitFor(() => expect(result.current.status).toBe('ready'));
    expect(result.current.videoinput.map((d) => d.label)).toEqual(['Cam']);
    expect(watching).toBe(1);
    unmount();
    expect(watching).toBe(0);
  });

  it('useAudioOutput: one speaker for everything under the provider, the system output while it is unplugged', async () => {
    const output = (deviceId: string) =>
      ({ deviceId, groupId: deviceId, kind: 'audiooutput', label: deviceId }) as MediaDeviceInfo;
    let plugged = [output('default'), output('headset')];
    let onChange: (devices: readonly MediaDeviceInfo[]) => void = () => {};
    const source: MediaDevicesSource = {
      list: async () => plugged,
      watch: (listener) => {
        onChange = listener;
        return () => {};
      },
    };
    const client = new FakeClient();
    const wrapper = wrapperFor(client, true, { mediaDevices: source });
    // Two readers, as a lobby picker and a call's audio elements would be.
    const { result, unmount } = renderHook(() => ({ picker: useAudioOutput(), player: useAudioOutput() }), { wrapper });
    await vi.waitFor(() => expect(result.current.picker.deviceId).toBeNull());
    act(() => result.current.picker.select('headset'));
    expect(result.current.player.deviceId).toBe('headset');

    act(() => {
      plugged = [output('default')];
      onChange(plugged);
    });
    expect(result.current.player.deviceId).toBeNull();
    act(() => {
      plugged = [output('default'), output('headset')];
      onChange(plugged);
    });
    expect(result.current.player.deviceId).toBe('headset');

    // The choice outlives calls; '' is the system output, as `setSinkId` has it.
    const session = client.ring(BOB);
    act(() => session.setState('closed'));
    expect(result.current.player.deviceId).toBe('headset');
    act(() => result.current.picker.select(''));
    expect(result.current.player.deviceId).toBeNull();
    unmount();
  });

  it('re-renders only when the stats change, not on every change of the call', () => {
    const client = new FakeClient();
    const session = client.ring(BOB);
    let renders = 0;
    const { result, unmount } = renderHook(
      () => {
        renders += 1;
        return useCallStats(session.id);
      },
      { wrapper: wrapperFor(client) },
    );
    const before = renders;
    act(() => {
      session.setAudioMuted(true);
      session.setPeerState(BOB, 'connected');
    });
    act(() => session.setSpeakers([BOB]));
    expect(renders).toBe(before);
    act(() => session.emitStats([{ userId: BOB, rttMs: 40 } as PeerStats]));
    expect(renders).toBe(before + 1);
    expect(result.current[BOB]?.rttMs).toBe(40);
    unmount();
  });

  it('usePresenter is the participant still in the call who started sharing last, re-rendering only when that changes', () => {
    const client = new FakeClient();
    const DAN = 'dan@example.test';
    const session = client.ring(BOB, 'video', [CAROL, DAN]);
    let renders = 0;
    const { result, unmount } = renderHook(
      () => {
        renders++;
        return usePresenter(session.id);
      },
      { wrapper: wrapperFor(client) },
    );
    const sharing = (screenSharing: boolean) => ({ audioMuted: false, videoMuted: false, screenSharing });
    expect(result.current).toBeNull();
    act(() => session.setRemoteMedia(DAN, sharing(true)));
    expect(result.current).toBe(DAN);
    act(() => session.setRemoteMedia(CAROL, sharing(true))); // two at once: the newest (presenter.test.tsx)
    expect(result.current).toBe(CAROL);
    const before = renders;
    act(() => session.setRemoteMedia(BOB, { audioMuted: true, videoMuted: false, screenSharing: false }));
    expect(renders).toBe(before); // someone else's change: no re-render
    act(() => session.setPeerState(CAROL, 'hungUp')); // gone while presenting
    expect(result.current).toBe(DAN);
    act(() => {
      session.localMedia = { ...session.localMedia, screenSharing: true };
      session.events.emit('localMediaChanged', { media: session.localMedia });
      session.setRemoteMedia(DAN, sharing(false));
    });
    expect(result.current).toBeNull(); // one's own screen is not the presenter
    unmount();
  });

  it('usePresentParticipants keeps who rings, connects or reconnects, drops who is gone, and keeps its identity', () => {
    const client = new FakeClient();
    const DAN = 'dan@example.test';
    const session = client.ring(BOB, 'video', [CAROL, DAN]);
    const { result, unmount } = renderHook(() => usePresentParticipants(session.id), { wrapper: wrapperFor(client) });
    expect(result.current).toEqual([BOB, CAROL, DAN]);
    const before = result.current;
    act(() => {
      session.setPeerState(BOB, 'connected');
      session.setPeerState(CAROL, 'disconnected'); // recovering: still in
    });
    expect(result.current).toBe(before);
    act(() => session.setPeerState(DAN, 'rejected'));
    expect(result.current).toEqual([BOB, CAROL]);
    for (const gone of ['hungUp', 'notAnswered', 'disconnectTimeout', 'failed'] as const) {
      act(() => session.setPeerState(CAROL, gone));
      expect(result.current).toEqual([BOB]);
      act(() => session.setPeerState(CAROL, 'connected'));
    }
    unmount();
  });

  it('useConnectionQuality re-renders when the verdict changes, not on every sample', () => {
    const client = new FakeClient();
    const session = client.ring(BOB, 'video', [CAROL]);
    let renders = 0;
    const { result, unmount } = renderHook(
      () => {
        renders += 1;
        return useConnectionQuality(BOB, session.id);
      },
      { wrapper: wrapperFor(client) },
    );
    expect(result.current).toBe('unknown');
    const sample = (userId: string, rttMs: number) => ({ userId, rttMs, packetLoss: 0 }) as unknown as PeerStats;
    act(() => session.emitStats([sample(BOB, 40)]));
    expect(result.current).toBe('unknown'); // figures, but the link is not connected: they say nothing yet
    act(() => session.setPeerState(BOB, 'connected'));
    expect(result.current).toBe('good');
    const before = renders;
    act(() => session.emitStats([sample(BOB, 60), sample(CAROL, 900)]));
    act(() => session.emitStats([sample(BOB, 80)]));
    expect(renders).toBe(before);
    act(() => session.emitStats([sample(BOB, 900)]));
    expect(result.current).toBe('poor');
    expect(renders).toBe(before + 1);
    // The link drops: the figures from before no longer tell how it is doing.
    act(() => session.setPeerState(BOB, 'disconnected'));
    expect(result.current).toBe('unknown');
    unmount();
  });

  it('polls stats on the given interval while mounted', async () => {
    const clock = new ManualClock();
    const client = new FakeClient();
    const session = client.ring(BOB);
    const { result, unmount } = renderHook(() => useCallStats(session.id, { interval: 500 }), {
      wrapper: wrapperFor(client, true, { clock }),
    });
    await vi.waitFor(() => expect(result.current[BOB]?.rttMs).toBeGreaterThan(0));
    const first = result.current[BOB]!.rttMs!;
    await act(async () => clock.advance(500));
    await vi.waitFor(() => expect(result.current[BOB]!.rttMs).toBeGreaterThan(first));
    unmount();
    expect(clock.pending).toBe(0);
  });
});
