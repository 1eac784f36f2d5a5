/**
 * The session hooks' contracts: which session a command or read goes to, what it passes on, and what it waits
 * for.
 */
import { MeshcallError } from '@meshcall/core';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { createCallStore } from '../store/createCallStore.js';
import { FakeClient, ManualClock } from '../test-utils/fakeClient.js';
import { wrapperFor } from '../test-utils/wrapper.js';
import { CallProvider } from './context.js';
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

describe('answering a call that rings during another one (busyPolicy "ring")', () => {
  /** Bob's call, live, while Carol's rings; the hooks read both. */
  async function carolRingsDuringBobsCall() {
    const client = new FakeClient();
    const bobs = client.ring(BOB);
    await act(() => bobs.accept());
    act(() => bobs.setState('active'));
    const { result, unmount } = renderHook(() => useIncomingCall(), { wrapper: wrap(client) });
    expect(result.current.endsCurrentCall).toBe(false);
    let carols = null as unknown as ReturnType<FakeClient['ring']>;
    act(() => {
      carols = client.ring(CAROL);
    });
    return { client, bobs, carols, result, unmount };
  }

  it('useIncomingCall says it ends the current call, holds it at once, and hangs it up once the new one is answered', async () => {
    const { bobs, carols, result, unmount } = await carolRingsDuringBobsCall();
    expect(result.current.endsCurrentCall).toBe(true);
    let answered: (() => void) | undefined;
    vi.spyOn(carols, 'accept').mockImplementation(
      () =>
        new Promise<void>((resolve) => {
          answered = () => {
            carols.setState('connecting');
            resolve();
          };
        }),
    );
    let accepting: Promise<void> | undefined;
    act(() => {
      accepting = result.current.accept({ name: 'Alice' });
    });
    // The camera prompt is open: Bob's call hears nothing more of the user, and still goes on.
    expect(bobs.calls.slice(1)).toEqual(['setAudioMuted:true', 'setVideoMuted:true']);
    expect(bobs.state).toBe('active');
    await act(async () => {
      answered?.();
      await accepting;
    });
    expect(bobs.calls.at(-1)).toBe('hangUp');
    expect(bobs.state).toBe('closed');
    unmount();
  });

  it('a new call that could not be answered leaves the current one going, off hold', async () => {
    const { bobs, carols, result, unmount } = await carolRingsDuringBobsCall();
    vi.spyOn(carols, 'accept').mockRejectedValue(new MeshcallError('media-permission-denied', 'no camera'));
    await act(() => expect(result.current.accept()).rejects.toThrow('no camera'));
    expect(bobs.calls.slice(1)).toEqual([
      'setAudioMuted:true',
      'setVideoMuted:true',
      'setAudioMuted:false',
      'setVideoMuted:false',
    ]);
    expect(bobs.state).toBe('active');
    unmount();
  });
});

