/**
 * The session hooks' contracts: which session a command or read goes to, what it passes on, and what it waits
 * for.
 */
import { MeshcallError } from '@meshcall/core';
import { act, renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { FakeClient, ManualClock } from '../test-utils/fakeClient.js';
import { wrapperFor } from '../test-utils/wrapper.js';
import {
  useCallSession,
  useEndedCall,
  useIncomingCall,
  useLocalMedia,
  useSessionActions,
  useStartCall,
} from './useCallSession.js';

const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';

/** The hook under test in `client`'s provider, on a manual clock (no real timers left behind). */
const wrap = (client: FakeClient, clock = new ManualClock()) => wrapperFor(client, false, { clock });

describe('session actions reach the right session with the right arguments', () => {
  it('useSessionActions(id) acts on that session, not on the active one', async () => {
    const client = new FakeClient();
    const active = client.createSession([BOB], 'video');
    await act(() => active.start());
    const ringing = client.ring(CAROL);
    const { result, unmount } = renderHook(() => useSessionActions(ringing.id), { wrapper: wrap(client) });
    act(() => result.current.hangUp());
    expect(ringing.calls).toEqual(['hangUp']);
    expect(active.calls).toEqual(['start']);
    expect(active.state).toBe('pending');
    unmount();
  });

  it('useLocalMedia(id) reads that session, not the active one', async () => {
    const client = new FakeClient();
    const active = client.createSession([BOB], 'video');
    await act(() => active.start());
    const ringing = client.ring(CAROL);
    const { result, unmount } = renderHook(() => ({ other: useLocalMedia(ringing.id), mine: useLocalMedia() }), {
      wrapper: wrap(client),
    });
    act(() => ringing.setAudioMuted(true));
    expect(result.current.other?.audioMuted).toBe(true);
    expect(result.current.mine?.audioMuted).toBe(false);
    unmount();
  });

  it('startScreenShare forwards its options (a share without sound)', async () => {
    const client = new FakeClient();
    const session = client.createSession([BOB], 'video');
    await act(() => session.start());
    const { result, unmount } = renderHook(() => useSessionActions(), { wrapper: wrap(client) });
    await act(() => result.current.startScreenShare({ audio: false }));
    await act(() => result.current.startScreenShare());
    expect(session.calls.slice(1)).toEqual(['startScreenShare:no sound', 'startScreenShare']);
    unmount();
  });

  it('setVideoMuted forwards the value it is given', async () => {
    const client = new FakeClient();
    const session = client.createSession([BOB], 'video');
    await act(() => session.start());
    const { result, unmount } = renderHook(() => useCallSession(), { wrapper: wrap(client) });
    await act(() => result.current.setVideoMuted(true));
    await act(() => result.current.setVideoMuted(false));
    expect(session.calls.slice(1)).toEqual(['setVideoMuted:true', 'setVideoMuted:false']);
    unmount();
  });

  it('hangUp passes its userInfo on, accept its userInfo and options', async () => {
    const client = new FakeClient();
    const ringing = client.ring(BOB);
    const accept = vi.spyOn(ringing, 'accept');
    const hangUp = vi.spyOn(ringing, 'hangUp');
    const { result, unmount } = renderHook(() => ({ incoming: useIncomingCall(), call: useCallSession(ringing.id) }), {
      wrapper: wrap(client),
    });
    await act(() => result.current.incoming.accept({ name: 'Alice' }, { video: false }));
    expect(accept).toHaveBeenCalledWith({ name: 'Alice' }, { video: false });
    act(() => result.current.call.hangUp({ reason: 'bye' }));
    expect(hangUp).toHaveBeenCalledWith({ reason: 'bye' });
    unmount();
  });
});

describe('useStartCall', () => {
  it('resolves only once start() has finished, and rejects when start() fails', async () => {
    const client = new FakeClient();
    const { result, unmount } = renderHook(() => useStartCall(), { wrapper: wrap(client) });
    const createSession = client.createSession.bind(client);
    let finish!: () => void;
    vi.spyOn(client, 'createSession').mockImplementationOnce((opponents, callType) => {
      const session = createSession(opponents, callType);
      session.start = () =>
        new Promise<void>((resolve) => {
          finish = resolve;
        });
      return session;
    });
    let resolved = false;
    let started!: Promise<string>;
    act(() => {
      started = result.current([BOB], 'video').then((id) => {
        resolved = true;
        return id;
      });
    });
    await act(async () => {
      await Promise.resolve();
      await Promise.resolve();
    });
    expect(resolved).toBe(false);
    await act(async () => {
      finish();
      await started;
    });
    expect(resolved).toBe(true);

    vi.spyOn(client, 'createSession').mockImplementationOnce((opponents, callType) => {
      const session = createSession(opponents, callType);
      session.start = () => Promise.reject(new MeshcallError('media-permission-denied', 'no camera'));
      return session;
    });
    await act(async () => {
      await expect(result.current([CAROL], 'video')).rejects.toMatchObject({ code: 'media-permission-denied' });
    });
    unmount();
  });
});

describe('results keep their identity while nothing they hold changed', () => {
  it('a re-render for something else hands back the same result objects', async () => {
    const client = new FakeClient();
    const session = client.createSession([BOB], 'video');
    await act(() => session.start());
    client.ring(CAROL);
    const { result, rerender, unmount } = renderHook(
      ({ tick }: { tick: number }) => ({
        tick,
        call: useCallSession(),
        incoming: useIncomingCall(),
        ended: useEndedCall(),
      }),
      { wrapper: wrap(client), initialProps: { tick: 0 } },
    );
    const before = result.current;
    rerender({ tick: 1 });
    expect(result.current.call).toBe(before.call);
    expect(result.current.incoming).toBe(before.incoming);
    expect(result.current.ended).toBe(before.ended);
    unmount();
  });
});
