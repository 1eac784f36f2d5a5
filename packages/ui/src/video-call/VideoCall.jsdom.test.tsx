// @vitest-environment jsdom
/**
 * `<VideoCall>` in jsdom, with the real engine and core's fakes, as an app's own unit tests would render it
 * (see "Testing your app" in packages/core/README.md): jsdom has no WebRTC and no `MediaStream`, and the
 * components must still render and let a test click through a call.
 */
import { CallClient, MemoryNetwork } from '@meshcall/core';
import { FakeRTCPeerConnection, FakeSessionMedia, fakeConnections } from '@meshcall/core/testing';
import { CallProvider } from '@meshcall/hooks';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { VideoCall } from './VideoCall.js';

const original = globalThis.RTCPeerConnection;
beforeEach(() => {
  globalThis.RTCPeerConnection = FakeRTCPeerConnection as unknown as typeof RTCPeerConnection;
  fakeConnections.length = 0;
});
afterEach(() => {
  cleanup();
  globalThis.RTCPeerConnection = original;
});

it('renders a whole call in jsdom with the fakes: ringing, accepted, live with tiles, ended', async () => {
  const network = new MemoryNetwork();
  const createMedia = ({ callType }: { callType: 'audio' | 'video' }) => new FakeSessionMedia(callType === 'video');
  const alice = new CallClient({ transport: network.createTransport('alice@example.test'), createMedia });
  const bob = new CallClient({ transport: network.createTransport('bob@example.test'), createMedia });
  render(
    <CallProvider client={bob}>
      <VideoCall statsInterval={0} />
    </CallProvider>,
  );
  const call = alice.createSession(['bob@example.test'], 'video');
  await act(() => call.start());
  const dialog = await screen.findByRole('alertdialog', { name: 'Alice is calling' });
  await act(async () => within(dialog).getByRole('button', { name: 'Accept' }).click());
  await act(async () => {
    for (const connection of fakeConnections) connection.simulate('connected');
  });
  expect(await screen.findByRole('group', { name: 'Alice' })).toBeTruthy();
  expect(screen.getByRole('group', { name: 'Bob (you)' })).toBeTruthy();
  await act(async () => call.hangUp());
  expect(await screen.findByText('Everyone else left the call.')).toBeTruthy();
  await alice.destroy();
  await bob.destroy();
});
