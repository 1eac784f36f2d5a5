/**
 * Your own picture keeps its place, shape and size when the person you call answers: the "Calling…" screen's preview
 * (`.meshcall-video-call__preview`) follows the rules of the picture-in-picture it turns into
 * (`.meshcall-grid__pip`) on a box where the stage will be, as FaceTime, Meet and WhatsApp keep it where it is.
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
  // Near square: the call area is portrait, the stage (less header and control bar) landscape.
  [800, 900],
  [700, 760],
  [1024, 1100],
])('your own picture keeps its place, shape and size when a 1:1 call connects, at %i×%i', async (width, height) => {
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
  const moved = Math.max(Math.abs(inCall.left - ringing.left), Math.abs(inCall.top - ringing.top));
  expect(
    { sameOrientation: portrait(inCall) === portrait(ringing), sameSize: resized <= 8, samePlace: moved <= 12 },
    `ringing ${JSON.stringify(ringing)} → in the call ${JSON.stringify(inCall)}`,
  ).toEqual({ sameOrientation: true, sameSize: true, samePlace: true });
});
