/**
 * Per-session reads, the provider's context value, and the "nothing" answers of the participant hooks.
 */
import { act, render, renderHook } from '@testing-library/react';
import { memo, type ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { FakeClient, fakeTrack, ManualClock } from '../test-utils/fakeClient.js';
import { wrapperFor } from '../test-utils/wrapper.js';
import { CallProvider } from './context.js';
import { useCallStats } from './useCallStats.js';
import { useCallStore } from './useCallStore.js';
import { useCallErrors } from './useConnection.js';
import { useMediaDevices } from './useMediaDevices.js';
import { useIsSpeaking } from './useParticipants.js';
import { useLocalTracks, useRemoteTracks } from './useTracks.js';

const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';

/** The hook under test in `client`'s provider, on a manual clock (no real timers left behind). */
const wrap = (client: FakeClient, clock = new ManualClock()) => wrapperFor(client, false, { clock });

describe('track hooks read the session they are given', () => {
  it('useLocalTracks(id) and useRemoteTracks(id) show that session, not the active one', async () => {
    const client = new FakeClient();
    const active = client.createSession([BOB], 'video');
    await act(() => active.start());
    const other = client.ring(CAROL);
    const { result, unmount } = renderHook(
      () => ({ local: useLocalTracks(other.id), remote: useRemoteTracks(other.id), activeRemote: useRemoteTracks() }),
      { wrapper: wrap(client) },
    );
    const mic = fakeTrack('audio');
    act(() => other.setLocalTrack('audio', mic));
    let carolsAudio: MediaStreamTrack | undefined;
    act(() => {
      carolsAudio = other.addRemoteTrack(CAROL, 'audio');
    });
    expect(result.current.local.audio).toBe(mic);
    expect(result.current.remote.map((t) => [t.userId, t.kind, t.track])).toEqual([[CAROL, 'audio', carolsAudio]]);
    expect(result.current.activeRemote).toEqual([]);
    unmount();
  });
});

describe('useIsSpeaking', () => {
  it('is false when there is no session', () => {
    const client = new FakeClient();
    const { result, unmount } = renderHook(() => useIsSpeaking(BOB), { wrapper: wrap(client) });
    expect(result.current).toBe(false);
    unmount();
  });
});

const Consumer = memo(function Consumer({ count }: { count: () => void }) {
  const status = useCallStore((s) => s.status);
  count();
  return <span>{status}</span>;
});

function App({ client, count, tick }: { client: FakeClient; count: () => void; tick: number }) {
  return (
    <CallProvider client={client}>
      <i>{tick}</i>
      <Consumer count={count} />
    </CallProvider>
  );
}

describe('<CallProvider>', () => {
  it('re-rendering the provider with the same client re-renders no memoized consumer', () => {
    const client = new FakeClient();
    let renders = 0;
    const onRender = () => {
      renders += 1;
    };
    const { rerender, unmount } = render(<App client={client} count={onRender} tick={0} />);
    const before = renders;
    rerender(<App client={client} count={onRender} tick={1} />);
    rerender(<App client={client} count={onRender} tick={2} />);
    expect(renders).toBe(before);
    unmount();
  });
});

describe('useCallStats', () => {
  it('starts polling when the interval is given after mount', async () => {
    const clock = new ManualClock();
    const client = new FakeClient();
    const session = client.ring(BOB);
    const { rerender, unmount } = renderHook(({ interval }) => useCallStats(session.id, { interval }), {
      wrapper: wrap(client, clock),
      initialProps: { interval: 0 },
    });
    expect(session.calls).not.toContain('getStats');
    rerender({ interval: 500 });
    expect(session.calls).toContain('getStats');
    unmount();
    expect(clock.pending).toBe(0);
  });
});

describe('results keep their identity while nothing they hold changed', () => {
  it('useMediaDevices and useCallErrors hand back the same object on a re-render for something else', () => {
    const client = new FakeClient();
    const source = { list: async () => [], watch: () => () => {} };
    const { result, rerender, unmount } = renderHook(
      ({ tick }: { tick: number }) => ({ tick, devices: useMediaDevices(), errors: useCallErrors() }),
      {
        wrapper: ({ children }: { children: ReactNode }) => (
          <CallProvider client={client} options={{ clock: new ManualClock(), mediaDevices: source }}>
            {children}
          </CallProvider>
        ),
        initialProps: { tick: 0 },
      },
    );
    const before = result.current;
    rerender({ tick: 1 });
    expect(result.current.devices).toBe(before.devices);
    expect(result.current.errors).toBe(before.errors);
    unmount();
  });
});

describe('useCallErrors', () => {
  it('dismiss removes only the entry it is given', () => {
    const client = new FakeClient();
    const session = client.ring(BOB, 'video', [CAROL]);
    const { result, unmount } = renderHook(() => useCallErrors(), { wrapper: wrap(client) });
    act(() => {
      session.emitError('media-permission-denied');
      session.emitError('peer-connection-failed', CAROL);
    });
    expect(result.current.errors.map((e) => e.error.code)).toEqual([
      'media-permission-denied',
      'peer-connection-failed',
    ]);
    act(() => result.current.dismiss(result.current.errors[0]!.id));
    expect(result.current.errors.map((e) => e.error.code)).toEqual(['peer-connection-failed']);
    act(() => result.current.clear());
    expect(result.current.errors).toEqual([]);
    unmount();
  });
});
