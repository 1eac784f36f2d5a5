/**
 * Who takes the stage when several people share a screen: the one who started last, whatever the participants'
 * order in the call.
 */
import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeClient } from '../test-utils/fakeClient.js';
import { wrapperFor } from '../test-utils/wrapper.js';
import { usePresenter } from './useParticipants.js';

const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';
const DAN = 'dan@example.test';
const sharing = (screenSharing: boolean) => ({ audioMuted: false, videoMuted: false, screenSharing });

/** A ringing group call with `order` as its participants, and its `usePresenter`. */
function callWith(order: readonly [string, string, string]) {
  const client = new FakeClient();
  const session = client.ring(order[0], 'video', [order[1], order[2]]);
  const hook = renderHook(() => usePresenter(session.id), { wrapper: wrapperFor(client) });
  return { session, hook };
}

describe('usePresenter with two people sharing', () => {
  it.each([
    [BOB, CAROL, DAN],
    [BOB, DAN, CAROL],
  ] as const)('the newest sharer takes the stage, whatever the call order (%s, %s, %s)', (...order) => {
    const { session, hook } = callWith(order);
    act(() => session.setRemoteMedia(DAN, sharing(true)));
    expect(hook.result.current).toBe(DAN);
    act(() => session.setRemoteMedia(CAROL, sharing(true)));
    expect(hook.result.current).toBe(CAROL);
    hook.unmount();
  });

  it('the presenter keeps the stage until someone else starts; when they stop, the one before takes it back', () => {
    const { session, hook } = callWith([BOB, CAROL, DAN]);
    act(() => session.setRemoteMedia(CAROL, sharing(true)));
    act(() => session.setRemoteMedia(BOB, sharing(true)));
    act(() => session.setRemoteMedia(DAN, sharing(true)));
    expect(hook.result.current).toBe(DAN);
    // Others changing something else (a microphone) do not move the stage.
    act(() => session.setRemoteMedia(BOB, { ...sharing(true), audioMuted: true }));
    expect(hook.result.current).toBe(DAN);
    act(() => session.setRemoteMedia(DAN, sharing(false)));
    expect(hook.result.current).toBe(BOB); // the one who started before Dan, not the first in the call
    act(() => session.setPeerState(BOB, 'hungUp')); // gone while presenting
    expect(hook.result.current).toBe(CAROL);
    act(() => session.setRemoteMedia(CAROL, sharing(false)));
    expect(hook.result.current).toBeNull();
    hook.unmount();
  });
});
