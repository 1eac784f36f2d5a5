/**
 * Your own picture keeps its shape and size when the person you call answers: the "Calling…" screen's preview
 * (`.meshcall-video-call__preview`) follows the rules of the picture-in-picture it turns into
 * (`.meshcall-grid__pip`), as FaceTime, Meet and WhatsApp keep it. Its place may move with the control bar that
 * comes in (not asserted).
 */
import { CallProvider } from '@meshcall/hooks';
import { act, cleanup, render, within } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { FakeClient } from '../../../hooks/src/test-utils/fakeClient.js';
import '../styles.css';
import { VideoCall } from './VideoCall.js';

const BOB = 'bob@example.test';

afterEach(async () => {
  cleanup();
  await page.viewport(414, 896);
});

const box = (el: Element) => {
  const r = el.getBoundingClientRect();
  return { left: Math.round(r.left), top: Math.round(r.top), width: Math.round(r.width), height: Math.round(r.height) };
};

it.each([
  [390, 844],
  [768, 1024],
  [1280, 800],
  [1920, 1080],
])('your own picture keeps its shape and size when a 1:1 call connects, at %i×%i', async (width, height) => {
  await page.viewport(width, height);
  const client = new FakeClient('sam@example.test');
  const { container } = render(
    <div style={{ width: '100vw', height: '100vh' }}>
      <CallProvider client={client}>
        <VideoCall statsInterval={0} />
      </CallProvider>
    </div>,
  );
  const session = client.createSession([BOB], 'video');
  act(() => void session.start());
  const view = within(container);
  const ringing = box(await view.findByRole('group', { name: /\(you\)$/ }));
  act(() => {
    session.setState('active');
    session.setPeerState(BOB, 'connected');
  });
  await view.findByRole('timer');
  const inCall = box(view.getByRole('group', { name: /\(you\)$/ }));
  const portrait = (b: typeof ringing) => b.height > b.width;
  const resized = Math.max(Math.abs(inCall.width - ringing.width), Math.abs(inCall.height - ringing.height));
  // The place may change with the control bar that comes in (reported, not asserted); shape and size should not.
  expect(
    { sameOrientation: portrait(inCall) === portrait(ringing), sameSize: resized <= 8 },
    `ringing ${JSON.stringify(ringing)} → in the call ${JSON.stringify(inCall)}`,
  ).toEqual({ sameOrientation: true, sameSize: true });
});
