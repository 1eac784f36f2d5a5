/**
 * useStartCall with a real CallClient: a call that cannot go out leaves nothing behind (no session in the
 * client, nothing active in the store), so the app can simply try again.
 */
import {
  CallClient,
  type CallType,
  isMeshcallError,
  LocalMedia,
  MemoryNetwork,
  type StartOptions,
  type UserInfo,
} from '@meshcall/core';
import { FakeRTCPeerConnection, FakeSessionMedia, ManualClock } from '@meshcall/core/testing';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, expect, it } from 'vitest';
import { CallProvider } from './context.js';
import { useStartCall } from './useCallSession.js';
import { useCallStore } from './useCallStore.js';

const original = globalThis.RTCPeerConnection;
afterEach(() => {
  globalThis.RTCPeerConnection = original;
});

it('a call refused for its userInfo or its media leaves no session behind, and the next one goes out', async () => {
  globalThis.RTCPeerConnection = FakeRTCPeerConnection as unknown as typeof RTCPeerConnection;
  const clock = new ManualClock();
  const network = new MemoryNetwork({ clock });
  const alice = new CallClient({
    transport: network.createTransport('alice@example.test'),
    clock,
    createMedia: ({ callType }) => new FakeSessionMedia(callType === 'video'),
  });
  network.createTransport('bob@example.test');
  const wrapper = ({ children }: { children: ReactNode }) => <CallProvider client={alice}>{children}</CallProvider>;
  const { result } = renderHook(() => ({ start: useStartCall(), active: useCallStore((s) => s.activeSessionId) }), {
    wrapper,
  });
  // A name pasted with a line break, a number from untyped JavaScript, and a lobby's video preview handed to an
  // audio call (usePreviewMedia opens a video preview by default).
  const refused: [UserInfo, StartOptions, CallType][] = [
    [{ name: 'Alice\r\nSmith' }, {}, 'video'],
    [{ id: 42 } as unknown as UserInfo, {}, 'video'],
    [{}, { media: new LocalMedia({ callType: 'video' }) }, 'audio'],
  ];
  for (const [userInfo, options, callType] of refused) {
    await act(async () => {
      const error = await result.current
        .start(['bob@example.test'], callType, userInfo, options)
        .catch((e: unknown) => e);
      expect(isMeshcallError(error, 'invalid-argument')).toBe(true);
    });
    expect(alice.sessions.size).toBe(0);
    expect(result.current.active).toBeNull();
  }
  let id = '';
  await act(async () => {
    id = await result.current.start(['bob@example.test'], 'video', { name: 'Alice Smith' });
  });
  expect(result.current.active).toBe(id);
  expect(alice.sessions.get(id)?.state).toBe('pending');
  await alice.destroy();
});
