/** The call timer: when it starts, how it turns over, when it stops. */
import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeClient, ManualClock } from '../test-utils/fakeClient.js';
import { wrapperFor } from '../test-utils/wrapper.js';
import { useCallDuration } from './useCallDuration.js';

const BOB = 'bob@example.test';

/** An outgoing call to Bob, dialing, with the hook watching it (or, with `given`, its id) on a manual clock. */
async function dialing(given = false) {
  const clock = new ManualClock();
  const client = new FakeClient();
  const session = client.createSession([BOB], 'video');
  await act(() => session.start());
  let renders = 0;
  const hook = renderHook(
    () => {
      renders += 1;
      return useCallDuration(given ? session.id : undefined);
    },
    { wrapper: wrapperFor(client, false, { clock }) },
  );
  /** The call goes active `ago` ms before the clock's now. */
  const answer = (ago = 0) =>
    act(() => {
      session.activeSince = clock.now() - ago;
      session.setState('active');
    });
  const advance = (ms: number) => act(() => clock.advance(ms));
  return { clock, client, session, hook, answer, advance, renders: () => renders };
}

describe('useCallDuration', () => {
  it('is null until the call is active, then counts from that moment, turning over on each second', async () => {
    const { hook, answer, advance } = await dialing();
    expect(hook.result.current).toBeNull();
    await advance(5000);
    expect(hook.result.current).toBeNull();
    await answer();
    await advance(0);
    expect(hook.result.current).toBe(0);
    await advance(999);
    expect(hook.result.current).toBe(0);
    await advance(1);
    expect(hook.result.current).toBe(1000);
    await advance(61_000);
    expect(hook.result.current).toBe(62_000);
    hook.unmount();
  });

  it('shown mid-call, it turns over when the call time does, not a second after the mount', async () => {
    const { hook, answer, advance } = await dialing();
    await answer(1400);
    await advance(0);
    expect(hook.result.current).toBe(1400);
    await advance(599);
    expect(hook.result.current).toBe(1400);
    await advance(1);
    expect(hook.result.current).toBe(2000);
    hook.unmount();
  });

  it('re-renders once a second, not more', async () => {
    const { hook, answer, advance, renders } = await dialing();
    await answer();
    await advance(0);
    const before = renders();
    for (let i = 0; i < 10; i += 1) await advance(1000);
    expect(renders() - before).toBe(10);
    hook.unmount();
  });

  it('stops when the call hangs up: the last figure stays and no timer is left', async () => {
    const { hook, session, answer, advance, clock } = await dialing();
    await answer();
    await advance(3000);
    expect(hook.result.current).toBe(3000);
    await act(() => session.setState('closing'));
    await advance(10_000);
    expect(hook.result.current).toBe(3000);
    expect(clock.pending).toBe(0);
    hook.unmount();
  });

  it('reads the session it is given, and leaves no timer after unmount', async () => {
    const clock = new ManualClock();
    const client = new FakeClient();
    const ringing = client.ring(BOB);
    const hook = renderHook(() => useCallDuration(ringing.id), { wrapper: wrapperFor(client, false, { clock }) });
    expect(hook.result.current).toBeNull();
    await act(() => {
      ringing.activeSince = clock.now();
      ringing.setState('active');
    });
    await act(() => clock.advance(2500));
    expect(hook.result.current).toBe(2000);
    hook.unmount();
    expect(clock.pending).toBe(0);
    expect(renderHook(() => useCallDuration('nope'), { wrapper: wrapperFor(client) }).result.current).toBeNull();
  });

  it("once the call is over, it is the call's whole length while the store keeps it, then null", async () => {
    for (const given of [false, true]) {
      const { hook, session, answer, advance } = await dialing(given);
      await answer();
      await advance(3_400);
      await act(() => session.hangUp());
      expect(hook.result.current).toBe(3_400);
      await advance(4_000);
      expect(hook.result.current).toBe(3_400);
      await advance(1_000); // the store's 5 s retention of the ended call
      expect(hook.result.current).toBeNull();
      hook.unmount();
    }
  });
});