describe("answers that overlap: Carol answered, then Dave while her answer is pending, during Bob's call", () => {
  /** Bob's call live; Carol's and Dave's ring; each answer waits on a promise the test settles. */
  async function twoAnswersPending() {
    const client = new FakeClient();
    const bobs = client.ring(BOB);
    await act(() => bobs.accept());
    act(() => bobs.setState('active'));
    const { result, unmount } = renderHook(() => useIncomingCall(), { wrapper: wrap(client) });
    const settle = (session: ReturnType<FakeClient['ring']>) => {
      const answer = { resolve: () => {}, reject: (_: Error) => {} };
      // As the engine's: connecting at once (the camera prompt open), settled later.
      vi.spyOn(session, 'accept').mockImplementation(() => {
        session.setState('connecting');
        return new Promise<void>((resolve, reject) => {
          answer.resolve = resolve;
          answer.reject = reject;
        });
      });
      return answer;
    };
    let carols = null as unknown as ReturnType<FakeClient['ring']>;
    let daves = null as unknown as ReturnType<FakeClient['ring']>;
    act(() => {
      carols = client.ring(CAROL);
      daves = client.ring('dave@example.test');
    });
    const toCarol = settle(carols);
    const toDave = settle(daves);
    let carolAnswered!: Promise<unknown>;
    act(() => {
      carolAnswered = result.current.accept().catch((error: unknown) => error);
    });
    let daveAnswered!: Promise<unknown>;
    act(() => {
      daveAnswered = result.current.accept().catch((error: unknown) => error);
    });
    expect(bobs.localMedia.audioMuted).toBe(true); // on hold
    return { bobs, toCarol, toDave, carolAnswered, daveAnswered, unmount };
  }

  it("Dave's answer going through ends Bob's call, even if Carol's answer then fails", async () => {
    const { bobs, toCarol, toDave, carolAnswered, daveAnswered, unmount } = await twoAnswersPending();
    await act(async () => {
      toDave.resolve();
      await daveAnswered;
    });
    expect(bobs.state).toBe('closed');
    await act(async () => {
      toCarol.reject(new MeshcallError('media-permission-denied', 'no camera'));
      await carolAnswered;
    });
    expect(bobs.calls.filter((call) => call === 'setAudioMuted:false')).toEqual([]);
    unmount();
  });

  it("Carol's answer failing leaves Bob's call on hold for Dave's to decide: answered, it ends; failed, it is back", async () => {
    for (const daveAnswers of [true, false]) {
      const { bobs, toCarol, toDave, carolAnswered, daveAnswered, unmount } = await twoAnswersPending();
      await act(async () => {
        toCarol.reject(new MeshcallError('media-permission-denied', 'no camera'));
        await carolAnswered;
      });
      expect([bobs.state, bobs.localMedia.audioMuted]).toEqual(['active', true]);
      await act(async () => {
        if (daveAnswers) toDave.resolve();
        else toDave.reject(new MeshcallError('media-permission-denied', 'no camera'));
        await daveAnswered;
      });
      expect([bobs.state, bobs.localMedia.audioMuted]).toEqual(daveAnswers ? ['closed', true] : ['active', false]);
      unmount();
    }
  });
});

describe('useEndedCall', () => {
  it('keeps the ended call shown while a call that rang over it is declined (no news of its own)', async () => {
    const client = new FakeClient();
    const { result, unmount } = renderHook(() => ({ ended: useEndedCall(), incoming: useIncomingCall() }), {
      wrapper: wrap(client),
    });
    let bobs = null as unknown as ReturnType<FakeClient['ring']>;
    act(() => {
      bobs = client.ring(BOB);
    });
    await act(() => result.current.incoming.accept());
    act(() => bobs.setState('active'));
    act(() => bobs.close('remoteEnded'));
    expect(result.current.ended.ended?.session.initiator).toBe(BOB);
    act(() => {
      client.ring(CAROL);
    });
    act(() => result.current.incoming.reject());
    expect(result.current.ended.ended?.session.initiator).toBe(BOB);
    // Dismissed, it goes; the declined call is no news to show instead.
    act(() => result.current.ended.dismiss());
    expect(result.current.ended.ended).toBeNull();
    unmount();
  });

  it('keeps it for a component mounted afresh under the same store (the store holds it, not the component)', async () => {
    const client = new FakeClient();
    const store = createCallStore(client, { clock: new ManualClock() });
    const wrapper = ({ children }: { children: ReactNode }) => <CallProvider store={store}>{children}</CallProvider>;
    const bobs = client.ring(BOB);
    await act(() => bobs.accept());
    act(() => bobs.setState('active'));
    act(() => bobs.close('remoteEnded'));
    act(() => client.ring(CAROL).reject());
    const first = renderHook(() => useEndedCall(), { wrapper });
    expect(first.result.current.ended?.session.initiator).toBe(BOB);
    first.unmount();
    const again = renderHook(() => useEndedCall(), { wrapper });
    expect(again.result.current.ended?.session.initiator).toBe(BOB);
    again.unmount();
    store.destroy();
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
